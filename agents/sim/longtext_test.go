package sim

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestJudgeReadsARepeatedSentenceOnce: a sentence the text repeats word for
// word is one piece of evidence to a judge that reads the text, and one
// note: fifty copies weigh and read as one.
func TestJudgeReadsARepeatedSentenceOnce(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise, s.Leniency = 1, 0, 0, 0.5 })
	req := judgeRequest()
	req.View.Difficulty = 0
	req.View.Context = strings.Repeat(soundA+" ", 50)
	for seed := uint64(1); seed <= 20; seed++ {
		req.Seed = seed
		resp := mustGenerate(t, New(s), req)
		if got, want := resp.Probabilities[0], sigmoid(checkedWorth); math.Abs(got-want) > 1e-12 {
			t.Fatalf("seed %d: P(A) = %.4f; want %.4f, as for the sentence once", seed, got, want)
		}
		if n := strings.Count(resp.Text, soundA); n != 1 {
			t.Fatalf("seed %d: the answer cites the sentence %d times; want once:\n%s", seed, n, resp.Text)
		}
	}
}

// TestJudgeNotesAreBounded: a judge that reads a long text with many
// passages to the point writes maxNotes of them and counts the rest, so
// that its answer does not grow with the text.
func TestJudgeNotesAreBounded(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise = 1, 0, 0 })
	answer := func(passages int) string {
		var b strings.Builder
		for i := range passages {
			fmt.Fprintf(&b, "In year %d Ortha Ashby carried a red lantern to Kessmoor. ", 1700+i)
		}
		req := judgeRequest()
		req.Seed, req.View.Difficulty, req.View.Context = 3, 0, b.String()
		return mustGenerate(t, New(s), req).Text
	}
	for _, tt := range []struct {
		passages int
		more     string
	}{
		{maxNotes, ""},
		{maxNotes + 1, "I weighed one more passage besides."},
		{400, fmt.Sprintf("I weighed %d more passages besides.", 400-maxNotes)},
	} {
		text := answer(tt.passages)
		if n := strings.Count(text, "The passage "); n != maxNotes {
			t.Errorf("%d passages: %d notes; want %d:\n%s", tt.passages, n, maxNotes, text)
		}
		if tt.more != "" && !strings.Contains(text, tt.more) || tt.more == "" && strings.Contains(text, "besides") {
			t.Errorf("%d passages: want the count %q of the notes left out:\n%s", tt.passages, tt.more, text)
		}
		if !strings.HasSuffix(text, "Answer: A\n") {
			t.Errorf("%d passages: the answer does not end with its verdict:\n%s", tt.passages, text)
		}
	}
}
