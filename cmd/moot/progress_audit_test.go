package main

import (
	"io"
	"slices"
	"testing"
	"time"

	"github.com/vbauerster/mpb/v8"

	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// TestBarsETAOfAResumedRun: the bars' ETA is of the episodes left, the
// plan less those resumed and those played: of 8 planned, 2 resumed and
// 2 played in the 10 s since the plan was told, 4 are left at 0.2 a
// second, 20 s (21 s where the test stalls a quarter second before the
// bars read the clock: the rate is of the time gone); with 6 played, none
// is left. A rate that left the resumed out would leave 6, 30 s.
func TestBarsETAOfAResumedRun(t *testing.T) {
	for _, c := range []struct {
		played int
		want   []string
	}{{2, []string{"20s", "21s"}}, {6, []string{"0s"}}} {
		tally := sinks.NewProgress()
		tally.SetTotal(8)
		tally.SetResumed(2)
		for range c.played {
			tally.Played(&transcript.Episode{Protocol: "direct"})
		}
		p := mpb.New(mpb.WithOutput(io.Discard))
		b := &bars{p: p, tally: tally, byProtocol: map[string]*mpb.Bar{}, all: p.AddBar(8), total: 8,
			rate: sinks.NewRecentRate(time.Now().Add(-10 * time.Second))}
		b.update()
		if !slices.Contains(c.want, b.eta) {
			t.Errorf("%d played, 2 resumed of 8, 10 s on: ETA %q; want %q", c.played, b.eta, c.want)
		}
		b.all.Abort(false)
		p.Wait()
	}
}
