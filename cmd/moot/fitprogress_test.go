package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/fit"
)

// lockedBuffer is a writer safe to write from a ticker and read here.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFitProgressTicksUntilStopped: a fit's progress line comes again
// every tick, with the runs so far, until stopped (not once only), and
// none after.
func TestFitProgressTicksUntilStopped(t *testing.T) {
	var w lockedBuffer
	m := &fit.Model{}
	stop := fitProgress(&w, time.Millisecond, m)
	m.OnRun(3)
	for deadline := time.Now().Add(5 * time.Second); strings.Count(w.String(), "moot: fit: 3 runs of the experiment in ") < 2; {
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("progress after 5s:\n%s\nwant a line of 3 runs at least twice", w.String())
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	said := w.String()
	time.Sleep(10 * time.Millisecond)
	if w.String() != said {
		t.Errorf("a line after stop:\n%s", strings.TrimPrefix(w.String(), said))
	}
}
