// Package deceptiontest is test support for the question generators: it
// plays a debate between sim debaters who invent a quote whenever they
// can, and counts the invented quotes each side cites.
package deceptiontest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mootlab/moot/agents/sim" // the debaters and the judge
	"github.com/mootlab/moot/engine"
	_ "github.com/mootlab/moot/protocols/debate"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// experiment is a debate with quotes verified between debaters that find
// an invented quote at hand whenever the pool has one (deception 1) and
// value it as a real one though the judge will see it unverified (bluff
// 1): as the audit of 2026-12-05 played it (seed 3).
const experiment = `name: invented
seed: 3
agents:
  liar: {backend: sim, skill: 0.9, deception: 1, bluff: 1}
  judge: {backend: sim, skill: 0.5}
tasks:
  - %TASK%
protocols:
  - {name: debate, judge: judge, debaters: liar}
`

// Cited plays the debate over task, one entry of an experiment file's
// tasks list (its generator's package imported by the caller), and
// returns how many invented quotes — marked unverified — the debaters of
// the correct answer and those of the wrong one cited as their own
// claims, every citation counted (not the opponent's quotes they quote
// back to challenge).
func Cited(t testing.TB, task string) (correct, wrong int) {
	t.Helper()
	x, err := engine.Parse("invented.yaml", []byte(strings.Replace(experiment, "%TASK%", task, 1)))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "run")
	if _, err := engine.Run(context.Background(), x, engine.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	recs, err := transcript.ReadFile(filepath.Join(out, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if rec.Error != "" {
			t.Fatalf("%s: %s", rec.EpisodeID, rec.Error)
		}
		argues := map[string]int{}
		for _, s := range rec.Seats {
			argues[s.Name] = s.Argues
		}
		for _, m := range rec.Messages {
			side, ok := argues[m.Name]
			if !ok || side == transcript.NoSide || m.Shown == "" {
				continue
			}
			n := invented(m.Shown)
			if side == rec.CorrectAnswer {
				correct += n
			} else {
				wrong += n
			}
		}
	}
	return correct, wrong
}

// CheckBothSides plays Cited's debate over task and fails t unless each
// side's debaters cite invented quotes within a factor of 3 of the
// other's: where only the wrong answer has invented quotes, a quote
// marked unverified names the wrong side (the audit of 2026-12-05 counted
// 0 against 1,270–1,350).
func CheckBothSides(t testing.TB, task string) {
	t.Helper()
	correct, wrong := Cited(t, task)
	t.Logf("%s: invented quotes cited: %d by the correct side, %d by the wrong side", task, correct, wrong)
	if correct < wrong/3 || wrong < correct/3 {
		t.Errorf("%s: invented quotes cited: %d by the correct side, %d by the wrong side; want within a factor of 3", task, correct, wrong)
	}
}

// invented counts the quotes marked unverified that a turn cites as its
// own ("The article says …", "As I showed, the article says …").
func invented(shown string) int {
	n := 0
	for _, line := range strings.Split(shown, "\n") {
		if !strings.Contains(strings.ToLower(line), "the article says ") {
			continue
		}
		for _, q := range quotes.Extract(line) {
			if q.Status == quotes.Unverified {
				n++
			}
		}
	}
	return n
}
