package humanjudge

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeCutsOffAStalledRequest: a request whose body stopped arriving
// does not turn a stop into a failure; it is cut off once the wait for
// it is over, and the stop said.
func TestServeCutsOffAStalledRequest(t *testing.T) {
	var logged []string
	srv, err := Open(Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t),
		Logf: func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.stopWait = 100 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()

	stalled, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	// The request asks to be told to go on (100-continue), which the
	// server says as its handler starts reading the body: then the
	// request is under way, and its body stops after one byte.
	fmt.Fprintf(stalled, "POST /api/verdict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-CSRF-Token: %s\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n", srv.csrf)
	stalled.SetReadDeadline(time.Now().Add(5 * time.Second))
	if line, err := bufio.NewReader(stalled).ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("the server's word to go on: %q, %v; want 100 Continue", line, err)
	}
	fmt.Fprint(stalled, "{")
	// Another request is answered meanwhile.
	resp, err := http.Get("http://" + ln.Addr().String() + "/api/state")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve with a stalled request at the stop: %v; want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return 5 s after the stop")
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "cut off") {
		t.Errorf("logged %q; want the stalled request's cut-off said", logged)
	}
	// A handler that Close did not wait for, reaching its verdict now,
	// comes after the caller's final summary: it is refused, not kept.
	if _, err := srv.decide(verdictIn{Position: 1, Key: srv.pageKey(srv.queue[0].ID), Answer: "A", Confidence: 70}); !errors.Is(err, errStopped) || len(srv.Records()) != 0 {
		t.Errorf("a verdict after the stop: %v, %d records; want errStopped and none", err, len(srv.Records()))
	}
}
