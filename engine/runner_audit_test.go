package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// A run stopped early hands on, in plan order, what it played, then the
// earlier run's failures it did not play again, as resumed: the end
// counts all of them done, those that failed failed, and the earlier
// failures left.
func TestRunnerCountsEarlierFailuresLeft(t *testing.T) {
	play := func(_ context.Context, i int) transcript.Episode {
		rec := transcript.Episode{EpisodeID: fmt.Sprint(i)}
		if i == 1 {
			rec.Error = "boom"
		}
		return rec
	}
	priorFailure := func(i int) (*transcript.Episode, error) {
		if i == 3 || i == 4 {
			return &transcript.Episode{EpisodeID: fmt.Sprint(i), Error: "old"}, nil
		}
		return nil, nil
	}
	sink := &recorder{}
	r := &runner{n: 6, workers: 1, play: play, priorFailure: priorFailure, policies: []Policy{&stopAfter{2}}, sinks: []Sink{sink}}
	end, err := r.run(context.Background())
	if err != nil || !errors.Is(end.reason, errEnough) {
		t.Fatalf("run: reason %v, error %v; want errEnough", end.reason, err)
	}
	if got, want := fmt.Sprint(sink.ids), "[0false 1false 3true 4true]"; got != want {
		t.Errorf("handed on %s; want %s", got, want)
	}
	// 0 succeeded, 1 failed, 3 and 4 failed before and were left.
	if end.done != 4 || end.failed != 3 || end.left != 2 || end.unordered {
		t.Errorf("end %+v; want 4 done, 3 failed, 2 left, in order", end)
	}
}

// An episode that ends without error after the run's context is
// cancelled is no cut: its record is handed on. One cut short is not, and
// a record that finished behind it is handed on out of order.
func TestRunnerHandsOnWhatFinishedAfterACancel(t *testing.T) {
	for _, tc := range []struct {
		name       string
		zeroFails  bool
		want       string
		unordered  bool
		done, fail int
	}{
		{name: "episode 0 finishes", want: "[0false 1false]", done: 2},
		{name: "episode 0 cut short", zeroFails: true, want: "[1false]", unordered: true, done: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			oneDone := make(chan struct{})
			play := func(ctx context.Context, i int) transcript.Episode {
				rec := transcript.Episode{EpisodeID: fmt.Sprint(i)}
				if i == 1 {
					close(oneDone)
					return rec
				}
				<-ctx.Done()
				if tc.zeroFails {
					rec.Error = ctx.Err().Error()
				}
				return rec
			}
			go func() { <-oneDone; cancel() }()
			sink := &recorder{}
			r := &runner{n: 2, workers: 2, play: play, sinks: []Sink{sink}}
			end, err := r.run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(sink.ids); got != tc.want {
				t.Errorf("handed on %s; want %s", got, tc.want)
			}
			if end.done != tc.done || end.failed != tc.fail || end.unordered != tc.unordered {
				t.Errorf("end %+v; want %d done, %d failed, unordered %v", end, tc.done, tc.fail, tc.unordered)
			}
		})
	}
}

// A failed item stopped early: its calls are not its shape's. The last
// item's calls are ranked by the mean of those that finished without
// error: four calls, not the two that a failure of none would make it.
func TestFailedItemsCallsAreNotTheirShapes(t *testing.T) {
	var seen []int
	agent := (&callCounts{}).wrap(priorityProbe{&seen})
	r := &runner{n: 3, workers: 1,
		play: func(ctx context.Context, i int) transcript.Episode {
			rec := transcript.Episode{EpisodeID: fmt.Sprint(i)}
			calls := map[int]int{0: 4, 1: 0, 2: 1}[i]
			for range calls {
				if _, err := agent.Generate(ctx, agents.Request{}); err != nil {
					t.Fatal(err)
				}
			}
			if i == 1 {
				rec.Error = "failed before its first call"
			}
			return rec
		}}
	if _, err := r.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Item 2, the last, has made its one call: 4 − 1 calls left, in
	// eighths.
	want := []int{0, 0, 0, 0, math.MaxInt32/2 + 3*8}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("priorities of the calls: %v; want %v", seen, want)
	}
}

// A run told to stop starts nothing more and says it was interrupted:
// a plan left unplayed is no finished run.
func TestRunnerStoppedSaysInterrupted(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	played := 0
	r := &runner{n: 3, workers: 2, stop: stop, sinks: []Sink{&recorder{}},
		play: func(context.Context, int) transcript.Episode { played++; return transcript.Episode{} }}
	end, err := r.run(context.Background())
	if err != nil || !errors.Is(end.reason, ErrInterrupted) || end.done != 0 || played != 0 {
		t.Errorf("stopped before it started: %+v, %v, %d played; want ErrInterrupted and none played", end, err, played)
	}
}
