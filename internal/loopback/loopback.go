package loopback

import (
	"net"
	"net/http"
	"strings"
)

// Host says whether host, a host name or IP address with or without a
// port (a request's Host, a listen address's host), names this machine:
// localhost (in any case: a client may send the name as its user wrote
// it) or a loopback IP address.
func Host(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Only passes to next the requests addressed to a loopback host (Host)
// and answers the others 403 with refusal.
func Only(next http.Handler, refusal string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !Host(r.Host) {
			http.Error(w, refusal, http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}
