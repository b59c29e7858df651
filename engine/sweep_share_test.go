package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// loadText writes an experiment file and loads it.
func loadText(t *testing.T, name, text string) *Experiment {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return mustLoad(t, path)
}

const sharedSweep = `name: shared
seed: 9
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.3, trust_unverified: 0.3}
tasks:
  - {name: qa, generator: qa, n: 12, difficulty: 0.6}
protocols:
  - {name: direct, label: alone, judge: judge}
  - {name: debate, judge: judge, debaters: strong, rounds: 2}
sweep:
  agents.strong.skill: [0.3, 0.6, 0.9]
`

// TestSweepPlaysUntouchedProtocolsOnce: a protocol no axis touches is
// played once, with no cell, and every interval counts its episodes once:
// pooled over cells it has as many episodes as questions, and each cell
// compares its debate with that one baseline.
func TestSweepPlaysUntouchedProtocolsOnce(t *testing.T) {
	x := loadText(t, "shared.yaml", sharedSweep)
	if alone, debate := x.Sweep.PlayedIn(0), x.Sweep.PlayedIn(1); len(alone) != 1 || alone[0] != nil || len(debate) != 3 {
		t.Fatalf("PlayedIn: alone %v, debate %d cells; want [nil] and 3", alone, len(debate))
	}
	plan := x.Plan()
	if got, want := len(plan), 12*(1+3*2); got != want {
		t.Fatalf("len(plan) = %d; want %d (alone once a question, debate in 3 cells × 2 orders)", got, want)
	}
	dir := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: dir, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	eps, err := transcript.ReadFile(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	pooled, err := analysis.SummarizeBy(x.Name, x.Seed, eps, []string{analysis.FieldProtocol})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pooled.Cells {
		want := map[string]int{"alone": 12, "debate": 12 * 3 * 2}[c.Protocol]
		if c.N != want || c.Questions != 12 {
			t.Errorf("pooled over cells, %s: n %d over %d questions; want %d distinct episodes over 12", c.Protocol, c.N, c.Questions, want)
		}
	}
	for _, c := range res.Summary.Cells {
		if c.Protocol == "alone" && (c.Cell != "" || c.N != 12) {
			t.Errorf("alone: cell %q, n %d; want no cell and 12 episodes", c.Cell, c.N)
		}
	}
	pairs := map[string]bool{}
	for _, p := range res.Summary.Comparisons {
		if p.A.Protocol == "alone" && p.B.Protocol == "debate" && p.A.Cell == "" {
			pairs[p.B.Cell] = true
		}
	}
	for _, c := range x.CellNames() {
		if !pairs[c] {
			t.Errorf("cell %s: no comparison of its debate with the shared baseline (have %v)", c, pairs)
		}
	}
}

// TestSweepWildcardAndZip: agents.*.<setting> sets every agent that has
// the setting; a zip's axes vary together, one cell per value.
func TestSweepWildcardAndZip(t *testing.T) {
	x := loadText(t, "zip.yaml", strings.Replace(sharedSweep, "  agents.strong.skill: [0.3, 0.6, 0.9]\n",
		"  agents.*.noise: [0.2, 0.6]\n  zip:\n    agents.strong.skill: [0.3, 0.9]\n    protocols.debate.rounds: [1, 3]\n", 1))
	want := []string{
		"*.noise=0.2,strong.skill=0.3,debate.rounds=1", "*.noise=0.2,strong.skill=0.9,debate.rounds=3",
		"*.noise=0.6,strong.skill=0.3,debate.rounds=1", "*.noise=0.6,strong.skill=0.9,debate.rounds=3",
	}
	if got := x.CellNames(); !slices.Equal(got, want) {
		t.Fatalf("cells %q; want %q", got, want)
	}
	for i, c := range x.Sweep.Cells {
		if len(c.Agents) != 2 {
			t.Fatalf("cell %s changes %d agents; want both (the wildcard)", c.Name, len(c.Agents))
		}
		for _, a := range c.Agents {
			s := a.Settings.(*sim.Settings)
			if wantNoise := []float64{0.2, 0.2, 0.6, 0.6}[i]; s.Noise != wantNoise {
				t.Errorf("cell %s: %s has noise %v; want %v", c.Name, a.Name, s.Noise, wantNoise)
			}
		}
		if got, want := c.Protocols[1].Protocol.Rules().Rounds, []int{1, 3, 1, 3}[i]; got != want {
			t.Errorf("cell %s: debate has %d rounds; want %d", c.Name, got, want)
		}
	}
	// The judge alone is touched by agents.*.noise, which sets its judge,
	// and by no other axis: it is played in a cell of each noise.
	var alone []string
	for _, c := range x.Sweep.PlayedIn(0) {
		alone = append(alone, c.Name)
	}
	if want := []string{"*.noise=0.2", "*.noise=0.6"}; !slices.Equal(alone, want) {
		t.Errorf("the judge alone is played in cells %q; want %q", alone, want)
	}
	if zips := []int{x.Sweep.Axes[0].Zip, x.Sweep.Axes[1].Zip, x.Sweep.Axes[2].Zip}; zips[0] != 0 || zips[1] == 0 || zips[1] != zips[2] {
		t.Errorf("Zip of the axes %v; want 0 and then one group", zips)
	}
}

// TestFilesPairAcrossNames: two files that differ in their name and in a
// debater give the protocol they share the same draws, so that their
// judge-alone episodes are identical and pair question by question.
func TestFilesPairAcrossNames(t *testing.T) {
	base := strings.Replace(sharedSweep, "sweep:\n  agents.strong.skill: [0.3, 0.6, 0.9]\n", "", 1)
	other := strings.Replace(strings.Replace(base, "name: shared", "name: renamed", 1), "skill: 0.9, deception: 0.8", "skill: 0.4, deception: 0.2", 1)
	var runs [2][]transcript.Episode
	for i, text := range []string{base, other} {
		dir := t.TempDir()
		mustRunSummarized(t, loadText(t, "f.yaml", text), Options{Out: dir})
		eps, err := transcript.ReadFile(filepath.Join(dir, TranscriptsFile))
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = eps
	}
	same, differ := 0, 0
	for i, a := range runs[0] {
		b := runs[1][i]
		if a.EpisodeID != b.EpisodeID {
			t.Fatalf("episode %d: ids %s and %s; want the same (the name is not part of an id)", i, a.EpisodeID, b.EpisodeID)
		}
		switch {
		case a.Protocol == "alone" && (a.Verdict != b.Verdict || a.Messages[0].Text != b.Messages[0].Text):
			t.Errorf("episode %s of the judge alone differs between the files", a.EpisodeID)
		case a.Protocol == "alone":
			same++
		case a.Messages[0].Text != b.Messages[0].Text:
			differ++
		}
	}
	if same != 12 || differ == 0 {
		t.Errorf("%d identical judge-alone episodes (want 12), %d debates that differ (want some: the debater changed)", same, differ)
	}
}

// TestSweepPlaysAProtocolOnceForTheAxesThatTouchIt: a sweep of the judge's
// skill and debate's rounds plays the judge alone once for each skill,
// not again for each number of rounds, which do not touch it: its cells
// count each of its episodes once, it has no line along the rounds, and
// every debate cell is compared with the judge alone of its skill.
func TestSweepPlaysAProtocolOnceForTheAxesThatTouchIt(t *testing.T) {
	x := loadText(t, "partial.yaml", strings.Replace(sharedSweep, "  agents.strong.skill: [0.3, 0.6, 0.9]\n",
		"  agents.judge.skill: [0.3, 0.7]\n  protocols.debate.rounds: [1, 3]\n", 1))
	if got, want := len(x.Plan()), 12*(2+4*2); got != want {
		t.Fatalf("len(plan) = %d; want %d (alone in 2 cells, debate in 4 × 2 orders)", got, want)
	}
	res, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Summary
	var alone []string
	for _, c := range sum.Cells {
		if c.Protocol == "alone" {
			alone = append(alone, c.Cell)
			if c.N != 12 {
				t.Errorf("alone in %s: n %d; want 12, each question once", c.Cell, c.N)
			}
		}
	}
	if want := []string{"judge.skill=0.3", "judge.skill=0.7"}; !slices.Equal(alone, want) {
		t.Errorf("alone's cells %q; want %q", alone, want)
	}
	for _, l := range sum.Sweep.Lines {
		if l.Protocol == "alone" && l.Axis != "judge.skill" {
			t.Errorf("alone has a line along %s, which does not touch it", l.Axis)
		}
		if l.Protocol == "alone" && l.Points[0].N != 12 {
			t.Errorf("alone along %s: n %d at %s; want 12", l.Axis, l.Points[0].N, l.Points[0].Value)
		}
	}
	compared := map[string]string{} // debate's cell → alone's
	for _, p := range sum.Comparisons {
		if p.A.Protocol == "alone" && p.B.Protocol == "debate" {
			compared[p.B.Cell] = p.A.Cell
		}
	}
	for _, c := range x.CellNames() {
		if want := strings.Split(c, ",")[0]; compared[c] != want {
			t.Errorf("debate in %s is compared with alone in %q; want %q", c, compared[c], want)
		}
	}
	if len(compared) != 4 {
		t.Errorf("%d comparisons of debate with alone; want one for each of the 4 cells", len(compared))
	}
}

// TestGradersShareTheExamTakersDraws: grade with and without a reference
// gives its exam-takers the same draws, so that both grade the very same
// answers and their comparison pairs answer by answer.
func TestGradersShareTheExamTakersDraws(t *testing.T) {
	x := loadText(t, "grade.yaml", `name: graders
seed: 4
agents:
  student: {backend: sim, skill: 0.6}
  novice: {backend: sim, skill: 0.3}
  grader: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 20}
protocols:
  - {name: grade, label: plain, judge: grader, exam_takers: [student, novice]}
  - {name: grade, label: gold, judge: grader, exam_takers: [student, novice], reference: gold}
`)
	eps := played(t, x, Options{Concurrency: 2})
	answers := map[string]map[string]string{} // question/assignment → label → answer
	for _, ep := range eps {
		k := ep.QuestionID + "/" + ep.Assignment
		if answers[k] == nil {
			answers[k] = map[string]string{}
		}
		answers[k][ep.Protocol] = ep.Messages[0].Text
	}
	for k, by := range answers {
		if by["plain"] == "" || by["plain"] != by["gold"] {
			t.Errorf("%s: the exam-taker answered %q without the reference and %q with it; want one answer", k, by["plain"], by["gold"])
		}
	}
	if len(answers) != 40 {
		t.Errorf("%d question × exam-taker pairs; want 40", len(answers))
	}
}

// TestSweepTouchesAProtocolThroughItsReferenceWriter: an axis of the
// agent that writes a protocol's reference touches the protocol, as its
// seats' agents do: it is played in a cell of each writer.
func TestSweepTouchesAProtocolThroughItsReferenceWriter(t *testing.T) {
	x := loadText(t, "ref.yaml", `name: ref
seed: 2
agents:
  judge: {backend: sim, skill: 0.5}
  writer: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 4}
protocols:
  - {name: direct, judge: judge, reference: {agent: writer}}
sweep:
  agents.judge.diligence: [0.2, 0.8]
  agents.writer.skill: [0.05, 0.95]
`)
	var cells []string
	for _, c := range x.Sweep.PlayedIn(0) {
		cells = append(cells, c.Name)
	}
	if len(cells) != 4 {
		t.Errorf("direct with a reference is played in cells %q; want all 4, the writer's skill among their axes", cells)
	}
}
