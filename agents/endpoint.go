package agents

import (
	"context"
	"errors"
)

// Endpoint is where a network agent's calls go.
type Endpoint struct {
	// URL is the endpoint's base URL.
	URL string
	// Model is the model the agent asks for.
	Model string
	// KeyEnv names the environment variable that holds the key, "" for
	// none. It is part of an endpoint's identity: one URL and model with
	// two keys is checked twice.
	KeyEnv string
	// Limit is the most calls in flight to URL, shared by every agent
	// that uses it.
	Limit int
}

// Replicated is a Remote agent that spreads its calls over several
// endpoints (replicas of one model), each with its own URL and limit:
// what counts a URL's calls counts these, not the Endpoint that names
// them all.
type Replicated interface {
	Replicas() []Endpoint
}

// Remote is an agent that answers from a network endpoint. Endpoint may
// be called concurrently.
type Remote interface {
	Endpoint() Endpoint
}

// Checker is an agent that can check its endpoint before a run: that it
// is reachable, accepts the key and serves the model. Check makes few
// calls, honours ctx, and returns an error that says which of these
// failed; it may be called concurrently.
type Checker interface {
	Check(ctx context.Context) error
}

// Unready is an agent that cannot call until its environment is set up:
// an API key variable that is not set. Unready returns why, nil when it
// can call. A run refuses to start with such an agent in play; commands
// that call nothing (plan, validate) work without it.
type Unready interface {
	Unready() error
}

// Breaker is an agent that stops calling an endpoint that keeps failing
// to connect. Down returns nil while calls go through, else why they fail
// fast (wrapping ErrEndpointDown). It may be called concurrently.
type Breaker interface {
	Down() error
}

// ErrEndpointDown is wrapped by the error of a call that failed fast
// because its endpoint kept failing to connect.
var ErrEndpointDown = errors.New("endpoint down")

// AskMerger is an agent that sends asks made at once for the same thing
// as one call itself (batch mode, where a batch goes out once every path
// of the run waits on it): a wrapper must pass every ask through, not
// hold one back to wait for another's answer.
type AskMerger interface {
	MergesAsks()
}

// Retrier is an error of a call that failed after retries: Retries counts
// the failed attempts after the first.
type Retrier interface {
	Retries() int
}

// RetriedError is the error of a call that will not be tried again:
// Err, after Count failed attempts beyond the first.
type RetriedError struct {
	Count int
	Err   error
}

var _ Retrier = (*RetriedError)(nil)

func (e *RetriedError) Error() string { return e.Err.Error() }
func (e *RetriedError) Unwrap() error { return e.Err }

// Retries implements Retrier.
func (e *RetriedError) Retries() int { return e.Count }

// priorityKey is the context key of a call's priority.
type priorityKey struct{}

// WithPriority returns ctx carrying p, which an agent with a concurrency
// limit asks when a call must wait for a slot: of the calls waiting, the
// one of highest priority goes first, and of equal priorities the one
// that came first. p is asked each time a slot is given, so a waiting
// call's priority may change; it is asked concurrently, of every waiting
// call, while the agent holds its own lock, so it must be cheap, must not
// block and must not call the agent. The engine gives priorities only once a
// plan has no episode left to start: then the episodes with the most
// calls left go first, so that the run's last calls are not queued behind
// those of episodes that are nearly done.
func WithPriority(ctx context.Context, p func() int) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// PriorityOf is the priority ctx carries: a function that gives 0 if
// none. A caller that asks it often keeps the function, not ctx.
func PriorityOf(ctx context.Context) func() int {
	if p, ok := ctx.Value(priorityKey{}).(func() int); ok {
		return p
	}
	return noPriority
}

func noPriority() int { return 0 }
