// Package loopback tells whether a host names this machine, for the
// servers moot runs on it (moot judge, moot serve-sim): each refuses to
// listen on another address unless told, and on loopback answers only
// requests addressed to a loopback host, so that a page on another site
// whose name is pointed at 127.0.0.1 (DNS rebinding) gets nothing.
package loopback
