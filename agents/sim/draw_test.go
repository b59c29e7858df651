package sim

import (
	"testing"

	"github.com/mootlab/moot/agents"
)

// TestDrawNamesEachInput: a sim answer's draw changes with each input that
// fixes the answer — the agent's settings, the prompt's inputs (by their
// hash), the seed, the sample — even where the answer's words do not (a
// short verdict often repeats), and with the answer; the same inputs and
// answer name the same draw.
func TestDrawNamesEachInput(t *testing.T) {
	base := DefaultSettings()
	a := New(base)
	req := agents.Request{PromptSHA256: "p1", Seed: 7, Sample: 1}
	resp := agents.Response{Text: "Answer: A", Probabilities: []float64{0.6, 0.4}}
	want := a.draw(req, resp)
	if again := New(base).draw(req, resp); again != want {
		t.Errorf("the same inputs name draws %s and %s; want one", want, again)
	}
	other := base
	other.Skill += 0.1
	edits := map[string]func() string{
		"settings": func() string { return New(other).draw(req, resp) },
		"prompt":   func() string { r := req; r.PromptSHA256 = "p2"; return a.draw(r, resp) },
		"seed":     func() string { r := req; r.Seed++; return a.draw(r, resp) },
		"sample":   func() string { r := req; r.Sample++; return a.draw(r, resp) },
		"text":     func() string { r := resp; r.Text = "Answer: B"; return a.draw(req, r) },
		"probabilities": func() string {
			r := resp
			r.Probabilities = []float64{0.4, 0.6}
			return a.draw(req, r)
		},
	}
	for what, draw := range edits {
		if got := draw(); got == want {
			t.Errorf("another %s names the same draw %s", what, got)
		}
	}
}
