package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// TestBars drives the terminal display as a run would, into a buffer: it
// must show each protocol and the totals, and finish without blocking
// whether or not the run completed.
func TestBars(t *testing.T) {
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	plan := x.Plan()
	for _, complete := range []bool{true, false} {
		var out bytes.Buffer
		tally := sinks.NewProgress()
		b := newBars(&out, x, tally)
		n := len(plan)
		if !complete {
			n /= 3
		}
		for i := range n {
			ep := transcript.Episode{Protocol: plan[i].Protocol.Label, Messages: []transcript.Message{{Retries: 1, CostUSD: 0.001}}}
			if i%10 == 0 && i >= 5 {
				ep.Error = "boom" // a resumed record is a success (or not done: sinks.Progress)
			}
			if i < 5 {
				_ = tally.Episode(&ep, true)
			} else {
				tally.Played(&ep)
			}
		}
		b.finish() // must return
		got := out.String()
		for _, want := range []string{"debate-unverified", "consultancy", "all", "retries", "failed"} {
			if !strings.Contains(got, want) {
				t.Errorf("complete=%v: the display lacks %q:\n%s", complete, want, got)
			}
		}
		if c, resumed := tally.Counts(); c.Usage.Retries != n-5 || resumed != 5 || c.Episodes != n-5 {
			t.Errorf("retries %d, played %d, resumed %d; want %d, %d, 5 (resumed episodes are not counted again)", c.Usage.Retries, c.Episodes, resumed, n-5, n-5)
		}
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is taken for a terminal")
	}
}

// TestBarsRateFromThePlan: the bars' rate starts when the plan is told,
// as the lines' does, where it started when the bars were drawn and so
// counted a resume's reading of its log (here two seconds) as time played.
// Half the plan is played at once: the ETA the first tick after it gives
// is the time from the plan to that tick, under a second unless the tick
// is late, where from the bars' start it is two seconds or more. The
// margin is wide, for a tick may be late under load and -race.
func TestBarsRateFromThePlan(t *testing.T) {
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	plan := x.Plan()
	tally := sinks.NewProgress()
	var out bytes.Buffer
	b := newBars(&out, x, tally)
	defer b.finish()
	const read = 2 * time.Second
	time.Sleep(read) // an earlier run's log read
	tally.SetTotal(len(plan))
	for i := range len(plan) / 2 {
		tally.Played(&transcript.Episode{Protocol: plan[i].Protocol.Label})
	}
	eta := "?"
	for deadline := time.Now().Add(30 * time.Second); eta == "?" && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		b.mu.Lock()
		eta = b.eta
		b.mu.Unlock()
	}
	if d, err := time.ParseDuration(eta); err != nil || d >= read {
		t.Errorf("ETA %s with half the plan played as it was told; want under %s", eta, read)
	}
}
