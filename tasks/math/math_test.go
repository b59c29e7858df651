package math_test

import (
	"fmt"
	stdmath "math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/math"
	"github.com/mootlab/moot/tasks/taskstest"
	"github.com/mootlab/moot/transcript"
)

func TestDefaultSettings(t *testing.T) {
	if got, want := math.DefaultSettings(), (math.Settings{Difficulty: 0.5}); got != want {
		t.Errorf("DefaultSettings(): got %+v; want %+v", got, want)
	}
}

func TestFactory(t *testing.T) {
	taskstest.CheckDecoded(t, "math", []taskstest.Decoded[math.Settings]{
		{Name: "empty", Src: "", Want: math.Settings{Difficulty: 0.5}},
		{Name: "difficulty", Src: "difficulty: 0.2\n", Want: math.Settings{Difficulty: 0.2}},
		{Name: "hardest", Src: "difficulty: 1\n", Want: math.Settings{Difficulty: 1}},
	}, math.New)
}

func TestSettingsErrors(t *testing.T) {
	taskstest.CheckRefused(t, "math", []taskstest.Refused{
		{Name: "difficulty above one", Src: "difficulty: 1.4", Want: "difficulty: must be in [0, 1], got 1.4"},
		{Name: "difficulty below zero", Src: "difficulty: -0.1", Want: "difficulty: must be in [0, 1], got -0.1"},
		{Name: "difficulty NaN", Src: "difficulty: .nan", Want: "difficulty: must be in [0, 1], got NaN"},
		{Name: "unknown field", Src: "steps: 3", Want: "steps"},
		{Name: "wrong type", Src: "difficulty: hard", Want: "hard"},
	})
}

func TestNew(t *testing.T) {
	taskstest.CheckNew(t, []taskstest.Validated[math.Settings]{
		{Settings: math.Settings{Difficulty: 0}, WantErr: ""},
		{Settings: math.Settings{Difficulty: 1}, WantErr: ""},
		{Settings: math.Settings{Difficulty: 2}, WantErr: "difficulty:"},
		{Settings: math.Settings{Difficulty: stdmath.Inf(1)}, WantErr: "difficulty:"},
		{Settings: math.Settings{Difficulty: stdmath.NaN()}, WantErr: "difficulty:"},
	}, math.New)
}

// equation matches one worked step, "a op b = c".
var equation = regexp.MustCompile(`(\d+) ([×+−÷]) (\d+) = (\d+)`)

func eval(a int, op string, b int) (int, bool) {
	switch op {
	case "×":
		return a * b, true
	case "+":
		return a + b, true
	case "−":
		return a - b, true
	case "÷":
		return a / b, b != 0 && a%b == 0
	}
	return 0, false
}

// stats are what TestInvariants gathers over one difficulty.
type stats struct {
	correctFirst int
	steps        int // equations "a op b = c" stated, summed
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("Atoi(%q): %v", s, err)
	}
	return n
}

// checkQuestion checks the invariants of one question and adds to st.
func checkQuestion(t *testing.T, q tasks.Question, s math.Settings, st *stats) {
	t.Helper()
	errorf := taskstest.Errorf(t, q.ID)
	if q.Correct != 0 && q.Correct != 1 {
		errorf("got Correct %d; want 0 or 1", q.Correct)
		return
	}
	if q.Correct == 0 {
		st.correctFirst++
	}
	taskstest.CheckDifficulty(t, q, s.Difficulty)
	correctS, wrongS := q.Answers[q.Correct], q.Answers[1-q.Correct]
	correct, wrong := atoi(t, correctS), atoi(t, wrongS)
	if wrong == correct || wrong <= 0 || wrong >= math.MaxQuantity {
		errorf("got distractor %d for answer %d; want a different positive integer below %d", wrong, correct, math.MaxQuantity)
	}
	if !strings.HasPrefix(strings.ToLower(q.Text[strings.LastIndex(q.Text, ". ")+2:]), "what number of ") || !strings.HasSuffix(q.Text, " left?") {
		errorf("got question %q; want one ending in \"What number of … left?\"", q.Text)
	}

	// Every stated step is true, and the last one yields the answer.
	sentences := reading.Sentences(q.Context)
	last := -1
	for _, m := range equation.FindAllStringSubmatch(q.Context, -1) {
		a, b, c := atoi(t, m[1]), atoi(t, m[3]), atoi(t, m[4])
		if got, ok := eval(a, m[2], b); !ok || got != c {
			errorf("got step %q; want a true, exact one", m[0])
		}
		if c <= 0 || c >= math.MaxQuantity {
			errorf("got quantity %d in %q; want a positive integer below %d", c, m[0], math.MaxQuantity)
		}
		last = c
		st.steps++
	}
	if last != correct {
		errorf("got answer %d; want the chain's result %d", correct, last)
	}
	for _, sen := range sentences {
		if strings.ContainsAny(sen[:len(sen)-1], ".!?") {
			errorf("got sentence %q; want one stop, at its end", sen)
		}
	}

	// Only the final sentence answers the question, and only with the
	// correct answer.
	key := reading.KeyTerms(q.Text)
	final := sentences[len(sentences)-1]
	if m := reading.Missing(key, final); m != 0 || !reading.Mentions(final, correctS) || reading.Mentions(final, wrongS) {
		errorf("final sentence %q: got %d missing key terms of %q, mentions correct %v, distractor %v; want 0, true, false",
			final, m, key, reading.Mentions(final, correctS), reading.Mentions(final, wrongS))
	}
	for _, sen := range sentences[:len(sentences)-1] {
		if reading.Missing(key, sen) == 0 {
			errorf("step sentence %q: got no missing key terms; want some", sen)
		}
	}
	if reading.Mentions(q.Text, correctS) || reading.Mentions(q.Text, wrongS) {
		errorf("question %q: got an answer mentioned; want neither", q.Text)
	}

	// Evidence: the final sentence for the correct answer; for the
	// distractor, true step sentences that mention it; and for each, the
	// same invented quotes (taskstest.CheckInventedAlike), among them the
	// final sentence with its answer, framed.
	isSentence := map[string]bool{}
	for _, sen := range sentences {
		isSentence[sen] = true
	}
	var forCorrect int
	var closing [2]string
	for _, c := range q.Evidence {
		inContext := strings.Contains(q.Context, c.Text)
		switch {
		case c.Kind != transcript.KindQuote:
			errorf("claim %q: got kind %q; want %q", c.Text, c.Kind, transcript.KindQuote)
		case c.Answer == q.Correct && inContext:
			forCorrect++
			if c.Text != final {
				errorf("true claim for the correct answer: got %q; want the final sentence %q", c.Text, final)
			}
		case inContext:
			if !isSentence[c.Text] || c.Text == final || !reading.Mentions(c.Text, wrongS) {
				errorf("true claim for the distractor %q: want a step sentence that mentions %s", c.Text, wrongS)
			}
		case reading.Missing(key, c.Text) == 0: // invented, closing
			if closing[c.Answer] != "" {
				errorf("invented closing sentences %q and %q for one answer; want one", closing[c.Answer], c.Text)
			}
			closing[c.Answer] = c.Text
		}
		if inContext && !isSentence[c.Text] {
			errorf("claim %q: got a part of the context; want a whole sentence or a fabrication", c.Text)
		}
	}
	// Each answer's invented closing is the final sentence, framed, with
	// its answer: the other's with the answers swapped.
	c, w := closing[q.Correct], closing[1-q.Correct]
	if !strings.HasSuffix(c, " "+final) || strings.Replace(c, " "+correctS+" ", " "+wrongS+" ", 1) != w {
		errorf("invented closings %q (correct) and %q (wrong); want the final sentence %q framed, with each answer", c, w, final)
	}
	invented := taskstest.CheckInventedAlike(t, q)
	// At most: the final, every step sentence, and two invented each.
	if most := len(sentences) + 4; forCorrect != 1 || invented < 1 || invented > 2 || len(q.Evidence) > most {
		errorf("got %d claims, %d true for the correct answer, %d invented for each; want at most %d, 1, 1 or 2", len(q.Evidence), forCorrect, invented, most)
	}
}

func TestInvariants(t *testing.T) {
	const n = 300
	var prevSteps float64
	for _, d := range []float64{0, 0.5, 1} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			s := math.Settings{Difficulty: d}
			st := &stats{}
			for _, q := range taskstest.Generate(t, taskstest.New(t, math.New, s), uint64(7+d*10), n) {
				checkQuestion(t, q, s, st)
			}
			if frac := float64(st.correctFirst) / n; frac < 0.4 || frac > 0.6 {
				t.Errorf("correct answer first: got %.2f of questions; want 0.40..0.60", frac)
			}
			mean := float64(st.steps) / n
			if mean <= prevSteps {
				t.Errorf("equations per question: got %.2f; want more than %.2f at the lower difficulty", mean, prevSteps)
			}
			prevSteps = mean
		})
	}
}

// TestTrueClaimsByTheirWords: a step that names the answer too is not the
// wrong side's claim.
func TestTrueClaimsByTheirWords(t *testing.T) {
	for _, d := range []float64{0, 0.5, 1} {
		taskstest.CheckTrueClaimsByTheirWords(t, taskstest.Generate(t, taskstest.New(t, math.New, math.Settings{Difficulty: d}), 3, 500))
	}
}

func TestSteps(t *testing.T) {
	tests := []struct {
		d    float64
		want int
	}{{0, 2}, {0.1, 2}, {0.5, 4}, {0.9, 5}, {1, 5}}
	for _, tt := range tests {
		if got := math.Steps(tt.d); got != tt.want {
			t.Errorf("Steps(%v): got %d; want %d", tt.d, got, tt.want)
		}
	}
}

func TestGeneratorContract(t *testing.T) {
	taskstest.Conform(t, taskstest.New(t, math.New, math.DefaultSettings()), "math-%d-%04d", transcript.FamilyMath)
}

// TestAnswersAloneDoNotTell: a reader of the two answers alone cannot
// tell the correct one (taskstest.CheckAnswersAloneDoNotTell: the model
// right in at most 55%, 52.0–53.7% today; the larger correct in 46% to
// 54%, 50.9–51.7% today), at difficulty 0.2, 0.5 and 0.8. When a
// fraction's wrong operation kept the share given away (x ÷ k remain),
// every such slip and every scale's (x + k) made the distractor the
// smaller: the larger answer was correct in 54.6–55.9%, and the model
// right in up to 55.4%.
func TestAnswersAloneDoNotTell(t *testing.T) {
	for _, d := range []float64{0.2, 0.5, 0.8} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			taskstest.CheckAnswersAloneDoNotTell(t, func(seed uint64, n int) []tasks.Question {
				return taskstest.Generate(t, taskstest.New(t, math.New, math.Settings{Difficulty: d}), seed, n)
			}, nil)
		})
	}
}
