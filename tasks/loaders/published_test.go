package loaders_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/tasks"
)

// TestQualityRows: QuALITY as tasksource/QuALITY on Hugging Face exports
// it (to_json), a question a row beside its article's fields, reads as the
// release's article-a-line layout does: the ids, the 1-based gold_label,
// the annotators' best distractor and speed difficulty, the article's group
// (its article_id a number there).
func TestQualityRows(t *testing.T) {
	qs := mustLoad(t, "quality", "distractor: best", "quality-rows.jsonl", tasks.LoadOptions{Seed: 1})
	type got struct{ ID, Correct, Wrong, Group string }
	var all []got
	for _, q := range qs {
		all = append(all, got{q.ID, q.Answers[q.Correct], q.Answers[1-q.Correct], q.Group})
		if !strings.HasPrefix(q.Context, "The Mill at Ferrow\n\nThe mill at Ferrow ground oats") {
			t.Errorf("%s: context %q; want the article", q.ID, q.Context)
		}
	}
	want := []got{
		{"61001_QWERTYUI_1", "The river fell too low", "It froze", "61001"},
		{"61001_QWERTYUI_2", "A team of oxen", "The wheel", "61001"},
	}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("questions (-want +got):\n%s", diff)
	}
	if qs[0].Difficulty != 0.25 || qs[1].Difficulty != 0 {
		t.Errorf("difficulties %v, %v; want 0.25 (one of four speed annotators against the untimed ones), 0", qs[0].Difficulty, qs[1].Difficulty)
	}
}

// TestPublishedLayoutsRefused: layouts of the published datasets that the
// loaders cannot read as meant are refused at their line and field, saying
// which file to read instead: QuALITY's HTML files and its unlabelled test
// split, SuperGLUE BoolQ's test split (label -1) and RewardBench 2's lists
// of responses.
func TestPublishedLayoutsRefused(t *testing.T) {
	for _, c := range []struct{ loader, file, want string }{
		{"quality", "quality-html.jsonl", ":1: article: HTML, as QuALITY's QuALITY.v1.0.1.<split> files hold it: read the HTML-stripped file of the split, QuALITY.v1.0.1.htmlstripped.<split>"},
		{"quality", "quality-test.jsonl", ":1: questions[0].gold_label: missing (QuALITY's test split is unlabelled: read the train or dev file)"},
		{"boolq", "boolq-unlabelled.jsonl", ":1: label: -1, as an unlabelled test split has it: read the train or validation split"},
		{"rewardbench", "rewardbench-2.jsonl", ":1: chosen: a list of responses, as RewardBench 2 (allenai/reward-bench-2) gives them"},
	} {
		path := filepath.Join("testdata", "bad", c.file)
		_, _, err := newLoader(t, c.loader, "").Load(path, tasks.LoadOptions{Task: "t"})
		if de := (*tasks.DataError)(nil); !errors.As(err, &de) || !strings.Contains(err.Error(), path+c.want) {
			t.Errorf("%s %s: %v; want a DataError %q", c.loader, c.file, err, path+c.want)
		}
	}
}

// TestBoolQTitle: the release's title, "optional additional context",
// heads the hidden context, and is no evidence for either answer.
func TestBoolQTitle(t *testing.T) {
	qs := mustLoad(t, "boolq", "", "boolq.jsonl", tasks.LoadOptions{})
	if want := "Lanwick bridges\n\nLanwick has two bridges over the Tarn."; !strings.HasPrefix(qs[0].Context, want) {
		t.Errorf("context %q; want it to start %q", qs[0].Context, want)
	}
	for _, c := range qs[0].Evidence {
		if c.Text == "Lanwick bridges" {
			t.Errorf("the title is evidence for %q", qs[0].Answers[c.Answer])
		}
	}
	if strings.Contains(qs[1].Context, "\n\n") {
		t.Errorf("a record without a title: context %q", qs[1].Context)
	}
}

// TestMTBenchGPT4Pair: the gpt4_pair judgments of lmsys/mt_bench_human_judgments,
// as its gpt4_pair_judgments.json gives them (a JSON array, the judge a
// list): GPT-4's tie (inconsistent), a verdict that flipped when the
// responses were swapped, is set aside as the other ties are, and the
// judge's names make the id.
func TestMTBenchGPT4Pair(t *testing.T) {
	l := newLoader(t, "mtbench-human", "").(tasks.SetAsider)
	qs, _, aside, err := l.LoadSetAside("testdata/mtbench-gpt4-pair.json", tasks.LoadOptions{Task: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	wantIDs := []string{"91-t1-gpt-4-vs-llama-13b-gpt-4-pair-v2", "91-t2-llama-13b-vs-gpt-4-gpt-4-pair-v2"}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"tie (inconsistent)": 1}, aside); diff != "" {
		t.Errorf("set aside (-want +got):\n%s", diff)
	}
	if q := qs[1]; q.Answers[q.Correct] != "Turn 1:\nThe Loire.\n\nTurn 2:\nThe Ebro." {
		t.Errorf("turn 2: correct %q; want gpt-4's two answers", q.Answers[q.Correct])
	}
}
