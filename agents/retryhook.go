package agents

import "context"

type retryHookKey struct{}

// WithRetryHook returns ctx carrying hook: a backend tells it of each
// failed attempt of a call that it will try again (NoteRetry), as it
// happens, so that a progress display shows a server answering 429 while
// the call still waits, not once it returns.
func WithRetryHook(ctx context.Context, hook func(err error)) context.Context {
	return context.WithValue(ctx, retryHookKey{}, hook)
}

// NoteRetry tells ctx's retry hook, if it has one, of err: a failed
// attempt that the backend will try again.
func NoteRetry(ctx context.Context, err error) {
	if hook, ok := ctx.Value(retryHookKey{}).(func(error)); ok {
		hook(err)
	}
}
