// Package wait waits for a while or until a context is done: the one
// timer-and-select that the client's backoff, the batch poller and
// serve-sim's injected latency share.
package wait

import (
	"context"
	"time"
)

// Sleep waits d, or until ctx is done; then it returns ctx's error. A d of
// zero or less returns at once, with ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
