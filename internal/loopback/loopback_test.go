package loopback

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHost(t *testing.T) {
	for _, tt := range []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.0.0.1:8090", true},
		{"127.1.2.3:8090", true},
		{"localhost", true},
		{"localhost:8090", true},
		{"LocalHost:8090", true}, // a host name's case is no part of it (RFC 3986)
		{"[::1]:8090", true},
		{"::1", true},
		{"", false},
		{"evil.example:8090", false},
		{"localhost.evil.example", false},
		{"192.168.1.5:8090", false},
		{"0.0.0.0:8090", false},
		{"[::]:8090", false},
	} {
		if got := Host(tt.host); got != tt.want {
			t.Errorf("Host(%q): got %v; want %v", tt.host, got, tt.want)
		}
	}
}

func TestOnly(t *testing.T) {
	h := Only(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) }), "loopback only")
	for _, tt := range []struct {
		host string
		code int
		body string
	}{
		{"127.0.0.1:8089", http.StatusOK, "ok"},
		{"rebind.example:8089", http.StatusForbidden, "loopback only\n"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = tt.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.code || w.Body.String() != tt.body {
			t.Errorf("Host %s: got %d %q; want %d %q", tt.host, w.Code, w.Body.String(), tt.code, tt.body)
		}
	}
}
