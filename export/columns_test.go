package export

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestEveryColumnHoldsItsField writes one episode whose fields each hold a
// value of their own, as CSV and as JSON Lines, and reads each column by
// its name: a value written under another column's name, or a null written
// as a value, is caught whatever the column's place.
func TestEveryColumnHoldsItsField(t *testing.T) {
	active := 31.5
	path := writeRunWith(t, 1, func(ep *transcript.Episode) {
		// The judge's call came from the cache: this run paid nothing for
		// it, and it lists 0.004 (docs/export.md, list_cost_usd).
		j := &ep.Messages[6]
		j.Cached, j.CostUSD, j.ListCostUSD = true, 0, 0.004
		j.Seconds, j.ActiveSeconds = 40, &active
		ep.Messages[1].Candidate = 2
	})
	// By hand from synthEpisode(0): six speeches of 400+60 tokens at
	// 0.001 each, and the judge's 900+20; the judge speaks in round 4,
	// the last speech is of round 3.
	wantEpisode := map[string]string{
		"input_tokens": "3300", "output_tokens": "380", "messages": "7", "rounds": "3",
		"quotes_verified": "6", "quotes_unverified": "6", "cost_usd": "0.006", "list_cost_usd": "0.01",
		"verdict_answer": "0", "correct_answer": "0", "probability": "0.8", "p_correct": "0.8",
		"repeat": "0", "correct": "true", "unparsed": "false", "failed": "false",
		"graded_answer": "", "reference_answer": "",
	}
	// The judge's message, index 6 of round 4, and Debater B's of round
	// 1, index 1, candidate 2.
	wantJudge := map[string]string{
		"index": "6", "round": "4", "input_tokens": "900", "output_tokens": "20", "cached": "true",
		"cost_usd": "0", "list_cost_usd": "0.004", "seconds": "40", "active_seconds": "31.5",
		"interim_answer": "", "interim_probability": "", "score": "", "candidate": "0", "discarded": "false", "retries": "1",
	}
	wantDebater := map[string]string{
		"index": "1", "round": "1", "name": "Debater B", "candidate": "2", "discarded": "false",
		"seconds": "0", "active_seconds": "", "cost_usd": "0.001", "list_cost_usd": "0.001",
	}
	// same compares a value as text: numbers by value (0.006 summed may
	// be 0.006000000000000001; 40 is written 40.0), "" for null.
	same := func(got, want string) bool {
		if got == want {
			return true
		}
		g, err1 := strconv.ParseFloat(got, 64)
		w, err2 := strconv.ParseFloat(want, 64)
		return err1 == nil && err2 == nil && math.Abs(g-w) < 1e-12
	}
	check := func(t *testing.T, what string, row map[string]string, want map[string]string) {
		t.Helper()
		for name, w := range want {
			got, ok := row[name]
			if !ok {
				t.Errorf("%s: no column %s", what, name)
				continue
			}
			if !same(got, w) {
				t.Errorf("%s %s: got %q; want %q", what, name, got, w)
			}
		}
	}
	t.Run("csv", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "x.csv")
		mustRun(t, path, CSV, out, Options{})
		byName := func(recs [][]string, i int) map[string]string {
			m := map[string]string{}
			for j, name := range recs[0] {
				m[name] = recs[i][j]
			}
			return m
		}
		eps, msgs := readCSV(t, out), readCSV(t, MessagesPath(out))
		if len(eps) != 2 || len(msgs) != 8 {
			t.Fatalf("got %d episode and %d message lines; want 2 and 8 (headers and rows)", len(eps), len(msgs))
		}
		check(t, "episode", byName(eps, 1), wantEpisode)
		check(t, "judge's message", byName(msgs, 7), wantJudge)
		check(t, "debater's message", byName(msgs, 2), wantDebater)
	})
	t.Run("jsonl", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "x.jsonl")
		mustRun(t, path, JSONL, out, Options{})
		lines := func(file string) []map[string]string {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var rows []map[string]string
			for line := range strings.Lines(string(data)) {
				var raw map[string]json.RawMessage
				if err := json.Unmarshal([]byte(line), &raw); err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				m := map[string]string{}
				for k, v := range raw {
					s := string(v)
					switch {
					case s == "null":
						s = ""
					case strings.HasPrefix(s, `"`):
						json.Unmarshal(v, &s)
					}
					m[k] = s
				}
				rows = append(rows, m)
			}
			return rows
		}
		eps, msgs := lines(out), lines(MessagesPath(out))
		if len(eps) != 1 || len(msgs) != 7 {
			t.Fatalf("got %d episode and %d message rows; want 1 and 7", len(eps), len(msgs))
		}
		check(t, "episode", eps[0], wantEpisode)
		check(t, "judge's message", msgs[6], wantJudge)
		check(t, "debater's message", msgs[1], wantDebater)
	})
}
