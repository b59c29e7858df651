package wait

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep of a live context: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep of a cancelled context = %v; want context.Canceled at once", err)
	}
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) of a cancelled context = %v; want context.Canceled", err)
	}
}

// TestSleepOfNoTimeReportsTheContext: a wait of zero (a backoff or an
// injected latency of nothing) returns the context's error every time,
// not, at random, the nil of a timer that fired at once.
func TestSleepOfNoTimeReportsTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 200 {
		for _, d := range []time.Duration{0, -time.Second} {
			if err := Sleep(ctx, d); !errors.Is(err, context.Canceled) {
				t.Fatalf("Sleep(%v) of a cancelled context = %v; want context.Canceled", d, err)
			}
		}
	}
}
