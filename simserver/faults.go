package simserver

import (
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// Faults are the failures a Server injects into chat completions. The rates
// are shares of requests; each request draws at most one fault, so the
// rates may add up to at most 1. The zero value injects nothing.
type Faults struct {
	// Latency is added to every chat completion response.
	Latency time.Duration
	// PerToken is added to an answer for each of its completion tokens,
	// once it is played: a server's decoding time, so that a debater's
	// speech takes longer than a judge's verdict, as it does on a real
	// server.
	PerToken time.Duration
	// RateLimit is the share of requests answered 429.
	RateLimit float64
	// RetryAfter is the wait a 429 asks for: sent as Retry-After-Ms
	// (milliseconds) and Retry-After (whole seconds, rounded up).
	RetryAfter time.Duration
	// ServerError is the share of requests answered 500.
	ServerError float64
	// Unavailable is the share of requests answered 503.
	Unavailable float64
	// Drop is the share of requests whose connection is closed without an
	// answer.
	Drop float64
	// Slow is the share of requests whose body trickles out in pieces over
	// SlowFor.
	Slow    float64
	SlowFor time.Duration
	// Malformed is the share of requests answered 200 with a body that is
	// not valid JSON: the answer cut in half. A request that fails anyway
	// (a bad body, an unknown model) keeps its error.
	Malformed float64
	// Seed seeds the draws of faults.
	Seed uint64
}

// ErrFaults is wrapped by every error of Faults.Validate.
var ErrFaults = errors.New("bad faults")

// Validate reports a rate outside [0, 1], rates that add up to more than 1,
// or a negative duration.
func (f Faults) Validate() error {
	sum := 0.0
	for _, r := range f.rates() {
		if !(r.rate >= 0 && r.rate <= 1) { // also catches NaN
			return fmt.Errorf("%w: %s rate %g: must be in [0, 1]", ErrFaults, r.kind, r.rate)
		}
		sum += r.rate
	}
	if sum > 1+1e-9 {
		return fmt.Errorf("%w: the fault rates add up to %g; each request draws at most one fault, so they must add up to at most 1", ErrFaults, sum)
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"latency", f.Latency}, {"latency-per-token", f.PerToken}, {"retry-after", f.RetryAfter}, {"slow-for", f.SlowFor}} {
		if d.d < 0 {
			return fmt.Errorf("%w: %s %v: must not be negative", ErrFaults, d.name, d.d)
		}
	}
	return nil
}

// fault is the fault one request drew.
type fault int

const (
	faultNone fault = iota
	faultRateLimit
	faultServerError
	faultUnavailable
	faultDrop
	faultSlow
	faultMalformed
	faultKinds // the number of faults, faultNone included
)

func (f fault) String() string {
	switch f {
	case faultRateLimit:
		return "rate-limit"
	case faultServerError:
		return "server-error"
	case faultUnavailable:
		return "unavailable"
	case faultDrop:
		return "drop"
	case faultSlow:
		return "slow"
	case faultMalformed:
		return "malformed"
	}
	return "none"
}

type faultRate struct {
	kind fault
	rate float64
}

func (f Faults) rates() []faultRate {
	return []faultRate{
		{faultRateLimit, f.RateLimit}, {faultServerError, f.ServerError}, {faultUnavailable, f.Unavailable},
		{faultDrop, f.Drop}, {faultSlow, f.Slow}, {faultMalformed, f.Malformed},
	}
}

// pick maps a uniform draw u in [0, 1) to a fault: the rates are laid end to
// end, so each fault is drawn with its rate and no request draws two.
func (f Faults) pick(u float64) fault {
	end := 0.0
	for _, r := range f.rates() {
		end += r.rate
		if u < end {
			return r.kind
		}
	}
	return faultNone
}

// retryAfterSeconds is RetryAfter in whole seconds, rounded up.
func (f Faults) retryAfterSeconds() int64 {
	return int64((f.RetryAfter + time.Second - 1) / time.Second)
}

// Stats counts what a Server did with chat completion requests; the models
// endpoints are not counted.
type Stats struct {
	// Requests is every chat completion request received.
	Requests int64
	// Answers were answered 200 with a well-formed completion (slow ones
	// included).
	Answers int64
	// Rejected were answered 4xx: bad requests, unknown models, missing or
	// wrong API keys.
	Rejected int64
	// The faults injected, by kind.
	RateLimited  int64
	ServerErrors int64
	Unavailable  int64
	Dropped      int64
	Slow         int64
	Malformed    int64
	// Batches counts the batches created; BatchAnswers their requests
	// answered, BatchFailed those that drew a failure, BatchExpired those
	// left undone by an expired batch.
	Batches      int64
	BatchAnswers int64
	BatchFailed  int64
	BatchExpired int64
}

// LogValue logs the counts as one group.
func (s Stats) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int64("requests", s.Requests), slog.Int64("answers", s.Answers), slog.Int64("rejected", s.Rejected),
		slog.Int64("rate_limited", s.RateLimited), slog.Int64("server_errors", s.ServerErrors),
		slog.Int64("unavailable", s.Unavailable), slog.Int64("dropped", s.Dropped),
		slog.Int64("slow", s.Slow), slog.Int64("malformed", s.Malformed),
		slog.Int64("batches", s.Batches), slog.Int64("batch_answers", s.BatchAnswers),
		slog.Int64("batch_failed", s.BatchFailed), slog.Int64("batch_expired", s.BatchExpired),
	)
}

// counters are Stats, updated concurrently.
type counters struct {
	requests, answers, rejected atomic.Int64
	// faults counts the requests that drew each fault (faultNone unused).
	faults [faultKinds]atomic.Int64

	batches, batchAnswers, batchFailed, batchExpired atomic.Int64
}

func (c *counters) fault(f fault) {
	if f != faultNone {
		c.faults[f].Add(1)
	}
}

func (c *counters) snapshot() Stats {
	return Stats{
		Requests: c.requests.Load(), Answers: c.answers.Load(), Rejected: c.rejected.Load(),
		RateLimited: c.faults[faultRateLimit].Load(), ServerErrors: c.faults[faultServerError].Load(),
		Unavailable: c.faults[faultUnavailable].Load(), Dropped: c.faults[faultDrop].Load(),
		Slow: c.faults[faultSlow].Load(), Malformed: c.faults[faultMalformed].Load(),
		Batches: c.batches.Load(), BatchAnswers: c.batchAnswers.Load(),
		BatchFailed: c.batchFailed.Load(), BatchExpired: c.batchExpired.Load(),
	}
}
