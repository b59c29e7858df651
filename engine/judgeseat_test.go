package engine

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/transcript"
)

// TestJudgeSeatWritesWhatRejudgeWrites: a judge seat taken over and given
// the reply a rejudging agent gave yields the record Rejudge wrote — the
// same id, turns, seats, verdict and prompt hash — but for what a person
// does not spend (tokens, cost).
func TestJudgeSeatWritesWhatRejudgeWrites(t *testing.T) {
	ref := complete(t)
	x := loadSmall(t)
	out := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), x, ref, "judge", Options{Out: out, Concurrency: 2}); err != nil {
		t.Fatal(err)
	}
	old, rejudged := readTranscripts(t, ref), readTranscripts(t, out)
	byID := map[string]transcript.Episode{}
	for _, r := range rejudged {
		byID[r.EpisodeID] = r
	}
	seats, err := x.JudgeSeats(old, "judge")
	if err != nil {
		t.Fatal(err)
	}
	if len(seats) == 0 {
		t.Fatal("no judge seat in the run")
	}
	// A person's verdict names no draw (each is drawn anew); the sim
	// judge's does.
	ignore := cmpopts.IgnoreFields(transcript.Message{}, "Usage", "CostUSD", "Cached", "Retries", "Draw")
	compared := 0
	for _, s := range seats {
		want, ok := byID[s.ID]
		if !ok {
			t.Fatalf("seat %s: Rejudge wrote no episode with that id", s.ID)
		}
		if want.Verdict.Asks > 1 || len(want.Interim) > 0 {
			continue // asked again, or after each round: not one reply
		}
		reply := want.Messages[len(want.Messages)-1]
		var probs []float64
		if p := want.Verdict.Probability; p > 0 {
			probs = make([]float64, 2)
			slot := int(want.Verdict.Slot[0] - 'A')
			probs[slot], probs[1-slot] = p, 1-p
		}
		got := s.Verdict(reply.Text, probs, 0)
		if diff := cmp.Diff(want, got, ignore); diff != "" {
			t.Errorf("seat %s (-Rejudge +JudgeSeat):\n%s", s.ID, diff)
		}
		if s.Request.View.Difficulty != 0 || len(s.Request.View.Evidence) != 0 {
			t.Errorf("seat %s: the view has difficulty %v and %d claims; want none", s.ID, s.Request.View.Difficulty, len(s.Request.View.Evidence))
		}
		compared++
	}
	if compared == 0 {
		t.Fatal("no episode compared")
	}
}
