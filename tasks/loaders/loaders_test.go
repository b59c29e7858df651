package loaders_test

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/loaders"
	"github.com/mootlab/moot/tasks/taskstest"
	"github.com/mootlab/moot/transcript"
)

func newLoader(t *testing.T, name, settings string) tasks.Loader {
	t.Helper()
	f, err := tasks.LookupLoader(name)
	if err != nil {
		t.Fatal(err)
	}
	l, err := f(taskstest.Decoder(settings))
	if err != nil {
		t.Fatalf("loader %s with settings %q: got error %v; want nil", name, settings, err)
	}
	return l
}

// mustLoad loads a fixture of testdata with the task name "t".
func mustLoad(t *testing.T, loader, settings, file string, opts tasks.LoadOptions) []tasks.Question {
	t.Helper()
	if opts.Task == "" {
		opts.Task = "t"
	}
	qs, skipped, err := newLoader(t, loader, settings).Load(filepath.Join("testdata", file), opts)
	if err != nil {
		t.Fatalf("Load(%s): got error %v; want nil", file, err)
	}
	if skipped != 0 {
		t.Fatalf("Load(%s): skipped %d; want 0", file, skipped)
	}
	return qs
}

// format is one fixture: what it holds, question by question.
type format struct {
	loader, settings, file string
	family                 transcript.Family
	// correct answer by id, in file order
	ids     []string
	correct []string
	// wrong holds, for some ids, every distractor the rules allow
	wrong map[string][]string
	// hidden: the questions have a hidden context
	hidden bool
}

var formats = []format{
	{
		loader: "quality", file: "quality.jsonl", family: transcript.FamilyQA, hidden: true,
		ids:     []string{"kestrel-1", "kestrel-2", "saltmarket-1", "saltmarket-2", "31"},
		correct: []string{"She wanted to save oil", "Harrow Quay", "She was carrying salt across the river", "In the meadow by the mill", "Nine"},
		wrong: map[string][]string{
			"kestrel-1":    {"She was afraid of the dark", "Tobin had asked her to", "The gulls slept until then"},
			"saltmarket-2": {"On the frozen river", "In the Ashby family's yard"}, // not the repeated correct option
		},
	},
	{
		loader: "quality", settings: "distractor: best", file: "quality.jsonl", family: transcript.FamilyQA, hidden: true,
		ids:     []string{"kestrel-1", "kestrel-2", "saltmarket-1", "saltmarket-2", "31"},
		correct: []string{"She wanted to save oil", "Harrow Quay", "She was carrying salt across the river", "In the meadow by the mill", "Nine"},
		wrong:   map[string][]string{"kestrel-1": {"Tobin had asked her to"}}, // two votes of three
	},
	{
		loader: "boolq", file: "boolq.jsonl", family: transcript.FamilyQA, hidden: true,
		ids:     []string{"t-1", "t-2", "t-3", "t-4"},
		correct: []string{"yes", "no", "no", "yes"},
		wrong:   map[string][]string{"t-1": {"no"}, "t-2": {"yes"}, "t-3": {"yes"}, "t-4": {"no"}},
	},
	{
		loader: "gsm8k", file: "gsm8k.jsonl", family: transcript.FamilyMath, hidden: true,
		ids:     []string{"t-1", "t-2", "t-3", "t-4"},
		correct: []string{"72", "280", "1200", "13.50"},
		wrong:   map[string][]string{"t-1": {"24"}, "t-2": {"8"}},
	},
	{
		loader: "mmlu", file: "mmlu.csv", family: transcript.FamilyQA,
		ids:     []string{"t-1", "t-2", "t-3", "t-4"},
		correct: []string{"An adze", "Nine", "37", "Four"},
		wrong:   map[string][]string{"t-3": {"21", "33", "39"}},
	},
	{
		loader: "gpqa", file: "gpqa.csv", family: transcript.FamilyQA,
		ids:     []string{"rec-a1", "rec-a2", "t-5"},
		correct: []string{"Quellium(II)", "A quarter as strong", "The amyloplast"},
		wrong:   map[string][]string{"rec-a2": {"Half as strong", "Twice as strong", "The same"}},
	},
	{
		loader: "cruxeval", file: "cruxeval.jsonl", family: transcript.FamilyCode,
		ids:     []string{"crux-1", "crux-2", "crux-3", "crux-4", "crux-5", "crux-6"},
		correct: []string{"'MAOL'", "8", "2", "[1, 3]", "True", "'hoho!'"},
		// The output mis-traced: an end left out or taken twice,
		// neighbours swapped, a letter's case, a number off by one, an
		// element mis-traced ([1, 3]'s words are the input's, and a slip
		// that keeps them, the swap, is taken where drawn).
		wrong: map[string][]string{
			"crux-1": {"'AOL'", "'MAO'", "'MMAOL'", "'MAOLL'", "'AMOL'", "'MOAL'", "'MALO'", "'mAOL'", "'MaOL'", "'MAoL'", "'MAOl'"},
			"crux-2": {"7", "9"}, "crux-3": {"1", "3"},
			"crux-4": {"[3, 1]", "[3]", "[1]", "[1, 1, 3]", "[1, 3, 3]", "[0, 3]", "[2, 3]", "[1, 2]", "[1, 4]"},
			"crux-5": {"False"},
			"crux-6": {"'oho!'", "'hoho'", "'hhoho!'", "'hoho!!'", "'ohho!'", "'hhoo!'", "'hooh!'", "'hoh!o'", "'Hoho!'", "'hOho!'", "'hoHo!'", "'hohO!'"},
		},
	},
	{
		loader: "finqa", file: "finqa.json", family: transcript.FamilyFinance, hidden: true,
		ids:     []string{"LMR/2021/page_12.pdf-1", "LMR/2021/page_30.pdf-2", "LMR/2021/page_41.pdf-3"},
		correct: []string{"15%", "no", "north"},
		wrong: map[string][]string{
			"LMR/2021/page_12.pdf-1": {"5%", "25%"},
			"LMR/2021/page_30.pdf-2": {"yes"},
			"LMR/2021/page_41.pdf-3": {"east", "south"},
		},
	},
	{
		loader: "jsonl", file: "jsonl.jsonl", family: transcript.FamilyQA, hidden: true,
		settings: "{question: prompt, correct: gold, incorrect: decoys, context: notes, id: meta.uid, difficulty_field: meta.level}",
		ids:      []string{"trivia-a", "trivia-b", "trivia-c"},
		correct:  []string{"The Sarn", "green", "5"},
		wrong:    map[string][]string{"trivia-a": {"The Idle", "The Marrow"}, "trivia-b": {"blue"}, "trivia-c": {"4", "6"}},
	},
}

func (f format) name() string { return strings.TrimSpace(f.loader + " " + f.settings) }

func answerText(q tasks.Question) (correct, wrong string) {
	return q.Answers[q.Correct], q.Answers[1-q.Correct]
}

func TestFormats(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name(), func(t *testing.T) {
			qs := mustLoad(t, f.loader, f.settings, f.file, tasks.LoadOptions{Seed: 7})
			var ids []string
			for _, q := range qs {
				ids = append(ids, q.ID)
			}
			if diff := cmp.Diff(f.ids, ids); diff != "" {
				t.Fatalf("ids (-want +got):\n%s", diff)
			}
			for i, q := range qs {
				correct, wrong := answerText(q)
				if correct != f.correct[i] {
					t.Errorf("%s: got correct answer %q; want %q", q.ID, correct, f.correct[i])
				}
				if wrong == correct || wrong == "" {
					t.Errorf("%s: got distractor %q; want a distinct answer", q.ID, wrong)
				}
				if allowed, ok := f.wrong[q.ID]; ok && !slices.Contains(allowed, wrong) {
					t.Errorf("%s: got distractor %q; want one of %q", q.ID, wrong, allowed)
				}
				if q.Correct != 0 && q.Correct != 1 {
					t.Errorf("%s: got Correct %d; want 0 or 1", q.ID, q.Correct)
				}
				if q.Family != f.family {
					t.Errorf("%s: got family %q; want %q", q.ID, q.Family, f.family)
				}
				if got := q.Context != ""; got != f.hidden {
					t.Errorf("%s: has a context: got %v; want %v", q.ID, got, f.hidden)
				}
				if q.Text == "" {
					t.Errorf("%s: got an empty question", q.ID)
				}
				// A program is shown as the question's exhibit, apart
				// from the question's words.
				if isCode := f.family == transcript.FamilyCode; isCode != strings.HasPrefix(q.Exhibit, "def f(") || strings.Contains(q.Text, "def ") {
					t.Errorf("%s: question %q, exhibit %q; want the program as the exhibit for code and only there", q.ID, q.Text, q.Exhibit)
				}
				if !(q.Difficulty >= 0 && q.Difficulty <= 1) {
					t.Errorf("%s: got difficulty %v; want it in [0, 1]", q.ID, q.Difficulty)
				}
			}
		})
	}
}

func TestDifficulty(t *testing.T) {
	tests := []struct {
		loader, settings, file, id string
		want                       float64
	}{
		{"quality", "", "quality.jsonl", "kestrel-1", 0.25}, // one of four speed annotators chose against the untimed ones
		{"quality", "", "quality.jsonl", "kestrel-2", 0.5},  // no annotators: the default
		{"quality", "difficulty: 0.8", "quality.jsonl", "kestrel-2", 0.8},
		{"boolq", "difficulty: 0.3", "boolq.jsonl", "t-1", 0.3},
		{"jsonl", "{question: prompt, correct: gold, incorrect: decoys, difficulty_field: meta.level}", "jsonl.jsonl", "t-3", 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.loader+" "+tt.id, func(t *testing.T) {
			for _, q := range mustLoad(t, tt.loader, tt.settings, tt.file, tasks.LoadOptions{Seed: 1}) {
				if q.ID == tt.id {
					if q.Difficulty != tt.want {
						t.Errorf("got difficulty %v; want %v", q.Difficulty, tt.want)
					}
					return
				}
			}
			t.Fatalf("no question %s", tt.id)
		})
	}
}

// TestDifficultyAtItsBounds: a record's difficulty of 0 or of 1 is its
// own, not the loader's default; -0 is 0.
func TestDifficultyAtItsBounds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bounds.jsonl")
	data := `{"id": "easy", "question": "Which metal rusts?", "correct": "Iron", "incorrect": "Gold", "level": 0}` + "\n" +
		`{"id": "hard", "question": "Which gas is inert?", "correct": "Neon", "incorrect": "Chlorine", "level": 1}` + "\n" +
		`{"id": "signed", "question": "Which bird swims?", "correct": "Penguin", "incorrect": "Kestrel", "level": -0.0}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "jsonl", "difficulty_field: level").Load(path, tasks.LoadOptions{Task: "t"})
	if err != nil || len(qs) != 3 {
		t.Fatalf("got %d questions, error %v; want 3 and nil", len(qs), err)
	}
	for i, want := range []float64{0, 1, 0} {
		// A -0 is 0, without the sign it would be shown and stored with.
		if qs[i].Difficulty != want || math.Signbit(qs[i].Difficulty) {
			t.Errorf("%s: got difficulty %v; want %v, the record's", qs[i].ID, qs[i].Difficulty, want)
		}
	}
}

// TestReproducible: the same file and seed give the same questions; another
// seed places the answers, and picks the distractors, otherwise.
func TestReproducible(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name(), func(t *testing.T) {
			a := mustLoad(t, f.loader, f.settings, f.file, tasks.LoadOptions{Seed: 7})
			b := mustLoad(t, f.loader, f.settings, f.file, tasks.LoadOptions{Seed: 7})
			if diff := cmp.Diff(a, b); diff != "" {
				t.Fatalf("two loads with seed 7 differ (-first +second):\n%s", diff)
			}
			differs := false
			for _, seed := range []uint64{8, 9, 10} {
				c := mustLoad(t, f.loader, f.settings, f.file, tasks.LoadOptions{Seed: seed})
				for i := range a {
					if a[i].Answers != c[i].Answers {
						differs = true
					}
					if a[i].ID != c[i].ID || a[i].Text != c[i].Text || a[i].Context != c[i].Context {
						t.Errorf("seed %d, question %d: got %s; want the same question as seed 7, %s", seed, i, c[i].ID, a[i].ID)
					}
				}
			}
			if !differs {
				t.Errorf("seeds 7 to 10 placed every answer alike; want the seed to place them")
			}
		})
	}
}

// TestDistractorBySeed: with several wrong choices, the seed picks among
// them.
func TestDistractorBySeed(t *testing.T) {
	picked := map[string]bool{}
	for seed := range uint64(40) {
		qs := mustLoad(t, "quality", "", "quality.jsonl", tasks.LoadOptions{Seed: seed})
		_, wrong := answerText(qs[0])
		picked[wrong] = true
	}
	if len(picked) != 3 {
		t.Errorf("40 seeds picked the distractors %q of kestrel-1; want all three wrong options", slices.Sorted(maps.Keys(picked)))
	}
}

func TestSample(t *testing.T) {
	all := mustLoad(t, "quality", "", "quality.jsonl", tasks.LoadOptions{Seed: 3})
	ids := func(qs []tasks.Question) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	position := map[string]int{}
	for i, q := range all {
		position[q.ID] = i
	}
	var prev []string
	for n := 1; n <= len(all); n++ {
		got := mustLoad(t, "quality", "", "quality.jsonl", tasks.LoadOptions{Seed: 3, N: n})
		if len(got) != n {
			t.Fatalf("n=%d: got %d questions; want %d", n, len(got), n)
		}
		again := mustLoad(t, "quality", "", "quality.jsonl", tasks.LoadOptions{Seed: 3, N: n})
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("n=%d: two samples with one seed differ:\n%s", n, diff)
		}
		for i, q := range got {
			if diff := cmp.Diff(all[position[q.ID]], q); diff != "" {
				t.Errorf("n=%d: %s differs from the same question loaded whole:\n%s", n, q.ID, diff)
			}
			if i > 0 && position[q.ID] < position[got[i-1].ID] {
				t.Errorf("n=%d: got %v; want file order", n, ids(got))
			}
		}
		for _, id := range prev {
			if !slices.Contains(ids(got), id) {
				t.Errorf("n=%d: got %v; want it to keep %s of the sample of n=%d", n, ids(got), id, n-1)
			}
		}
		prev = ids(got)
	}

	// Another seed draws another sample of two.
	samples := map[string]bool{}
	for seed := range uint64(10) {
		got := mustLoad(t, "quality", "", "quality.jsonl", tasks.LoadOptions{Seed: seed, N: 2})
		samples[strings.Join(ids(got), ",")] = true
	}
	if len(samples) < 3 {
		t.Errorf("10 seeds drew %d distinct samples of 2 of 5; want the seed to draw them", len(samples))
	}

	_, _, err := newLoader(t, "quality", "").Load("testdata/quality.jsonl", tasks.LoadOptions{Task: "t", N: 6})
	if want := "n: 6 questions asked, but the file has 5 (in testdata/quality.jsonl)"; err == nil || err.Error() != want || !errors.Is(err, tasks.ErrSampleSize) {
		t.Errorf("n=6 of 5: got error %v; want %q, wrapping tasks.ErrSampleSize", err, want)
	}
}

// TestIDs: without ids of their own, questions are named after the task
// and the line where their record starts.
func TestIDs(t *testing.T) {
	qs := mustLoad(t, "mmlu", "", "mmlu.csv", tasks.LoadOptions{Task: "law", Seed: 1})
	var got []string
	for _, q := range qs {
		got = append(got, q.ID)
	}
	if diff := cmp.Diff([]string{"law-1", "law-2", "law-3", "law-4"}, got); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}

// TestDenseArray: a JSON array written on one line, as json.dump writes
// it, loads; its records without ids are told apart by their place on the
// line, and a problem names the record's place in the array.
func TestDenseArray(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("dense.json", `[{"question": "What was the margin?", "answer": "12.5%", "context": "The margin was 12.5%."}, `+
		`{"question": "Was there a dividend?", "answer": "yes", "context": "A dividend was paid."},`+"\n"+
		`{"question": "How many stores?", "answer": "40", "context": "There were 40 stores."}, {"id": "own", "question": "Debt?", "answer": "no", "context": "No debt."}]`)
	qs, _, err := newLoader(t, "finqa", "").Load(good, tasks.LoadOptions{Task: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		got = append(got, q.ID)
	}
	if diff := cmp.Diff([]string{"t-1", "t-1.2", "t-2", "own"}, got); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	for _, c := range []struct{ data, want string }{
		{`[{"question": "Q?", "answer": "1", "context": "1"}, {"question": "R?", "context": "2"}]`, `bad.json:1: [1].answer: missing: want "answer", or FinQA's "exe_ans"`},
		{`[{"question": "Q?", "answer": "1", "context": "1"}, 3]`, "bad.json:1: [1]: want a JSON object, got a number"},
		// Fields a parser checks itself name the record too.
		{`[{"question": "Q?", "answer": "1", "context": "1"}, {"question": "R?", "answer": "2"}]`, `bad.json:1: [1].context: missing: want "context", or "pre_text", "table" and "post_text"`},
		{`[{"question": "Q?", "answer": "Acme", "context": "1"}]`, `bad.json:1: [0].answer: "Acme" is neither a number nor yes or no: give the record an "incorrect" answer`},
	} {
		_, _, err := newLoader(t, "finqa", "").Load(write("bad.json", c.data), tasks.LoadOptions{Task: "t"})
		if err == nil || !strings.HasSuffix(err.Error(), c.want) {
			t.Errorf("%s: got error %v; want one ending %q", c.data, err, c.want)
		}
	}
}

func TestEvidence(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name(), func(t *testing.T) {
			qs := mustLoad(t, f.loader, f.settings, f.file, tasks.LoadOptions{Seed: 5})
			some := false
			for _, q := range qs {
				if q.Context == "" && len(q.Evidence) > 0 {
					t.Errorf("%s: got %d claims without a context; want none", q.ID, len(q.Evidence))
				}
				seen := map[string]bool{}
				for _, c := range q.Evidence {
					some = true
					if !strings.Contains(q.Context, c.Text) {
						t.Errorf("%s: claim %q is not in the context", q.ID, c.Text)
					}
					if c.Kind != transcript.KindQuote || (c.Answer != 0 && c.Answer != 1) || c.Text == "" {
						t.Errorf("%s: got claim %+v; want a quote for answer 0 or 1", q.ID, c)
					}
					if seen[c.Text] {
						t.Errorf("%s: claim %q twice", q.ID, c.Text)
					}
					seen[c.Text] = true
				}
			}
			if f.hidden && !some {
				t.Errorf("no question has evidence; want some")
			}
		})
	}
}

// TestEvidenceClaims checks chosen claims of the fixtures.
func TestEvidenceClaims(t *testing.T) {
	tests := []struct {
		loader, file, id string
		// claims for the correct answer and for the other that must be in
		// the pool
		forCorrect, forWrong []string
	}{
		{"quality", "quality.jsonl", "kestrel-2",
			[]string{"The supply boat came from Harrow Quay once a month, and its captain, a quiet man named Tobin, always brought her apples."}, nil},
		{"quality", "quality.jsonl", "kestrel-1",
			[]string{"Oriel rationed the oil by lighting the lamp only after the moon had set."}, nil},
		{"gsm8k", "gsm8k.jsonl", "t-1", // the intermediate step for the distractor, the last for the answer
			[]string{"Altogether Pell picks 48+24 = 72 plums."}, []string{"On Tuesday Pell picks 48/2 = 24 plums."}},
		{"gsm8k", "gsm8k.jsonl", "t-3", []string{"5 boxes of 240 beads make 1,200 beads."}, nil},
		{"boolq", "boolq.jsonl", "t-4", // yes or no: the sentences most about the question
			[]string{"It is made only from the milk of the local black-faced sheep, and it ripens in caves for at least nine months."}, nil},
		{"finqa", "finqa.json", "LMR/2021/page_41.pdf-3", []string{"Revenue in the north fell as two showrooms closed.", "north | -6"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.loader+" "+tt.id, func(t *testing.T) {
			for seed := range uint64(4) {
				found := false
				for _, q := range mustLoad(t, tt.loader, "", tt.file, tasks.LoadOptions{Seed: seed}) {
					if q.ID != tt.id {
						continue
					}
					found = true
					has := map[string]int{}
					for _, c := range q.Evidence {
						has[c.Text] = c.Answer + 1
					}
					for _, s := range tt.forCorrect {
						if has[s] != q.Correct+1 {
							t.Errorf("seed %d: %q: got claim for answer %d; want for the correct answer %d (pool %+v)", seed, s, has[s]-1, q.Correct, q.Evidence)
						}
					}
					for _, s := range tt.forWrong {
						if has[s] != 2-q.Correct {
							t.Errorf("seed %d: %q: got claim for answer %d; want for the distractor %d (pool %+v)", seed, s, has[s]-1, 1-q.Correct, q.Evidence)
						}
					}
				}
				if !found {
					t.Fatalf("no question %s", tt.id)
				}
			}
		})
	}
}

// TestBadData: every bad file gives one error, a *tasks.DataError, that
// names the file, the line and the field.
func TestBadData(t *testing.T) {
	const jsonlMap = "{question: q, correct: c, incorrect: w, id: meta.id}"
	tests := []struct {
		loader, settings, file string
		want                   string // the message after the file name
	}{
		{"quality", "", "quality-gold.jsonl", ":2: questions[2].gold_label: 5 is out of range 1..4"},
		{"quality", "", "quality-options.jsonl", ":1: questions[0].options[2]: want a string, got a number"},
		{"quality", "", "quality-no-article.jsonl", ":2: article: missing"},
		{"quality", "", "quality-same-options.jsonl", ":1: questions[0].options: fewer than two distinct answers"},
		// gold_label counts from 1: a 0, as a file counting from 0 gives,
		// is out of range, not the last option.
		{"quality", "", "quality-gold-zero.jsonl", ":1: questions[0].gold_label: 0 is out of range 1..4"},
		// speed_answer counts from 1 as gold_label does: a 0 would make
		// a wrong difficulty without a word.
		{"quality", "", "quality-speed-zero.jsonl", ":1: questions[0].speed_validation[1].speed_answer: 0 is out of range 1..3"},
		{"quality", "", "quality-same-id.jsonl", `:1: questions[1].question_unique_id: duplicate id "b1" in this record`},
		{"boolq", "", "malformed.jsonl", ":3: malformed JSON: unexpected end of input"},
		{"boolq", "", "boolq-answer-type.jsonl", ":2: answer: want true or false, got a string"},
		{"boolq", "", "duplicate-id.jsonl", `:3: id: duplicate id "q1" (first at line 1)`},
		{"boolq", "", "blank-line.jsonl", ":2: blank line; JSON Lines has one JSON object a line"},
		{"boolq", "", "not-an-object.jsonl", ":2: want a JSON object, got an array"},
		// A JSON array written over several lines (an export's "records"
		// with indentation) is named as such, not as a first line cut short.
		{"boolq", "", "json-array.jsonl", ":1: a JSON array over several lines, where JSON Lines has one JSON object a line: write one record a line (jq -c '.[]' does)"},
		{"boolq", "", "array-first.jsonl", ":1: want a JSON object, got an array"},
		{"boolq", "", "not-utf8.jsonl", ":2: not UTF-8: invalid byte at column 41"},
		{"boolq", "", "empty.jsonl", ": no questions in the file"},
		{"gsm8k", "", "gsm8k-no-hashes.jsonl", `:1: answer: no "####" before the final answer`},
		{"gsm8k", "", "gsm8k-not-a-number.jsonl", `:2: answer: want a number after "####", got "seven"`},
		{"mmlu", "", "mmlu-letter.csv", `:3: answer: want A, B, C or D, got "E"`},
		{"mmlu", "", "mmlu-columns.csv", ":2: answer: missing: want 6 columns (question, A, B, C, D, answer), got 5"},
		// The Hugging Face copy saved with Dataset.to_csv: its choices a
		// list in one column, and a subject. The header was read as a
		// question, "D: missing".
		{"mmlu", "", "mmlu-hf-header.csv", ":1: a header of 4 columns (question, subject, choices, answer), where moot reads six, question, choice0 to choice3 and answer, the choices a column each; or save the Hugging Face copy as JSON Lines (Dataset.to_json), which moot reads"},
		{"mmlu", "", "mmlu-quote.csv", `:2: malformed CSV at column 25: extraneous or missing " in quoted-field`},
		{"gpqa", "", "gpqa-open-quote.csv", `:3: malformed CSV: the record that begins on this line runs on to line 4, column 4: extraneous or missing " in quoted-field (a quoted field left open, or a quotation mark inside one not doubled)`},
		{"gpqa", "", "gpqa-bare-quote.csv", `:3: malformed CSV at column 16: bare " in non-quoted-field`},
		{"gpqa", "", "gpqa-no-column.csv", ":1: Incorrect Answer 3: no such column in the header"},
		{"gpqa", "", "gpqa-same.csv", ":3: Incorrect Answer 1: fewer than two distinct answers"},
		{"gpqa", "", "gpqa-header-only.csv", ": no questions in the file"},
		{"gpqa", "", "gpqa-semicolons.csv", ":1: one column, holding semicolons: the file separates its fields with semicolons, where CSV takes commas; save it as CSV with commas"},
		{"mmlu", "", "mmlu-tabs.csv", ":1: one column, holding tabs: the file separates its fields with tabs, where CSV takes commas; save it as CSV with commas"},
		{"mmlu", "", "mmlu-latin1.csv", `:2: not UTF-8: save the file as UTF-8 (a spreadsheet's "CSV UTF-8"), which moot reads`},
		// What a tool may leave that moot does not read, named.
		{"boolq", "", "utf16.jsonl", ": UTF-16 text: save it as UTF-8, which moot reads"},
		{"boolq", "", "gzipped.jsonl", ": gzip-compressed: decompress it first (gunzip), moot reads plain text"},
		// Which of the two is meant? Decoding keeps one without a word.
		{"quality", "", "quality-twice.jsonl", `:1: malformed JSON: a key written twice, "gold_label" within "/questions/0" (which value is meant?)`},
		{"gpqa", "", "gpqa-twice.csv", ":1: Correct Answer: column named twice (columns 2 and 6)"},
		// A comma left unquoted in a cell splits it and moves the cells
		// after it: the question read "What is 1", its answer "000 + 1?".
		{"gpqa", "", "gpqa-unquoted-comma.csv", ":3: 7 columns, where the header has 6: a cell holding a comma must be quoted, else it splits and the cells after it move"},
		// A comma after the last cell leaves an empty one past the
		// header's: said as that, not as a cell split in two.
		{"gpqa", "", "gpqa-trailing-comma.csv", ":2: 6 columns, where the header has 5, the last 1 empty: a comma after the row's last cell, or one left unquoted in a cell, which splits it and moves the cells after it"},
		// A row of one cell: a line that lost its commas.
		{"gpqa", "", "gpqa-one-cell.csv", ":2: 1 column, where the header has 5: a row needs a cell for each column (an empty one between two commas), else the cells after the one left out move"},
		{"cruxeval", "", "cruxeval-no-output.jsonl", ":2: output: missing"},
		{"finqa", "", "finqa-no-context.json", `:3: [1].context: missing: want "context", or "pre_text", "table" and "post_text"`},
		{"finqa", "", "finqa-same-incorrect.jsonl", ":1: incorrect: fewer than two distinct answers"},
		{"finqa", "", "finqa-syntax.json", ":3: malformed JSON: invalid character '\"' after object key:value pair"},
		{"jsonl", jsonlMap, "jsonl-nested.jsonl", ":2: meta: want an object, got a string"},
		{"jsonl", jsonlMap, "jsonl-same.jsonl", `:1: w: fewer than two distinct answers: "this" is the correct one (answers that differ only in letter case, white space or characters no one sees, or numbers of one value, count as one)`},
		{"jsonl", jsonlMap, "jsonl-plus.jsonl", `:1: w: fewer than two distinct answers: "5" is the correct one (answers that differ only in letter case, white space or characters no one sees, or numbers of one value, count as one)`},
		// A misspelt setting shows as a field the file lacks: the message
		// names the setting.
		{"jsonl", "{question: promt, correct: c, incorrect: w}", "jsonl-same.jsonl", ":1: promt: missing (the field that the experiment's question: names)"},
		{"jsonl", "{question: q, correct: c, incorrect: w, difficulty_field: level}", "jsonl-no-level.jsonl", ":2: level: missing (the field that the experiment's difficulty_field: names)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file)
			qs, _, err := newLoader(t, tt.loader, tt.settings).Load(path, tasks.LoadOptions{Task: "t", Seed: 1})
			if err == nil {
				t.Fatalf("got %d questions and no error; want %q", len(qs), path+tt.want)
			}
			if got, want := err.Error(), path+tt.want; got != want {
				t.Errorf("got error %q; want %q", got, want)
			}
			var de *tasks.DataError
			if !errors.As(err, &de) || !errors.Is(err, tasks.ErrBadData) {
				t.Fatalf("got a %T; want a *tasks.DataError wrapping tasks.ErrBadData", err)
			}
			if de.File != path {
				t.Errorf("got File %q; want %q", de.File, path)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("got error %q; want one line", err)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	for _, path := range []string{"testdata/nope.jsonl", "testdata"} {
		_, _, err := newLoader(t, "boolq", "").Load(path, tasks.LoadOptions{Task: "t"})
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Load(%s): got error %v; want one naming the path", path, err)
		}
	}
}

func TestSkipInvalid(t *testing.T) {
	path := "testdata/bad/skip-some.jsonl"
	qs, skipped, err := newLoader(t, "boolq", "").Load(path, tasks.LoadOptions{Task: "t", SkipInvalid: true})
	if err != nil {
		t.Fatalf("got error %v; want nil", err)
	}
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	// Line 2 has a wrong type, line 3 is not JSON, line 5 repeats an id.
	if diff := cmp.Diff([]string{"q1", "q4", "q6"}, ids); diff != "" || skipped != 3 {
		t.Errorf("got %v and %d skipped; want [q1 q4 q6] and 3 skipped", ids, skipped)
	}
	// Without skip_invalid, each is said, a line each, where the first
	// alone was (and the next found once it was mended).
	_, _, err = newLoader(t, "boolq", "").Load(path, tasks.LoadOptions{Task: "t"})
	want := path + ":2: answer: want true or false, got a string\n" +
		path + ":3: malformed JSON: invalid character 'b' looking for beginning of object key string\n" +
		path + `:5: id: duplicate id "q1" (first at line 1)`
	if err == nil || err.Error() != want || !errors.Is(err, tasks.ErrBadData) {
		t.Errorf("without skip_invalid: got error %v; want\n%s", err, want)
	}

	// A file of nothing but invalid lines is still an error.
	_, skipped, err = newLoader(t, "boolq", "").Load("testdata/bad/boolq-answer-type.jsonl", tasks.LoadOptions{Task: "t", SkipInvalid: true})
	if err != nil || skipped != 1 {
		t.Errorf("one valid line of two: got %d skipped, error %v; want 1 and nil", skipped, err)
	}
	dir := t.TempDir()
	allBad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(allBad, []byte("{\n[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, skipped, err = newLoader(t, "boolq", "").Load(allBad, tasks.LoadOptions{Task: "t", SkipInvalid: true})
	if want := allBad + ": no valid questions: all 2 records are invalid (the first at line 1: malformed JSON: unexpected end of input)"; err == nil || err.Error() != want || skipped != 2 {
		t.Errorf("all invalid: got %d skipped, error %v; want 2 and %q", skipped, err, want)
	}

	// A syntax error in a JSON array, or a quote out of place in CSV, stops
	// the load even so: what follows cannot be read reliably.
	for _, tt := range []struct{ loader, file, want string }{
		{"finqa", "finqa-syntax.json", "finqa-syntax.json:3: malformed JSON"},
		{"mmlu", "mmlu-quote.csv", "mmlu-quote.csv:2: malformed CSV"},
		{"boolq", "json-array.jsonl", "json-array.jsonl:1: a JSON array over several lines"},
	} {
		_, _, err = newLoader(t, tt.loader, "").Load("testdata/bad/"+tt.file, tasks.LoadOptions{Task: "t", SkipInvalid: true})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s with skip_invalid: got error %v; want %q", tt.file, err, tt.want)
		}
	}
}

// TestInvalidRecordsSaidAtMostTen: a file of nothing a loader reads (30
// lines of another format) names its first ten invalid records and counts
// the rest, not thirty lines of the same words; and a problem that stops
// the read after invalid records is said after them.
func TestInvalidRecordsSaidAtMostTen(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.jsonl")
	var b strings.Builder
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	if err := os.WriteFile(junk, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := newLoader(t, "boolq", "").Load(junk, tasks.LoadOptions{Task: "t"})
	lines := strings.Split(fmt.Sprint(err), "\n")
	if len(lines) != 11 || !strings.HasPrefix(lines[9], junk+":10: malformed JSON") ||
		lines[10] != junk+": and 20 more invalid records after these (skip_invalid: true, or moot tasks' --skip-invalid, skips every invalid record and counts it)" {
		t.Errorf("got %d lines:\n%v\nwant lines 1 to 10 and a count of 20 more", len(lines), err)
	}
	// A line too long to read stops the read, the bad record before it
	// said first.
	stopped := filepath.Join(dir, "stopped.jsonl")
	if err := os.WriteFile(stopped, []byte("{broken\n"+strings.Repeat("x", 16<<20+1)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = newLoader(t, "boolq", "").Load(stopped, tasks.LoadOptions{Task: "t"})
	lines = strings.Split(fmt.Sprint(err), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], stopped+":1: malformed JSON") || !strings.HasPrefix(lines[1], stopped+":2: line longer than") {
		t.Errorf("got\n%v\nwant line 1's problem, then line 2's that stopped the read", err)
	}
}

// TestJSONLines: finqa reads JSON Lines as well as a JSON array, and a
// byte-order mark is not data.
func TestJSONLines(t *testing.T) {
	data := "\uFEFF" + `{"id": "a", "question": "Was there a dividend?", "answer": "yes", "context": "A dividend was paid."}` + "\n" +
		`{"id": "b", "question": "What was the margin?", "answer": "12.5%", "context": "The margin was 12.5%."}` + "\n"
	qs, err := loadText(t, "finqa", "f.jsonl", data)
	if err != nil || len(qs) != 2 {
		t.Fatalf("got %d questions, error %v; want 2 and nil", len(qs), err)
	}
	if c, w := answerText(qs[1]); c != "12.5%" || !strings.HasSuffix(w, "%") || w == c {
		t.Errorf("got answers %q, %q; want 12.5%% and another percentage", c, w)
	}
}

func TestSettingsErrors(t *testing.T) {
	tests := []struct {
		loader, settings, want string
	}{
		{"boolq", "difficulty: 2", "difficulty: must be in [0, 1], got 2"},
		{"gsm8k", "hardness: 2", "field hardness not found"},
		{"quality", "distractor: worst", `distractor: want random or best, got "worst"`},
		{"gsm8k", "distractor: last", `distractor: want intermediate or nearby, got "last"`},
		{"jsonl", "{question: '', correct: a, incorrect: b}", "question: empty: name the field that holds the question"},
		{"jsonl", "{question: q, correct: a, incorrect: ''}", "incorrect: empty: name the field that holds the incorrect answer or answers"},
		// (the families a test of this package registered follow finance)
		{"jsonl", "{question: q, correct: a, incorrect: b, family: poetry}", `family: want qa, math, code`},
		{"jsonl", "{question: q, correct: a., incorrect: b}", `correct: "a." is not a field: want a key or a dotted path, like meta.id`},
	}
	for _, tt := range tests {
		t.Run(tt.loader+" "+tt.settings, func(t *testing.T) {
			f, err := tasks.LookupLoader(tt.loader)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f(taskstest.Decoder(tt.settings))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want %q", err, tt.want)
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	want := []string{"boolq", "cruxeval", "finqa", "gpqa", "gsm8k", "jsonl", "judgebench", "mmlu", "mtbench-human", "quality", "rewardbench"}
	if diff := cmp.Diff(want, tasks.Loaders()); diff != "" {
		t.Errorf("loaders (-want +got):\n%s", diff)
	}
	if _, err := tasks.LookupLoader("squad"); !errors.Is(err, tasks.ErrUnknownLoader) {
		t.Errorf("LookupLoader(squad): got %v; want ErrUnknownLoader", err)
	}
	var s loaders.Settings = loaders.DefaultSettings()
	if s.Difficulty != 0.5 {
		t.Errorf("default difficulty: got %v; want 0.5", s.Difficulty)
	}
}

// TestTrailingBlankLines: blank lines at the end of a JSON Lines file, as
// editors leave them, are not records and not errors; one between records
// is an error (TestBadData).
func TestTrailingBlankLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trailing.jsonl")
	data := `{"id": "q1", "question": "is the honey dark", "passage": "Bram kept bees on the roof. The honey was dark.", "answer": true}
{"id": "q2", "question": "is the roof flat", "passage": "The roof was flat and warm.", "answer": true}

  
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, skipped, err := newLoader(t, "boolq", "").Load(path, tasks.LoadOptions{Task: "t", Seed: 1})
	if err != nil || len(qs) != 2 || skipped != 0 {
		t.Errorf("got %d questions, %d skipped, error %v; want 2, 0 and none", len(qs), skipped, err)
	}
}

// TestBlankCSVRows: rows of white space, or of empty cells alone (as a
// spreadsheet leaves), hold no record, as empty lines do not: the file
// loads as without them, none counted as skipped, before the header too.
func TestBlankCSVRows(t *testing.T) {
	for _, tc := range []struct{ loader, data string }{
		{"mmlu", "Which metal rusts?,gold,iron,tin,lead,B\n   \n\t\n,,,,,\n"},
		{"gpqa", " \nQuestion,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3\n,,,,\nWhich metal rusts?,iron,gold,tin,lead\n\t\n"},
		// A blank first row with a tab is blank, not a file separated
		// by tabs.
		{"mmlu", "\t\nWhich metal rusts?,gold,iron,tin,lead,B\n"},
		{"gpqa", " \t \nQuestion,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3\nWhich metal rusts?,iron,gold,tin,lead\n"},
	} {
		path := filepath.Join(t.TempDir(), tc.loader+".csv")
		if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		qs, skipped, err := newLoader(t, tc.loader, "").Load(path, tasks.LoadOptions{Task: "t", Seed: 1, SkipInvalid: true})
		if err != nil || len(qs) != 1 || skipped != 0 {
			t.Errorf("%s: got %d questions, %d skipped, error %v; want 1, 0 and none", tc.loader, len(qs), skipped, err)
		}
	}
}

// TestFirstRowWithASemicolonIsSkippable: a first record of one column
// holding a semicolon (a title line) is an invalid record, which
// skip_invalid passes over, not the end of the load; where every record
// is so, the error says why the first was.
func TestFirstRowWithASemicolonIsSkippable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mmlu.csv")
	if err := os.WriteFile(path, []byte("MMLU; part 1\nWhich metal rusts?,gold,iron,tin,lead,B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, skipped, err := newLoader(t, "mmlu", "").Load(path, tasks.LoadOptions{Task: "t", Seed: 1, SkipInvalid: true})
	if err != nil || len(qs) != 1 || skipped != 1 {
		t.Errorf("got %d questions, %d skipped, error %v; want 1, 1 and none", len(qs), skipped, err)
	}
	if err := os.WriteFile(path, []byte("What is 2+2?;4;3;5;6;A\nWhat is 3+3?;6;5;7;8;A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = newLoader(t, "mmlu", "").Load(path, tasks.LoadOptions{Task: "t", Seed: 1, SkipInvalid: true})
	if err == nil || !strings.Contains(err.Error(), "all 2 records are invalid (the first at line 1: one column, holding semicolons") {
		t.Errorf("a file separated by semicolons, skipping invalid records: %v; want the separator said", err)
	}
}

// TestJSONLContextPerRecord: a JSONL file may mix questions with a text
// and without: a context that is null or empty is none, and the question
// has no evidence pool; a record without the field at all is refused,
// as a misspelt field name would be.
func TestJSONLContextPerRecord(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mixed.jsonl")
	data := `{"id": "a", "question": "Who hid the kettle?", "correct": "Mira", "incorrect": "Tam", "notes": "Mira hid the kettle in Dorwick."}` + "\n" +
		`{"id": "b", "question": "Which tool does a cooper use most?", "correct": "An adze", "incorrect": "A kiln", "notes": null}` + "\n" +
		`{"id": "c", "question": "Which metal rusts?", "correct": "Iron", "incorrect": "Gold", "notes": "  "}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "jsonl", "context: notes").Load(path, tasks.LoadOptions{Task: "t"})
	if err != nil || len(qs) != 3 {
		t.Fatalf("got %d questions, error %v; want 3 and nil", len(qs), err)
	}
	for i, q := range qs {
		if want := i == 0; (q.Context != "") != want || (len(q.Evidence) > 0) != want {
			t.Errorf("question %s: context %q, %d claims; want a text and claims: %v", q.ID, q.Context, len(q.Evidence), want)
		}
	}
	if err := os.WriteFile(path, []byte(data+`{"id": "d", "question": "Which gas?", "correct": "Neon", "incorrect": "Tin"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := newLoader(t, "jsonl", "context: notes").Load(path, tasks.LoadOptions{Task: "t"}); err == nil || !strings.Contains(err.Error(), "notes: missing") {
		t.Errorf("a record without the context field: %v; want it refused naming the field", err)
	}
}

// TestFinQAExecutionAnswer: a FinQA record whose "qa" holds the program's
// result, "exe_ans", and no "answer" (the schema FinQA's README gives),
// or a blank or null one, is answered by that result, read as the plain
// decimal it is in exponent form too (Python's json writes 0.00001 as
// 1e-05); an "answer" beside it is the answer.
func TestFinQAExecutionAnswer(t *testing.T) {
	data := `{"id": "a", "qa": {"question": "What was the change?", "exe_ans": 14.5, "program": "subtract(30, 15.5)"}, "context": "It rose from 15.5 to 30."}` + "\n" +
		`{"id": "b", "qa": {"question": "What was the change?", "answer": " ", "exe_ans": 3}, "context": "It rose from 2 to 5."}` + "\n" +
		`{"id": "c", "qa": {"question": "What was the share?", "answer": "53%", "exe_ans": 0.53061}, "context": "26 of 49 were sold."}` + "\n" +
		`{"id": "d", "qa": {"question": "What was the share?", "answer": null, "exe_ans": 0.25}, "context": "A quarter."}` + "\n" +
		`{"id": "e", "qa": {"question": "What was the rate?", "exe_ans": 1e-05}, "context": "Tiny."}` + "\n" +
		`{"id": "f", "qa": {"question": "What was the total?", "exe_ans": 2.5E3}, "context": "Large."}` + "\n"
	qs, err := loadText(t, "finqa", "f.jsonl", data)
	if err != nil || len(qs) != 6 {
		t.Fatalf("got %d questions, error %v; want 6 and nil", len(qs), err)
	}
	for i, want := range []string{"14.5", "3", "53%", "0.25", "0.00001", "2500"} {
		if c, w := answerText(qs[i]); c != want || w == c {
			t.Errorf("%s: got answers %q, %q; want %s and another", qs[i].ID, c, w, want)
		}
	}
}

// TestFinQAWithoutAnswer: a record with neither an answer nor a program's
// result is refused, naming both.
func TestFinQAWithoutAnswer(t *testing.T) {
	_, err := loadText(t, "finqa", "f.jsonl", `{"id": "a", "qa": {"question": "What was the change?"}, "context": "It rose."}`+"\n")
	if err == nil || !strings.Contains(err.Error(), `qa.answer: missing: want "answer", or FinQA's "exe_ans"`) {
		t.Errorf("got %v; want the missing answer named", err)
	}
}

// TestGSM8KNearby: with distractor: nearby, GSM8K's distractor is the
// answer moved, not a result of the solution: 72 (whose solution computes
// 24) gets an even number from 64 to 82 that does not end in 0; 280
// (from 8 and 35) one ending in a single 0 whose digit before it is even
// and not 0.
func TestGSM8KNearby(t *testing.T) {
	qs, _, err := newLoader(t, "gsm8k", "distractor: nearby").Load(filepath.Join("testdata", "gsm8k.jsonl"), tasks.LoadOptions{Task: "t"})
	if err != nil || len(qs) < 2 {
		t.Fatalf("got %d questions, error %v; want the file's", len(qs), err)
	}
	for i, ok := range []func(int) bool{
		func(v int) bool { return v >= 64 && v <= 82 && v%2 == 0 && v%10 != 0 && v != 72 },
		func(v int) bool { return v%10 == 0 && (v/10)%2 == 0 && (v/10)%10 != 0 && v != 280 },
	} {
		c, w := answerText(qs[i])
		v, err := strconv.Atoi(w)
		if err != nil || !ok(v) {
			t.Errorf("%s: correct %s, distractor %q; want the answer moved, as round", qs[i].ID, c, w)
		}
	}
}

// TestCRUXEvalNoArguments: a function of no arguments has the input ""
// (CRUXEval's sample_135): its question calls f(), and it loads.
func TestCRUXEvalNoArguments(t *testing.T) {
	data := `{"id": "a", "code": "def f():\n    return 3", "input": "", "output": "3"}` + "\n" +
		`{"id": "b", "code": "def f(x):\n    return x", "input": "'ab'", "output": "'ab'"}` + "\n"
	qs, err := loadText(t, "cruxeval", "c.jsonl", data)
	if err != nil || len(qs) != 2 {
		t.Fatalf("got %d questions, error %v; want 2 and nil", len(qs), err)
	}
	if want := "What does the program return for f()?"; qs[0].Text != want {
		t.Errorf("got %q; want %q", qs[0].Text, want)
	}
}

// TestOptionsNamingOthers: an MMLU question whose correct option names
// the others is set aside and counted; a wrong option naming the others
// is no distractor; a question left with none is set aside too.
func TestOptionsNamingOthers(t *testing.T) {
	data := "Which is a mammal?,Whale,Shark,None of the above,All of the above,A\n" +
		"Which are mammals?,Whale,Bat,Shark,All of the above,D\n" +
		"Which is red?,Blood,A and B,Both A and B,None of the above,A\n" +
		"Which is a fish?,Whale,Shark,Bat,Cow,B\n"
	path := filepath.Join(t.TempDir(), "m.csv")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	l := newLoader(t, "mmlu", "")
	qs, _, aside, err := l.(tasks.SetAsider).LoadSetAside(path, tasks.LoadOptions{Task: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || aside["correct answer naming the other options"] != 1 || aside["no other option answering"] != 1 {
		t.Fatalf("got %d questions, set aside %v; want 2, one of each kind", len(qs), aside)
	}
	for seed := range uint64(20) {
		qs, _, err := l.Load(path, tasks.LoadOptions{Task: "t", Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if w := qs[0].Answers[1-qs[0].Correct]; w != "Shark" {
			t.Errorf("seed %d: distractor %q; want Shark, the one wrong option that answers", seed, w)
		}
	}
}

// TestMMLUWithHeader: a file exported from the Hugging Face copy opens
// with "question,choice0,…,answer" and gives the answer as an index from
// 0: its header is passed over and its answers read so; in a file
// without the header, an index is refused.
func TestMMLUWithHeader(t *testing.T) {
	data := "question,choice0,choice1,choice2,choice3,answer\nWhich is a mammal?,Shark,Whale,Trout,Eel,1\nWhich is a fish?,Trout,Whale,Bat,Cow,0\n"
	qs, err := loadText(t, "mmlu", "h.csv", data)
	if err != nil || len(qs) != 2 {
		t.Fatalf("got %d questions, error %v; want 2 and nil", len(qs), err)
	}
	for i, want := range []string{"Whale", "Trout"} {
		if c, _ := answerText(qs[i]); c != want {
			t.Errorf("%s: correct %q; want %q", qs[i].ID, c, want)
		}
	}
	if _, err := loadText(t, "mmlu", "b.csv", "Which is a mammal?,Shark,Whale,Trout,Eel,1\n"); err == nil || !strings.Contains(err.Error(), `answer: want A, B, C or D, got "1"`) {
		t.Errorf("an index without the header: got %v; want it refused", err)
	}
}

// TestFinQACountedAnswers: a number followed by what it counts ("$ 193
// million", "101 stores created per year", as FinQA writes some answers)
// is a numeric answer: its distractor is the number moved, the words kept.
func TestFinQACountedAnswers(t *testing.T) {
	data := `{"id": "a", "question": "What was the charge?", "answer": "$ 193 million", "context": "The charge was $193 million."}` + "\n" +
		`{"id": "b", "question": "How many stores a year?", "answer": "101 stores created per year", "context": "It opened 101 stores a year."}` + "\n"
	qs, err := loadText(t, "finqa", "f.jsonl", data)
	if err != nil || len(qs) != 2 {
		t.Fatalf("got %d questions, error %v; want 2 and nil", len(qs), err)
	}
	for i, tt := range []struct{ correct, unit string }{{"$193 million", " million"}, {"101 stores created per year", " stores created per year"}} {
		c, w := answerText(qs[i])
		if c != tt.correct || w == c || !strings.HasSuffix(w, tt.unit) || strings.HasPrefix(c, "$") != strings.HasPrefix(w, "$") {
			t.Errorf("%s: got %q, %q; want %q and the number moved, its words kept", qs[i].ID, c, w, tt.correct)
		}
	}
}

// TestOptionsNamingOthersCounted: a file of choices says what it set
// aside where it holds fewer questions than records — every record set
// aside, or fewer kept than n — through Load (moot tasks show and tell)
// and LoadSetAside (moot validate and run) alike.
func TestOptionsNamingOthersCounted(t *testing.T) {
	dir := t.TempDir()
	only := filepath.Join(dir, "aside.csv")
	some := filepath.Join(dir, "some.csv")
	for path, data := range map[string]string{
		only: "Which?,x,y,z,All of the above,D\nWhich two?,p,q,Both A and B,r,C\n",
		some: "Which?,x,y,z,All of the above,D\nWhich is a fish?,Whale,Shark,Bat,Cow,B\n",
	} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := newLoader(t, "mmlu", "")
	for _, tc := range []struct {
		path string
		n    int
		want string
	}{
		{only, 0, `no questions in the file (2 records set aside: 2 "correct answer naming the other options")`},
		{some, 2, `n: 2 questions asked, but the file has 1 (and 1 record set aside: 1 "correct answer naming the other options") (in ` + some + ")"},
	} {
		opts := tasks.LoadOptions{Task: "t", N: tc.n}
		_, _, err := l.Load(tc.path, opts)
		_, _, _, errSA := l.(tasks.SetAsider).LoadSetAside(tc.path, opts)
		for _, err := range []error{err, errSA} {
			if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
				t.Errorf("%s, n %d: err = %v; want it to end %q", filepath.Base(tc.path), tc.n, err, tc.want)
			}
		}
	}
}

// loadText writes data to a file named name and loads it with loader at
// its default settings.
func loadText(t *testing.T, loader, name, data string) ([]tasks.Question, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, loader, "").Load(path, tasks.LoadOptions{Task: "t"})
	return qs, err
}
