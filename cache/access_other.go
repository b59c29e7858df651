//go:build !unix

package cache

// mayNotWrite is false where access(2) is not there: Open tries to write,
// and falls back to reading alone as SQLite answers.
func mayNotWrite(string) bool { return false }
