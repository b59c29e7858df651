package loaders_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/tasks"
)

// poolsByAnswer loads file with loader and returns, for each question,
// each claim's text mapped to the answer it speaks for, by the answer's
// text: what the pool says whichever slot the answer is shown in.
func poolsByAnswer(t *testing.T, loader, settings, file string) map[string]map[string]string {
	t.Helper()
	qs, _, err := newLoader(t, loader, settings).Load(file, tasks.LoadOptions{Task: "t", Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, q := range qs {
		pool := map[string]string{}
		for _, c := range q.Evidence {
			pool[c.Text] = q.Answers[c.Answer]
		}
		out[q.ID] = pool
	}
	return out
}

// TestEvidenceKnowsNoLabel: the evidence pool is what the text says, not
// which answer the file calls correct. The same records with every label
// flipped (a yes-or-no set, and answers the text never names) give every
// sentence to the same answer: a wrong label gets the evidence its answer
// has in the text, and a judge that reads the debate is no more likely to
// agree with it than the text allows.
func TestEvidenceKnowsNoLabel(t *testing.T) {
	dir := t.TempDir()
	var boolq, flipped []string
	data, err := os.ReadFile(filepath.Join("testdata", "boolq.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		boolq = append(boolq, line)
		r["answer"] = !r["answer"].(bool)
		b, _ := json.Marshal(r)
		flipped = append(flipped, string(b))
	}
	unnamed := []string{
		`{"id":"u1","question":"How far did the carter travel to reach the mill at Oxley?","correct":"a day","incorrect":"a week","context":"The carter left Fennick at dawn. He reached the mill at Oxley before the lamps were lit. The mill at Oxley grinds barley for four villages. His horse was lame on the way back."}`,
		`{"id":"u2","question":"What did the keeper of the Tarn lighthouse burn?","correct":"whale oil","incorrect":"peat","context":"The keeper of the Tarn lighthouse kept the lamp lit through every storm. The lighthouse stands on a rock off the Tarn. Its light could be seen from Lanwick."}`,
	}
	var unnamedFlipped []string
	for _, line := range unnamed {
		var r map[string]any
		json.Unmarshal([]byte(line), &r)
		r["correct"], r["incorrect"] = r["incorrect"], r["correct"]
		b, _ := json.Marshal(r)
		unnamedFlipped = append(unnamedFlipped, string(b))
	}
	write := func(name string, lines []string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, c := range []struct {
		loader, settings string
		a, b             string
	}{
		{"boolq", "", write("boolq.jsonl", boolq), write("boolq-flipped.jsonl", flipped)},
		{"jsonl", "{context: context}", write("unnamed.jsonl", unnamed), write("unnamed-flipped.jsonl", unnamedFlipped)},
	} {
		a, b := poolsByAnswer(t, c.loader, c.settings, c.a), poolsByAnswer(t, c.loader, c.settings, c.b)
		claims := 0
		for _, pool := range a {
			claims += len(pool)
		}
		if claims == 0 {
			t.Fatalf("%s: no claims; the test wants some", c.loader)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: the pool, by answer, moved with the label (-as given +flipped):\n%s", c.loader, diff)
		}
	}
}
