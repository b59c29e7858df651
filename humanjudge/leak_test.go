package humanjudge

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// pageKeys are every JSON key the server may send.
var pageKeys = map[string]bool{
	"annotator": true, "judged": true, "total": true, "remaining": true, "episode": true,
	"position": true, "key": true, "format": true, "instructions": true, "question": true, "exhibit": true, "context": true, "no_context": true, "answers": true,
	"quotes_verified": true, "rounds": true, "turns": true, "round": true, "speaker": true, "role": true,
	"argues": true, "parts": true, "text": true, "quote": true, "error": true, "state": true,
}

// walkJSON checks every key of a JSON value against pageKeys and returns
// its strings.
func walkJSON(t *testing.T, where string, v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if !pageKeys[k] {
				t.Errorf("%s: key %q is not one the page needs", where, k)
			}
			walkJSON(t, where, e, out)
		}
	case []any:
		for _, e := range v {
			walkJSON(t, where, e, out)
		}
	case string:
		*out = append(*out, v)
	}
}

// sentences are the context's sentences long enough to mean something.
func sentences(context string) []string {
	var out []string
	for _, s := range strings.Split(context, ".") {
		if s = strings.TrimSpace(s); len(s) >= 20 {
			out = append(out, s)
		}
	}
	return out
}

// readsContext says whether the judge of seat's protocol reads the
// hidden context: in the test experiment, only direct-with-context's.
func readsContext(seat *engine.JudgeSeat) bool { return seat.Kind == "direct-with-context" }

// TestNothingLeaks judges every episode of a run and reads every response
// the server sends: the page, its script and style, each state and each
// verdict's answer. None names the gold answer, an assignment (which says
// who argues the correct answer), an agent, a sim setting or the first
// judge's words; the hidden context reaches an episode's page only where
// the protocol's judge reads it, or as far as a speaker quoted it.
func TestNothingLeaks(t *testing.T) {
	x, recs, seats := testSeats(t, "ann")
	questions := map[string]string{}
	for _, task := range x.Tasks {
		for _, q := range task.Questions {
			questions[task.Name+"/"+q.ID] = q.Context
		}
	}
	var forbidden []string
	for _, r := range recs {
		forbidden = append(forbidden, r.Assignment, r.EpisodeID)
		for _, m := range r.Messages {
			if m.Role == transcript.RoleJudge {
				forbidden = append(forbidden, strings.TrimSpace(m.Text))
			}
		}
	}
	// The keys of the engine's view as keys: the judge's instructions
	// (the page shows them) say "weigh the evidence".
	forbidden = append(forbidden, "weak-judge", "correct_answer", `"difficulty"`, `"evidence"`, "human:ann", `"agent"`, "prompt_sha256", `"draw"`)
	assigned := Assign(seats, Plan{Seed: 1, Repeat: true})
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: assigned})
	defer srv.Close()

	check := func(where, body string, seat *engine.JudgeSeat) {
		t.Helper()
		texts := []string{body}
		if strings.HasPrefix(where, "/api") {
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			walkJSON(t, where, v, &texts)
		}
		all := strings.Join(texts, "\n")
		for _, f := range forbidden {
			if f != "" && strings.Contains(all, f) {
				t.Errorf("%s: the response holds %q", where, f)
			}
		}
		var said strings.Builder
		if seat != nil {
			if readsContext(seat) {
				return
			}
			for _, turn := range seat.Request.Transcript {
				said.WriteString(turn.Text)
			}
		}
		for _, ctx := range questions {
			for _, s := range sentences(ctx) {
				if strings.Contains(all, s) && !strings.Contains(said.String(), s) {
					t.Errorf("%s: the response holds the hidden context's %q, which no speaker quoted", where, s)
				}
			}
		}
	}
	for _, path := range []string{"/", "/judge.js", "/judge.css", "/nothing-here"} {
		_, body := c.get(path)
		check(path, body, nil)
	}
	shownContext := 0
	for i, seat := range assigned {
		_, body := c.get("/api/state")
		check("/api/state", body, seat)
		if readsContext(seat) {
			shownContext++
		}
		code, body := c.post(verdictIn{Position: i + 1, Answer: "AB"[i%2 : i%2+1], Confidence: 60 + i%40}, c.csrf, "application/json")
		if code != http.StatusOK {
			t.Fatalf("verdict %d: %d %s", i+1, code, body)
		}
		var next *engine.JudgeSeat
		if i+1 < len(assigned) {
			next = assigned[i+1]
		}
		check("/api/verdict", body, next)
	}
	if shownContext == 0 || shownContext == len(assigned) {
		t.Errorf("%d of %d episodes show the context; the test wants some of each", shownContext, len(assigned))
	}
}
