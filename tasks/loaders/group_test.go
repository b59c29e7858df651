package loaders_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/tasks"
)

// groups maps each question's id to its group.
func groups(qs []tasks.Question) map[string]string {
	out := make(map[string]string, len(qs))
	for _, q := range qs {
		out[q.ID] = q.Group
	}
	return out
}

func TestQualityGroupsAnArticlesQuestions(t *testing.T) {
	got := groups(mustLoad(t, "quality", "", "quality.jsonl", tasks.LoadOptions{Seed: 1}))
	if got["kestrel-1"] != "kestrel" || got["kestrel-2"] != "kestrel" || got["saltmarket-1"] != "saltmarket" {
		t.Errorf("groups %v: want each question under its record's article_id", got)
	}

	// Without article_id, a record's questions share the hash of the
	// article's text, and a second record of the same article (another
	// writer's questions) shares it too.
	rec := func(article, id string) string {
		return `{"article": "` + article + `", "questions": [{"question_unique_id": "` + id +
			`", "question": "Who rowed?", "options": ["Ivo", "Sela", "Pim"], "gold_label": 1}]}` + "\n"
	}
	data := rec("Ivo rowed the ferry at dawn.", "a") + rec("Ivo rowed the ferry at dawn.", "b") + rec("Sela mended the nets.", "c")
	qs, err := loadText(t, "quality", "q.jsonl", data)
	if err != nil {
		t.Fatal(err)
	}
	g := groups(qs)
	if g["a"] == "" || g["a"] != g["b"] || g["a"] == g["c"] || !strings.HasPrefix(g["c"], "sha256:") {
		t.Errorf("groups %v: want a and b under one hash of their article, c under another", g)
	}
}

func TestMTBenchGroupsAPromptsPairs(t *testing.T) {
	got := groups(mustLoad(t, "mtbench-human", "", "mtbench-human.jsonl", tasks.LoadOptions{Seed: 1}))
	want := map[string]string{
		"81-t1-m-alpha-vs-m-beta-expert_1": "81",
		"82-t1-m-beta-vs-m-alpha-expert_1": "82",
		"82-t2-m-alpha-vs-m-beta-author_3": "82",
		"83-t1-m-alpha-vs-m-beta-expert_2": "83",
		"83-t2-m-beta-vs-m-alpha-expert_1": "83",
		"84-t1-m-beta-vs-m-alpha-author_3": "84",
		"84-t2-m-alpha-vs-m-beta-expert_2": "84",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
}

func TestJSONLGroupField(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.jsonl")
	data := `{"id": "a", "question": "Who rowed?", "correct": "Ivo", "incorrect": "Sela", "meta": {"passage": "p1"}}` + "\n" +
		`{"id": "b", "question": "When?", "correct": "At dawn", "incorrect": "At noon", "meta": {"passage": "p1"}}` + "\n" +
		`{"id": "c", "question": "What was mended?", "correct": "Nets", "incorrect": "Sails", "meta": {"passage": 7}}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, _, err := newLoader(t, "jsonl", "{id: id, group: meta.passage}").Load(path, tasks.LoadOptions{Task: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"a": "p1", "b": "p1", "c": "7"}, groups(qs)); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	qs, _, err = newLoader(t, "jsonl", "id: id").Load(path, tasks.LoadOptions{Task: "t"})
	if err != nil || groups(qs)["a"] != "" {
		t.Errorf("without the setting: groups %v, error %v; want none", groups(qs), err)
	}

	if err := os.WriteFile(path, []byte(data+`{"id": "d", "question": "Which gas?", "correct": "Neon", "incorrect": "Tin"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = newLoader(t, "jsonl", "{id: id, group: meta.passage}").Load(path, tasks.LoadOptions{Task: "t"})
	if err == nil || !strings.Contains(err.Error(), "g.jsonl:4: meta.passage: missing") || !strings.Contains(err.Error(), "group:") {
		t.Errorf("a record without the group field: %v; want it refused at its line, naming the setting", err)
	}
}
