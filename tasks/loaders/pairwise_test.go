package loaders_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/tasks"
)

// pairFixture is one pairwise fixture: the better response of each kept
// row by id, and the rows set aside.
type pairFixture struct {
	loader, file string
	better       map[string]string
	worse        map[string]string // for some ids
	ids          []string
	aside        map[string]int
}

var pairFixtures = []pairFixture{
	{
		loader: "judgebench", file: "judgebench.jsonl",
		ids:    []string{"jb-01", "jb-02", "jb-03", "jb-04", "jb-05", "jb-06", "jb-07", "jb-09", "jb-10"},
		better: map[string]string{"jb-01": "240 / 16 = 15, so the tank is empty after 15 minutes.", "jb-03": "Nitrogen, about 78 percent by volume.", "jb-06": "In the pancreas, by the beta cells of the islets of Langerhans."},
		worse:  map[string]string{"jb-06": "The liver."},
		aside:  map[string]int{"A=B": 1},
	},
	{
		loader: "rewardbench", file: "rewardbench.json",
		ids:    []string{"3001", "3002", "3003", "3004", "3005", "3006", "3007", "3008"},
		better: map[string]string{"3001": "Box Baron", "3004": "17 x 6 = 102.", "3007": "Red, green and blue."},
		worse:  map[string]string{"3004": "17 x 6 = 112."},
	},
	{
		loader: "mtbench-human", file: "mtbench-human.jsonl",
		ids: []string{"81-t1-m-alpha-vs-m-beta-expert_1", "82-t1-m-beta-vs-m-alpha-expert_1", "82-t2-m-alpha-vs-m-beta-author_3",
			"83-t1-m-alpha-vs-m-beta-expert_2", "83-t2-m-beta-vs-m-alpha-expert_1", "84-t1-m-beta-vs-m-alpha-author_3", "84-t2-m-alpha-vs-m-beta-expert_2"},
		better: map[string]string{
			"81-t1-m-alpha-vs-m-beta-expert_1": "Hi Sam, fancy lunch on Friday? My treat, 12:30 at the corner cafe.",
			"84-t2-m-alpha-vs-m-beta-expert_2": "Turn 1:\nA whole number greater than 1 whose only divisors are 1 and itself.\n\nTurn 2:\nNo: 91 = 7 x 13.",
		},
		worse: map[string]string{"84-t1-m-beta-vs-m-alpha-author_3": "A number that is only divisible by 1 and itself, such as 1, 2, 3 and 5."},
		aside: map[string]int{"tie": 1, "tie (bothbad)": 1},
	},
}

func TestPairwiseFormats(t *testing.T) {
	for _, f := range pairFixtures {
		t.Run(f.loader, func(t *testing.T) {
			l := newLoader(t, f.loader, "")
			sa, ok := l.(tasks.SetAsider)
			if !ok {
				t.Fatalf("the %s loader is a %T; want a tasks.SetAsider", f.loader, l)
			}
			qs, skipped, aside, err := sa.LoadSetAside(filepath.Join("testdata", f.file), tasks.LoadOptions{Task: "t", Seed: 3})
			if err != nil || skipped != 0 {
				t.Fatalf("got error %v, %d skipped; want nil, 0", err, skipped)
			}
			if diff := cmp.Diff(f.aside, aside); diff != "" {
				t.Errorf("set aside (-want +got):\n%s", diff)
			}
			var ids []string
			slots := [2]int{}
			for _, q := range qs {
				ids = append(ids, q.ID)
				slots[q.Correct]++
				correct, wrong := answerText(q)
				if want, ok := f.better[q.ID]; ok && correct != want {
					t.Errorf("%s: got better response %q; want %q", q.ID, correct, want)
				}
				if want, ok := f.worse[q.ID]; ok && wrong != want {
					t.Errorf("%s: got worse response %q; want %q", q.ID, wrong, want)
				}
				if q.Text == "" || q.Context != "" || len(q.Evidence) != 0 {
					t.Errorf("%s: text %q, context %q, %d claims; want a prompt and nothing hidden", q.ID, q.Text, q.Context, len(q.Evidence))
				}
			}
			if diff := cmp.Diff(f.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			// The better response is placed by the seed, not by the
			// file's order: both slots are used.
			if slots[0] == 0 || slots[1] == 0 {
				t.Errorf("better response in slot A %d times, B %d times; want both", slots[0], slots[1])
			}
			// Load is LoadSetAside without the count.
			plain, _, err := l.Load(filepath.Join("testdata", f.file), tasks.LoadOptions{Task: "t", Seed: 3})
			if err != nil || !cmp.Equal(plain, qs) {
				t.Errorf("Load: got error %v and other questions than LoadSetAside", err)
			}
		})
	}
}

// TestMTBenchTurnTwo: a second-turn judgment reads both user turns as the
// prompt and each model's two answers, labelled by turn.
func TestMTBenchTurnTwo(t *testing.T) {
	qs := mustLoad(t, "mtbench-human", "", "mtbench-human.jsonl", tasks.LoadOptions{Seed: 1})
	for _, q := range qs {
		if q.ID != "82-t2-m-alpha-vs-m-beta-author_3" {
			continue
		}
		want := "Turn 1:\nExplain why the sky looks blue.\n\nTurn 2:\nExplain it to a five-year-old."
		if q.Text != want {
			t.Errorf("got prompt %q; want %q", q.Text, want)
		}
		_, wrong := answerText(q)
		if want := "Turn 1:\nThe sky reflects the colour of the oceans.\n\nTurn 2:\nBecause the sea is blue and the sky is like a mirror."; wrong != want {
			t.Errorf("got worse response %q; want %q", wrong, want)
		}
		return
	}
	t.Fatal("no second-turn question")
}

// TestPairwiseIndentationCounts: two programs that differ in their
// indentation alone (a return inside the loop or after it) are two
// responses; two one-line answers that differ in letter case are one.
func TestPairwiseIndentationCounts(t *testing.T) {
	dir := t.TempDir()
	after := "def first(xs):\n    for x in xs:\n        if x:\n            return x\n    return 0"
	inside := "def first(xs):\n    for x in xs:\n        if x:\n            return x\n        return 0"
	rec := func(chosen, rejected string) string {
		line, _ := json.Marshal(map[string]any{"id": 1, "prompt": "Return the first truthy item, or 0.", "chosen": chosen, "rejected": rejected})
		return string(line) + "\n"
	}
	code := filepath.Join(dir, "code.jsonl")
	os.WriteFile(code, []byte(rec(after, inside)), 0o644)
	if qs, _, err := newLoader(t, "rewardbench", "").Load(code, tasks.LoadOptions{Task: "t", Seed: 1}); err != nil || len(qs) != 1 {
		t.Errorf("programs that differ in indentation: %d questions, %v; want one", len(qs), err)
	}
	// A response that is a function's body keeps its first line's
	// indentation (its blank lines before and white space after trimmed).
	body := filepath.Join(dir, "body.jsonl")
	os.WriteFile(body, []byte(rec("\n    for x in xs:\n        if x:\n            return x\n    return 0\n", "    return xs[0]")), 0o644)
	qs, _, err := newLoader(t, "rewardbench", "").Load(body, tasks.LoadOptions{Task: "t", Seed: 1})
	if err != nil || len(qs) != 1 || !slices.Contains(qs[0].Answers[:], "    for x in xs:\n        if x:\n            return x\n    return 0") || !slices.Contains(qs[0].Answers[:], "    return xs[0]") {
		t.Errorf("indented bodies: %+v, %v; want each as written, its first line's indentation kept", qs, err)
	}
	// Two bodies alike but for their first line's indentation are two.
	shifted := filepath.Join(dir, "shifted.jsonl")
	os.WriteFile(shifted, []byte(rec("    x = 1\n    return x", "x = 1\n    return x")), 0o644)
	if qs, _, err := newLoader(t, "rewardbench", "").Load(shifted, tasks.LoadOptions{Task: "t", Seed: 1}); err != nil || len(qs) != 1 {
		t.Errorf("bodies that differ in their first line's indentation: %d questions, %v; want one", len(qs), err)
	}
	short := filepath.Join(dir, "short.jsonl")
	os.WriteFile(short, []byte(rec("Paris.", "  paris. ")), 0o644)
	if _, _, err := newLoader(t, "rewardbench", "").Load(short, tasks.LoadOptions{Task: "t", Seed: 1}); err == nil || !strings.Contains(err.Error(), "but for letter case") {
		t.Errorf("one-line answers that differ in case: %v; want them refused as one", err)
	}
}

func TestPairwiseBadData(t *testing.T) {
	tests := []struct{ loader, file, want string }{
		{"judgebench", "judgebench-label.jsonl", `:2: label: want A>B, B>A or A=B, got "A>>B"`},
		{"judgebench", "judgebench-missing.jsonl", ":2: response_B: missing"},
		{"rewardbench", "rewardbench-missing.json", ":3: [1].chosen: missing"},
		// A record of a JSON array written over many lines: the field's line.
		{"rewardbench", "rewardbench-spread.json", ":7: [1].rejected: want a string, got a number"},
		{"rewardbench", "rewardbench-same.jsonl", ":1: rejected: the same as the other response: a pair needs two different responses"},
		{"judgebench", "judgebench-same.jsonl", ":2: response_A: the same as the other response but for letter case, white space or how a number is written: a pair needs two different responses"},
		{"mtbench-human", "mtbench-winner.jsonl", `:2: winner: want model_a, model_b, tie, tie (bothbad) or tie (inconsistent), got "model_c"`},
		{"mtbench-human", "mtbench-missing.jsonl", ":2: conversation_b[1].content: missing"},
		{"mtbench-human", "mtbench-user.jsonl", ":2: conversation_b[0].content: the user's turn 1 differs from conversation_a's"},
		{"mtbench-human", "mtbench-turn.jsonl", ":2: conversation_a: 2 messages; turn 2 needs 4 (user, assistant, …)"},
		{"mtbench-human", "mtbench-turn-short.jsonl", ":1: conversation_a: 3 messages; turn 2 needs 4 (user, assistant, …)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file)
			_, _, err := newLoader(t, tt.loader, "").Load(path, tasks.LoadOptions{Task: "t", Seed: 1})
			if err == nil {
				t.Fatalf("got no error; want %q", path+tt.want)
			}
			if got := err.Error(); got != path+tt.want {
				t.Errorf("got error %q; want %q", got, path+tt.want)
			}
			var de *tasks.DataError
			if !errors.As(err, &de) || !errors.Is(err, tasks.ErrBadData) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %T %q; want a one-line *tasks.DataError wrapping ErrBadData", err, err)
			}
		})
	}
}

// TestPairwiseOfTiesOnly: a file whose every record is a tie has no
// question; the error says the ties were set aside.
func TestPairwiseOfTiesOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ties.jsonl")
	line := `{"pair_id": "p%d", "question": "Which is kinder?", "response_A": "Yes.", "response_B": "No.", "label": "A=B"}` + "\n"
	if err := os.WriteFile(path, []byte(fmt.Sprintf(line, 1)+fmt.Sprintf(line, 2)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := loadJudgeBench(t, path, 0)
	if err == nil || !strings.Contains(err.Error(), "2 ties set aside") {
		t.Errorf("err = %v; want it to say that 2 ties were set aside", err)
	}
}

// TestPairwiseSampleOverTheFile: asking for more questions than the file
// has says how many ties it set aside besides.
func TestPairwiseSampleOverTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "few.jsonl")
	line := `{"pair_id": "p%d", "question": "Which is kinder?", "response_A": "Yes%d.", "response_B": "No.", "label": "%s"}` + "\n"
	data := fmt.Sprintf(line, 1, 1, "A>B") + fmt.Sprintf(line, 2, 2, "A=B") + fmt.Sprintf(line, 3, 3, "B>A")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	err := loadJudgeBench(t, path, 3)
	if want := "n: 3 questions asked, but the file has 2 (and 1 tie set aside) (in " + path + ")"; err == nil || err.Error() != want || !errors.Is(err, tasks.ErrSampleSize) {
		t.Errorf("err = %v; want %q", err, want)
	}
}

// TestPairwiseBadRecordAfterATie: a bad record after a tie keeps its line
// and field; the ties are not its cause.
func TestPairwiseBadRecordAfterATie(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mixed.jsonl")
	data := `{"pair_id": "t1", "question": "q", "response_A": "x", "response_B": "y", "label": "A=B"}` + "\n" +
		`{"pair_id": "p1", "question": "2 + 2?", "response_A": "4", "label": "A>B"}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	err := loadJudgeBench(t, path, 0)
	if want := path + ":2: response_B: "; err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "set aside") {
		t.Errorf("err = %v; want it to begin %q and not blame the tie", err, want)
	}
}

// loadJudgeBench loads n questions (0: all) of the JudgeBench file at
// path with the loader's defaults and returns its error.
func loadJudgeBench(t *testing.T, path string, n int) error {
	t.Helper()
	_, _, err := judgeBench(t).Load(path, tasks.LoadOptions{N: n, Seed: 1})
	return err
}

// judgeBench is the JudgeBench loader with its defaults.
func judgeBench(t *testing.T) tasks.Loader {
	t.Helper()
	l, err := tasks.LookupLoader("judgebench")
	if err != nil {
		t.Fatal(err)
	}
	loader, err := l(func(any) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return loader
}

// TestPairwiseTieRepeatingAnID: a row set aside as a tie still takes its
// id, so that the id repeated, before or after it, is refused as any
// repeated id is (docs/judges.md), whichever of the two rows is the tie.
func TestPairwiseTieRepeatingAnID(t *testing.T) {
	row := func(label string) string {
		return fmt.Sprintf(`{"pair_id": "p1", "question": "Q?", "response_A": "one", "response_B": "two", "label": %q}`, label)
	}
	for name, rows := range map[string][2]string{
		"tie second": {row("A>B"), row("A=B")},
		"tie first":  {row("A=B"), row("B>A")},
		"both ties":  {row("A=B"), row("A=B")},
	} {
		path := filepath.Join(t.TempDir(), "jb.jsonl")
		if err := os.WriteFile(path, []byte(rows[0]+"\n"+rows[1]+"\n"+`{"pair_id": "p2", "question": "R?", "response_A": "x", "response_B": "y", "label": "A>B"}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := loadJudgeBench(t, path, 0); err == nil || !strings.Contains(err.Error(), `:2: pair_id: duplicate id "p1" (first at line 1)`) {
			t.Errorf("%s: %v; want line 2's id refused as a repeat of line 1's", name, err)
		}
	}
}

// TestPairwiseSkippedTieIsNotSetAside: with skip_invalid, a tie row
// refused for its repeated id is counted once, as skipped, not also as a
// tie set aside; the tie taken is counted as set aside.
func TestPairwiseSkippedTieIsNotSetAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jb.jsonl")
	rows := `{"pair_id": "p1", "question": "Q?", "response_A": "one", "response_B": "two", "label": "A=B"}` + "\n" +
		`{"pair_id": "p1", "question": "Q?", "response_A": "one", "response_B": "two", "label": "A=B"}` + "\n" +
		`{"pair_id": "p2", "question": "R?", "response_A": "x", "response_B": "y", "label": "A>B"}` + "\n"
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, skipped, aside, err := judgeBench(t).(tasks.SetAsider).LoadSetAside(path, tasks.LoadOptions{Seed: 1, SkipInvalid: true})
	if err != nil || len(qs) != 1 || skipped != 1 || aside["A=B"] != 1 || len(aside) != 1 {
		t.Errorf("%d questions, %d skipped, set aside %v, %v; want 1, 1 skipped, one tie set aside", len(qs), skipped, aside, err)
	}
}
