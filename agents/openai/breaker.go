package openai

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"syscall"
	"time"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/agents"
)

// The breaker's thresholds: an endpoint opens after breakerFailures
// connection failures in a row that span at least breakerSpan — so that a
// blip while a server restarts, which fails every call in flight at once,
// does not open it — and while open lets one call through every
// probeEvery to see whether it is back.
const (
	breakerFailures = 5
	breakerSpan     = 2 * time.Second
	probeEvery      = 5 * time.Second
)

// breaker is the circuit breaker of one base URL, shared by every agent
// that calls it. It counts attempts that failed to connect (refused, DNS,
// TLS, a time-out while connecting), got no answer within the agent's
// timeout (a server that takes connections and never answers) or had
// their connection closed with no answer (a tunnel, port-forward or load
// balancer whose server behind it died: it takes the connection and drops
// it); any answer from the server, even an error status, closes it. It is
// safe for concurrent use.
type breaker struct {
	url string
	now func() time.Time

	mu        sync.Mutex
	failures  int       // connection failures in a row
	first     time.Time // when the first of them happened
	lastAt    time.Time // and the last
	last      error     // the last of them
	open      bool
	nextProbe time.Time
	// why says why it opened, as it stood then: every error of the open
	// breaker says the same, however late it is asked and however many
	// probes or calls in flight failed since.
	why string
}

// allow returns nil when a call may go to the endpoint — the breaker is
// closed, or this call is the probe of an open one — and otherwise the
// error that fails it fast.
func (b *breaker) allow() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return nil
	}
	if now := b.now(); !now.Before(b.nextProbe) {
		b.nextProbe = now.Add(probeEvery)
		return nil
	}
	return b.downError()
}

// down returns the error of an open breaker, nil while it is closed.
func (b *breaker) down() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return nil
	}
	return b.downError()
}

// downError says why the endpoint is down: the failures in a row and the
// time from the first to the last when it opened.
func (b *breaker) downError() error { return &downError{b.why} }

// downError is the error of a call failed fast by an open breaker.
type downError struct{ msg string }

func (e *downError) Error() string { return e.msg }
func (e *downError) Unwrap() error { return agents.ErrEndpointDown }

// record counts the outcome of one attempt. An attempt cut short by its
// caller's context says nothing about the endpoint and is not recorded.
func (b *breaker) record(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil || !(connectionFailure(err) || dropped(err) || errors.Is(err, context.DeadlineExceeded)) {
		b.failures, b.open, b.last = 0, false, nil
		return
	}
	now := b.now()
	if b.failures == 0 {
		b.first = now
	}
	b.failures++
	b.last, b.lastAt = err, now
	if !b.open && b.failures >= breakerFailures && now.Sub(b.first) >= breakerSpan {
		b.open = true
		b.nextProbe = now.Add(probeEvery)
		b.why = fmt.Sprintf("openai: %s is down: %d attempts in a row (retries included) could not connect, had the connection dropped or got no answer in time, over %s; the last: %v",
			b.url, b.failures, b.lastAt.Sub(b.first).Round(100*time.Millisecond), b.last)
	}
}

// trip opens the breaker at once, for why: the endpoint answered that it
// will take no call until something outside moot changes (an account
// out of quota). A probe still goes every probeEvery, and an answer
// closes it again.
func (b *breaker) trip(why string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		b.open, b.why = true, why
	}
	b.nextProbe = b.now().Add(probeEvery)
}

// timedOut is err, an attempt's outcome as the breaker records it, with
// the agent's timeout named where the attempt got no answer within it: a
// server that answers every call, only later (a reasoning model that
// thinks at length), opens the breaker as a server that never answers
// does, and the run that stops for it says to run again once the server
// answers, which it does: only a longer timeout mends it. Before, the
// breaker said "the last: context deadline exceeded". A connection not
// made in time is left as it is.
func timedOut(err error, timeout time.Duration) error {
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || connectionFailure(err) {
		return err
	}
	return fmt.Errorf("no answer within the agent's timeout of %s (a server that is only slow needs a longer timeout): %w", timeout, err)
}

// quotaExhausted says whether err is the answer of an account out of
// credit (OpenAI's HTTP 429 with code or type insufficient_quota), which
// no wait mends, unlike a 429 of a rate limit.
func quotaExhausted(err error) bool {
	var apiErr *sdk.Error
	return errors.As(err, &apiErr) && apiErr.StatusCode == 429 && (apiErr.Code == "insufficient_quota" || apiErr.Type == "insufficient_quota")
}

// reset closes the breaker: a preflight check reached the endpoint.
func (b *breaker) reset() { b.record(nil) }

// dropped says whether err is an attempt the HTTP client ended with no
// answer: the connection closed before any answer came (EOF, a reset, a
// broken pipe where it closed while the request was written, a kept-alive
// connection the server closed as it was reused), a response that was no
// HTTP, as the client reports them all (a *url.Error); not an HTTP answer
// of any status, nor one whose body moot could not read (notJSON, a
// malformed completion), which the server did send.
func dropped(err error) bool {
	var apiErr *sdk.Error
	var page *notJSON
	var transport *url.Error
	if errors.As(err, &apiErr) || errors.As(err, &page) {
		return false
	}
	return errors.As(err, &transport) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// connectionFailure says whether err means that the endpoint could not be
// reached at all: refused, no such host, a TLS handshake that failed, or a
// time-out while connecting. An answer of any status, a dropped
// connection or a slow answer is not one.
func connectionFailure(err error) bool {
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		return false
	}
	var op *net.OpError
	var dns *net.DNSError
	var verify *tls.CertificateVerificationError
	var header tls.RecordHeaderError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &op) && op.Op == "dial",
		errors.As(err, &dns),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.As(err, &verify), errors.As(err, &header),
		errors.As(err, &authority), errors.As(err, &host), errors.As(err, &invalid):
		return true
	}
	return false
}
