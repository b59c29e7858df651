package sim

import (
	"context"
	"math"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// gradeRequest is a grader's request: the lantern question and one
// exam-taker's answer, for side, with text.
func gradeRequest(side int, text string) agents.Request {
	req := judgeRequest(transcript.Turn{Round: 1, Role: "exam-taker", Name: "Exam-taker", Side: side, Text: text})
	req.Role, req.Round, req.Rounds = transcript.RoleGrader, 2, 1
	return req
}

// shareA is the share of seeds 1..seeds at which an agent of settings s
// answers req "Answer: A": for a grader, calls the answer correct.
func shareA(t *testing.T, s Settings, req agents.Request) float64 {
	t.Helper()
	share, _, _ := judgeStats(t, s, req, seeds)
	return share
}

// TestGraderLeniency: with nothing to go on — no article, an answer with
// no reasons — a grader calls the answer correct at about its leniency.
func TestGraderLeniency(t *testing.T) {
	for _, lenient := range []float64{0.2, 0.5, 0.8} {
		s := judgeSettings(func(s *Settings) { s.Leniency, s.Noise = lenient, 1 })
		got := shareA(t, s, gradeRequest(0, "Answer: A\n"))
		// With noise 1 the grader samples its stated probability, which
		// is the leniency itself.
		if math.Abs(got-lenient) > 0.04 {
			t.Errorf("leniency %.1f: called correct %.3f; want about %.1f", lenient, got, lenient)
		}
	}
}

// TestGraderReadsTheArticle: a grader that may read the article and is
// skilled enough to find the key sentence calls a wrong answer incorrect
// and a right one correct, whatever its leniency; one that may not read
// it falls back on its leniency.
func TestGraderReadsTheArticle(t *testing.T) {
	article := soundA + " The road to Dalemere floods. " + offPlaceB
	for _, tt := range []struct {
		side    int
		context string
		lenient float64
		want    func(float64) bool
		what    string
	}{
		{1, article, 0.8, func(p float64) bool { return p < 0.35 }, "a wrong answer, read against the article: seldom called correct"},
		{0, article, 0.2, func(p float64) bool { return p > 0.65 }, "a right answer, read against the article: mostly called correct"},
		{1, "", 0.8, func(p float64) bool { return p > 0.7 }, "a wrong answer, no article: called correct at its leniency"},
	} {
		s := judgeSettings(func(s *Settings) { s.Skill, s.Leniency = 0.95, tt.lenient })
		req := gradeRequest(tt.side, "Answer: "+slot(tt.side)+"\n")
		req.View.Context = tt.context
		if got := shareA(t, s, req); !tt.want(got) {
			t.Errorf("%s: called correct %.3f", tt.what, got)
		}
	}
}

// TestReferencePull: a judge with nothing to go on follows a reference by
// its trust; one whose own reading settles the question does not.
func TestReferencePull(t *testing.T) {
	ref := &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "w", Answer: 1, Text: "blue\nAnswer: B"}
	for _, tt := range []struct {
		trust float64
		turns []transcript.Turn
		wantB func(float64) bool
		what  string
	}{
		{0, nil, func(p float64) bool { return math.Abs(p-0.5) < 0.05 }, "no trust, no evidence: a coin"},
		{1, nil, func(p float64) bool { return p > 0.9 }, "full trust, no evidence: follows the reference"},
		{1, []transcript.Turn{cite(1, 0, vq(soundA))}, func(p float64) bool { return p < 0.5 }, "full trust, verified evidence for A: own reading wins"},
	} {
		s := judgeSettings(func(s *Settings) { s.TrustReference, s.Diligence = tt.trust, 1 })
		req := judgeRequest(tt.turns...)
		req.View.Reference = ref
		if got := 1 - shareA(t, s, req); !tt.wantB(got) {
			t.Errorf("%s: chose B %.3f", tt.what, got)
		}
	}
	// A grader leans the same way: a reference that gives the graded
	// answer makes it call the answer correct; one that gives the other,
	// incorrect.
	s := judgeSettings(func(s *Settings) { s.TrustReference, s.Leniency = 1, 0.5 })
	for _, refAnswer := range []int{0, 1} {
		req := gradeRequest(0, "Answer: A\n")
		req.View.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: refAnswer, Text: req.View.Answers[refAnswer]}
		got := shareA(t, s, req)
		if (refAnswer == 0 && got < 0.9) || (refAnswer == 1 && got > 0.1) {
			t.Errorf("grader, reference for %s: called the answer A correct %.3f", slot(refAnswer), got)
		}
	}
}

func TestGraderWithoutAnswer(t *testing.T) {
	req := gradeRequest(0, "")
	req.Transcript = nil
	if _, err := New(DefaultSettings()).Generate(context.Background(), req); err == nil {
		t.Errorf("a grader with no answer to grade: no error; want one")
	}
}

// TestGraderReadsNotTheOtherOption: the grader is shown the candidate's
// answer, not the other option; what it makes of the article is the same
// whichever the other option is, the answer the article names or one it
// never names. A grader that looked for sentences naming the other option
// would call the blue lantern incorrect far more often when the other
// option is red.
func TestGraderReadsNotTheOtherOption(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Leniency = 0.9, 0.5 })
	a := New(s)
	for seed := uint64(1); seed <= 500; seed++ {
		var texts [2]string
		for i, other := range []string{"red", "turquoise"} {
			req := gradeRequest(1, "Answer: B\n")
			req.View.Answers[0] = other
			req.View.Context = soundA + " The road to Dalemere floods."
			req.Seed = seed
			resp := mustGenerate(t, a, req)
			texts[i] = resp.Text
		}
		if texts[0] != texts[1] {
			t.Fatalf("seed %d: the grade of blue differs with the option not shown:\nother red:\n%s\nother turquoise:\n%s", seed, texts[0], texts[1])
		}
	}
	// And it still reads the article: the key sentence answers the
	// question otherwise, so blue is mostly called incorrect.
	req := gradeRequest(1, "Answer: B\n")
	req.View.Answers[0] = "turquoise"
	req.View.Context = soundA
	if got := shareA(t, s, req); got > 0.35 {
		t.Errorf("blue against an article that says red, the other option turquoise: called correct %.3f; want seldom", got)
	}
}
