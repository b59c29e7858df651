package sinks

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/transcript"
)

// TestProgressCountsNoEarlierFailureDone: of the records handed on as
// resumed, a success of an earlier run is done; a failure of one, handed
// on by a run stopped before it played it again, is not.
func TestProgressCountsNoEarlierFailureDone(t *testing.T) {
	p := NewProgress()
	for _, rec := range []transcript.Episode{
		{Protocol: "debate"},
		{Protocol: "debate", Error: "engine: episode failed: 503"},
		{Protocol: "direct"},
	} {
		if err := p.Episode(&rec, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, resumed := p.Counts(); resumed != 2 {
		t.Errorf("%d resumed episodes counted done; want the 2 that did not fail", resumed)
	}
}

// TestLinesRateFromThePlan: the rate (and the ETA from it) counts from
// when the plan is told, as play starts, not from the lines' start. A
// rejudge reads the whole run it judges first (4 s of a 48,000-episode
// run on two cores): its first lines gave some 700 episodes/s and an ETA
// of 1m6s where it played 6,000 a second and ended 7 s later (found
// timing the lines of `moot rejudge` of a large run). Here 60 s of
// reading, then 100 episodes in the half second to the tick.
func TestLinesRateFromThePlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewProgress()
		var out syncbuf.Buffer
		stop := StartLines(&out, time.Second, p)
		defer stop()
		time.Sleep(60*time.Second + 500*time.Millisecond)
		p.SetTotal(1100)
		for range 100 {
			p.Played(&transcript.Episode{Protocol: "debate"})
		}
		time.Sleep(time.Second) // past the tick at 61 s
		want := "moot: 100/1100 episodes (0 failed), 0 calls, 0 retries, $0.0000, 200.0 episodes/s, ETA 5s\n"
		if got := out.String(); got != want {
			t.Errorf("the lines:\n%s\nwant\n%s", got, want)
		}
	})
}

// TestETAToTheNearestSecond: the ETA is rounded to the second, as its
// code meant (it rounded a duration already cut to whole seconds): 4.75 s
// read "4s", and 0.9 s, with episodes still to play, "0s".
func TestETAToTheNearestSecond(t *testing.T) {
	for _, c := range []struct {
		left      int
		perSecond float64
		want      string
	}{{19, 4, "5s"}, {9, 10, "1s"}, {1, 10, "0s"}, {100, 2, "50s"}, {7200, 1, "2h0m0s"}} {
		if got := ETA(c.left, c.perSecond); got != c.want {
			t.Errorf("ETA(%d, %v) = %s; want %s", c.left, c.perSecond, got, c.want)
		}
	}
}
