package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// recorder is a sink that keeps the ids it is handed, and fails at one.
type recorder struct {
	ids    []string
	failAt string
}

func (r *recorder) Episode(rec *transcript.Episode, resumed bool) error {
	if rec.EpisodeID == r.failAt {
		return errors.New("disk full")
	}
	r.ids = append(r.ids, fmt.Sprint(rec.EpisodeID, resumed))
	return nil
}

// stopAfter is a policy that lets n episodes start.
type stopAfter struct{ n int }

var errEnough = errors.New("enough")

func (s *stopAfter) Start() error {
	if s.n == 0 {
		return errEnough
	}
	s.n--
	return nil
}
func (s *stopAfter) Finish(*transcript.Episode) error { return nil }

func TestRunnerHandsOnInPlanOrder(t *testing.T) {
	play := func(_ context.Context, i int) transcript.Episode { return transcript.Episode{EpisodeID: fmt.Sprint(i)} }
	resumed := func(i int) bool { return i%3 == 0 }
	prior := func(i int) (*transcript.Episode, error) {
		if i == 9 {
			return nil, errors.New("the log cannot be read back")
		}
		return &transcript.Episode{EpisodeID: fmt.Sprint(i)}, nil
	}
	tests := []struct {
		name     string
		policies []Policy
		failAt   string
		n        int // 7 unless set
		want     []string
		reason   error
		err      bool
	}{
		{name: "all", want: []string{"0true", "1false", "2false", "3true", "4false", "5false", "6true"}},
		{name: "policy stops", policies: []Policy{&stopAfter{2}}, want: []string{"0true", "1false", "2false", "3true", "6true"}, reason: errEnough},
		{name: "sink fails", failAt: "4", want: []string{"0true", "1false", "2false", "3true"}, err: true},
		{name: "prior unreadable", n: 11, want: []string{"0true", "1false", "2false", "3true", "4false", "5false", "6true", "7false", "8false"}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &recorder{failAt: tt.failAt}
			n := cmp.Or(tt.n, 7)
			r := &runner{n: n, workers: 3, play: play, resumed: resumed, prior: prior, policies: tt.policies, sinks: []Sink{sink}}
			end, err := r.run(context.Background())
			if (err != nil) != tt.err || !errors.Is(end.reason, tt.reason) && !tt.err {
				t.Fatalf("got reason %v, error %v; want %v, error %v", end.reason, err, tt.reason, tt.err)
			}
			if fmt.Sprint(sink.ids) != fmt.Sprint(tt.want) {
				t.Errorf("got %v; want %v", sink.ids, tt.want)
			}
			if !tt.err && end.done != len(tt.want) {
				t.Errorf("got %d done; want %d", end.done, len(tt.want))
			}
		})
	}
}
