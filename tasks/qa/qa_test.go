package qa_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/tasks/taskstest"
	"github.com/mootlab/moot/transcript"
)

func TestDefaultSettings(t *testing.T) {
	got := qa.DefaultSettings()
	want := qa.Settings{Difficulty: 0.5, Sentences: 10, Variant: qa.Extractive}
	if got != want {
		t.Errorf("DefaultSettings(): got %+v; want %+v", got, want)
	}
}

// TestFactory checks that the registered factory decodes over the defaults:
// a block that sets some fields builds the same generator as New with the
// rest at their defaults.
func TestFactory(t *testing.T) {
	taskstest.CheckDecoded(t, "qa", []taskstest.Decoded[qa.Settings]{
		{Name: "empty", Src: "", Want: qa.Settings{Difficulty: 0.5, Sentences: 10}},
		{Name: "difficulty only", Src: "difficulty: 0.2\n", Want: qa.Settings{Difficulty: 0.2, Sentences: 10}},
		{Name: "sentences only", Src: "sentences: 0\n", Want: qa.Settings{Difficulty: 0.5, Sentences: 0}},
		{Name: "both", Src: "difficulty: 1\nsentences: 200\n", Want: qa.Settings{Difficulty: 1, Sentences: 200}},
		{Name: "closed", Src: "variant: closed\n", Want: qa.Settings{Difficulty: 0.5, Sentences: 10, Variant: qa.Closed}},
	}, qa.New)
}

func TestSettingsErrors(t *testing.T) {
	taskstest.CheckRefused(t, "qa", []taskstest.Refused{
		{Name: "difficulty above one", Src: "difficulty: 1.4", Want: "difficulty: must be in [0, 1], got 1.4"},
		{Name: "difficulty below zero", Src: "difficulty: -0.1", Want: "difficulty: must be in [0, 1], got -0.1"},
		{Name: "difficulty NaN", Src: "difficulty: .nan", Want: "difficulty: must be in [0, 1], got NaN"},
		{Name: "sentences above max", Src: "sentences: 201", Want: "sentences: must be in [0, 200], got 201"},
		{Name: "sentences negative", Src: "sentences: -1", Want: "sentences: must be in [0, 200], got -1"},
		{Name: "unknown field", Src: "words: 3", Want: "words"},
		{Name: "wrong type", Src: "sentences: many", Want: "many"},
	})
}

func TestNew(t *testing.T) {
	taskstest.CheckNew(t, []taskstest.Validated[qa.Settings]{
		{Settings: qa.Settings{Difficulty: 0, Sentences: 0}, WantErr: ""},
		{Settings: qa.Settings{Difficulty: 1, Sentences: 200}, WantErr: ""},
		{Settings: qa.Settings{Difficulty: 2, Sentences: 10}, WantErr: "difficulty:"},
		{Settings: qa.Settings{Difficulty: 0.5, Sentences: 10, Variant: "open"}, WantErr: "variant:"},
		{Settings: qa.Settings{Difficulty: math.Inf(1), Sentences: 10}, WantErr: "difficulty:"},
		{Settings: qa.Settings{Difficulty: 0.5, Sentences: 1000}, WantErr: "sentences:"},
	}, qa.New)
}

// words splits text into lower-case words, as the sim readers do.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// stats are what TestInvariants gathers over one difficulty.
type stats struct {
	correctFirst     int     // questions whose correct answer is index 0
	distractors      int     // distractor sentences
	distractorMissed float64 // sum of their missing key terms
	keyPositions     map[int]bool
}

// checkQuestion checks the invariants of one question and adds to st.
func checkQuestion(t *testing.T, q tasks.Question, s qa.Settings, st *stats) {
	t.Helper()
	errorf := taskstest.Errorf(t, q.ID)
	if q.Correct != 0 && q.Correct != 1 {
		errorf("got Correct %d; want 0 or 1", q.Correct)
		return
	}
	correct, wrong := q.Answers[q.Correct], q.Answers[1-q.Correct]
	if correct == wrong || correct == "" {
		errorf("got answers %q; want two different values", q.Answers)
	}
	taskstest.CheckDifficulty(t, q, s.Difficulty)
	if !strings.HasPrefix(q.Text, "What color was the ") && !strings.HasPrefix(q.Text, "What material was the ") {
		errorf("got question %q; want one asking for a color or a material", q.Text)
	}
	if q.Correct == 0 {
		st.correctFirst++
	}

	// Answer values are whole words of their own.
	for _, w := range words(q.Context + " " + q.Text) {
		for _, a := range q.Answers {
			if w != a && strings.Contains(w, a) {
				errorf("got word %q containing answer %q; want answers only as whole words", w, a)
			}
		}
	}

	keyTerms := reading.KeyTerms(q.Text)
	inArticle := map[string]bool{}
	var relevant []string
	var named, shaped [2]int // sentences naming each answer (by index), and those of the key's shape
	plain := 0
	for _, sent := range reading.Sentences(q.Context) {
		inArticle[sent] = true
		if !strings.HasSuffix(sent, ".") {
			errorf("got sentence %q; want it to end with '.'", sent)
		}
		missing := reading.Missing(keyTerms, sent)
		if missing == 0 {
			relevant = append(relevant, sent)
		}
		mc, mw := reading.Mentions(sent, correct), reading.Mentions(sent, wrong)
		a := q.Correct
		switch {
		case mc && mw:
			errorf("got sentence %q mentioning both answers; want at most one", sent)
			continue
		case !mc && !mw:
			plain++
			continue
		case mw:
			a = 1 - q.Correct
		}
		named[a]++
		if keyShaped(sent, q.Answers[a]) {
			shaped[a]++
			if a != q.Correct {
				st.distractors++
				st.distractorMissed += float64(missing)
			}
		}
	}

	// The key sentence: the only relevant one, once, with the correct value.
	if len(relevant) != 1 {
		errorf("got %d sentences with all key terms %q (%q); want 1", len(relevant), keyTerms, relevant)
		return
	}
	key := relevant[0]
	if n := strings.Count(q.Context, key); n != 1 {
		errorf("got key sentence %q %d times in the article; want 1", key, n)
	}
	if !reading.Mentions(key, correct) || reading.Mentions(key, wrong) {
		errorf("got key sentence %q for answers %q (correct %d); want it to name only the correct one", key, q.Answers, q.Correct)
	}
	// Both answers are named alike: in as many key-shaped sentences, and
	// in one or two beside the point.
	if shaped[0] != shaped[1] || shaped[0] < 1 || shaped[0] > 5 {
		errorf("got %v key-shaped sentences per answer; want as many for each, 1 to 5", shaped)
	}
	for a := range 2 {
		if n := named[a] - shaped[a]; n < 1 || n > 2 {
			errorf("got %d sentences naming %q beside the point; want 1 or 2", n, q.Answers[a])
		}
	}
	if plain != s.Sentences {
		errorf("got %d sentences mentioning neither answer; want %d", plain, s.Sentences)
	}
	checkPool(t, q, key, keyTerms, inArticle, named, st)
}

// swap is sent with the answer from, and its article, made to.
func swap(sent, from, to string) string {
	article := func(v string) string {
		if strings.ContainsRune("aeiou", rune(v[0])) {
			return "an " + v
		}
		return "a " + v
	}
	return strings.Replace(sent, article(from)+" ", article(to)+" ", 1)
}

// keyShaped says whether sent states, as the key sentence does, that
// someone did something with value's object at a place: "a red comb to
// Elgate".
func keyShaped(sent, value string) bool {
	w := strings.Fields(sent)
	for i := 1; i+3 < len(w); i++ {
		if w[i] == value && (w[i-1] == "a" || w[i-1] == "an") && strings.Contains(" to in at near from ", " "+w[i+2]+" ") &&
			unicode.IsUpper(rune(w[i+3][0])) {
			return true
		}
	}
	return false
}

// checkPool checks q's evidence pool: each answer's true quotes are the
// article's sentences naming it, and it has two invented quotes naming
// it alone, the other answer's centre with it swapped in and an altered
// sentence of its own: the wrong answer's are the key sentence with it
// and one missing a key term, the correct answer's both miss one, and
// one of them is a sentence of the article with the wrong answer (the
// decoy) swapped to the correct one.
func checkPool(t *testing.T, q tasks.Question, key string, keyTerms []string, inArticle map[string]bool, named [2]int, st *stats) {
	t.Helper()
	errorf := taskstest.Errorf(t, q.ID)
	var quoted [2]int
	var fakes [2][]string
	for pos, c := range q.Evidence {
		if c.Kind != transcript.KindQuote {
			errorf("got claim kind %q; want %q", c.Kind, transcript.KindQuote)
		}
		if c.Answer != 0 && c.Answer != 1 {
			errorf("got claim answer %d; want 0 or 1", c.Answer)
			continue
		}
		if c.Text == key {
			st.keyPositions[pos] = true
		}
		if !reading.Mentions(c.Text, q.Answers[c.Answer]) || reading.Mentions(c.Text, q.Answers[1-c.Answer]) {
			errorf("got claim %q for %q; want it to name that answer alone", c.Text, q.Answers[c.Answer])
		}
		switch {
		case inArticle[c.Text]:
			quoted[c.Answer]++
		case strings.Contains(q.Context, c.Text):
			errorf("got claim %q, part of a sentence of the article; want a whole sentence or none", c.Text)
		default:
			fakes[c.Answer] = append(fakes[c.Answer], c.Text)
		}
	}
	if quoted != named {
		errorf("got %v true claims per answer; want %v, one per sentence naming it", quoted, named)
	}
	for a, fs := range fakes {
		close := 0
		for _, f := range fs {
			if reading.Missing(keyTerms, f) == 0 {
				close++
			}
		}
		want := 0
		if a != q.Correct {
			want = 1
		}
		if len(fs) != 2 || close != want {
			errorf("got fabrications %q for %q; want 2, %d with every key term", fs, q.Answers[a], want)
		}
		swapped := 0
		for _, f := range fs {
			if inArticle[swap(f, q.Answers[a], q.Answers[1-a])] {
				swapped++
			}
		}
		if swapped != 1 {
			errorf("got fabrications %q for %q, %d of them the other answer's sentence with this one swapped in; want 1", fs, q.Answers[a], swapped)
		}
	}
}

func TestInvariants(t *testing.T) {
	tests := []struct {
		difficulty float64
		sentences  int
		n          int
	}{
		{0, 10, 300},
		{0.5, 10, 300},
		{1, 10, 300},
		{0.5, 0, 60},
		{0.2, 200, 20},
	}
	results := map[float64]*stats{}
	for _, tt := range tests {
		s := qa.Settings{Difficulty: tt.difficulty, Sentences: tt.sentences}
		t.Run(fmt.Sprintf("difficulty=%v,sentences=%d", tt.difficulty, tt.sentences), func(t *testing.T) {
			st := &stats{keyPositions: map[int]bool{}}
			for _, q := range taskstest.Generate(t, taskstest.New(t, qa.New, s), 11, tt.n) {
				checkQuestion(t, q, s, st)
			}
			if tt.n < 300 {
				return
			}
			results[tt.difficulty] = st
			if frac := float64(st.correctFirst) / float64(tt.n); frac < 0.4 || frac > 0.6 {
				t.Errorf("correct answer first: got %.2f of questions; want between 0.40 and 0.60", frac)
			}
			if len(st.keyPositions) < 3 {
				t.Errorf("key sentence in the evidence pool: got %d distinct positions; want the pool shuffled", len(st.keyPositions))
			}
		})
	}

	easy, hard := results[0], results[1]
	if easy == nil || hard == nil {
		t.Fatal("missing results for difficulties 0 and 1")
	}
	easyMiss := easy.distractorMissed / float64(easy.distractors)
	hardMiss := hard.distractorMissed / float64(hard.distractors)
	if hardMiss >= easyMiss {
		t.Errorf("mean missing key terms of distractors: got %.2f at difficulty 1 and %.2f at 0; want fewer at 1", hardMiss, easyMiss)
	}
	if hard.distractors <= easy.distractors {
		t.Errorf("distractors: got %d at difficulty 1 and %d at 0; want more at 1", hard.distractors, easy.distractors)
	}
}

// TestClosedVariant: the closed variant is the same question with its
// article shared by every role; the extractive one keeps it hidden.
func TestClosedVariant(t *testing.T) {
	extractive := taskstest.Generate(t, taskstest.New(t, qa.New, qa.Settings{Difficulty: 0.5, Sentences: 10}), 4, 5)
	closed := taskstest.Generate(t, taskstest.New(t, qa.New, qa.Settings{Difficulty: 0.5, Sentences: 10, Variant: qa.Closed}), 4, 5)
	for i := range closed {
		if !closed[i].ContextShared || extractive[i].ContextShared {
			t.Fatalf("question %d: shared %v (closed) and %v (extractive); want true and false", i, closed[i].ContextShared, extractive[i].ContextShared)
		}
		closed[i].ContextShared = false
		if diff := cmp.Diff(extractive[i], closed[i]); diff != "" {
			t.Errorf("question %d differs beyond sharing its context (-extractive +closed):\n%s", i, diff)
		}
	}
}

func TestGeneratorContract(t *testing.T) {
	taskstest.Conform(t, taskstest.New(t, qa.New, qa.DefaultSettings()), "qa-%d-%04d", transcript.FamilyQA)
}

// TestAnswersAloneDoNotTell: a reader of the two answers alone (and the
// words they share with the question) cannot tell the correct one
// (taskstest.CheckAnswersAloneDoNotTell), extractive or closed, at
// difficulty 0.2, 0.5 and 0.8.
func TestAnswersAloneDoNotTell(t *testing.T) {
	for _, v := range []string{qa.Extractive, qa.Closed} {
		for _, d := range []float64{0.2, 0.5, 0.8} {
			t.Run(fmt.Sprint(v, d), func(t *testing.T) {
				taskstest.CheckAnswersAloneDoNotTell(t, func(seed uint64, n int) []tasks.Question {
					return taskstest.Generate(t, taskstest.New(t, qa.New, qa.Settings{Difficulty: d, Sentences: 10, Variant: v}), seed, n)
				}, nil)
			})
		}
	}
}
