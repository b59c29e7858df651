package humanjudge

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/engine"
	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/debate"
	_ "github.com/mootlab/moot/protocols/direct"
	_ "github.com/mootlab/moot/protocols/society"
	_ "github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/transcript"
)

// quickstart is a small quickstart: the four protocols of the shipped
// one, and a society of minds, whose verdict is a vote and so has no
// judge to take over.
const quickstart = `name: hj-test
seed: 11
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  weak-judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3, noise: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 8, difficulty: 0.6}
protocols:
  - {name: direct, label: qa-without-article, judge: weak-judge}
  - {name: direct-with-context, label: qa-with-article, judge: weak-judge}
  - {name: consultancy, judge: weak-judge, consultant: strong, rounds: 2}
  - {name: debate, judge: weak-judge, debaters: strong, rounds: 2, turns: simultaneous}
  - {name: society, agents: [strong, weak-judge, strong], rounds: 1}
`

// playFile plays the experiment file text into a temporary folder and
// returns the experiment and its records.
func playFile(t *testing.T, text string) (*engine.Experiment, []transcript.Episode) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "hj.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := engine.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "run")
	if _, err := engine.Run(context.Background(), x, engine.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	recs, err := transcript.ReadFile(filepath.Join(out, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	return x, recs
}

// testSeats takes over the judge seats of a test run for annotator.
func testSeats(t *testing.T, annotator string) (*engine.Experiment, []transcript.Episode, []*engine.JudgeSeat) {
	t.Helper()
	return fileSeats(t, quickstart, annotator)
}

// fileSeats plays the experiment file text into a temporary folder and
// takes over the judge seats of its records for annotator.
func fileSeats(t *testing.T, text, annotator string) (*engine.Experiment, []transcript.Episode, []*engine.JudgeSeat) {
	t.Helper()
	x, recs := playFile(t, text)
	seats, err := x.JudgeSeats(recs, Judge(annotator))
	if err != nil {
		t.Fatal(err)
	}
	return x, recs, seats
}

// annsSeats are the judge seats of a test run taken over for annotator
// "ann", assigned in the order of Plan{Seed: 1}.
func annsSeats(t *testing.T) []*engine.JudgeSeat {
	t.Helper()
	_, _, seats := testSeats(t, "ann")
	return Assign(seats, Plan{Seed: 1})
}

// join is Join with its fields in a row, the seed asked for.
func join(dir, run string, runIDs []string, name string, slot int, seed uint64) (int, bool, error) {
	j, err := Join(dir, Joining{Run: run, RunIDs: runIDs, Name: name, Slot: slot, Seed: &seed, DefaultSeed: seed})
	return j.Slot, j.Added, err
}
