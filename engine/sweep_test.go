package engine

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/transcript"
)

func loadSweep(t testing.TB) *Experiment { return mustLoad(t, "testdata/sweep.yaml") }

// TestSweepExpands: the cells are the cartesian product in file order, the
// first key varying slowest; each cell's agents and protocols carry its
// values, and a protocol that no key names is shared.
func TestSweepExpands(t *testing.T) {
	x := loadSweep(t)
	if x.Sweep == nil {
		t.Fatal("Sweep is nil")
	}
	var axes []string
	for _, ax := range x.Sweep.Axes {
		axes = append(axes, ax.Key+"="+strings.Join(ax.Values, "|"))
	}
	if want := []string{"agents.strong.skill=0.5|0.7|0.95", "protocols.debate.rounds=1|3"}; !slices.Equal(axes, want) {
		t.Errorf("axes %q; want %q", axes, want)
	}
	wantCells := []string{
		"strong.skill=0.5,debate.rounds=1", "strong.skill=0.5,debate.rounds=3",
		"strong.skill=0.7,debate.rounds=1", "strong.skill=0.7,debate.rounds=3",
		"strong.skill=0.95,debate.rounds=1", "strong.skill=0.95,debate.rounds=3",
	}
	if got := x.CellNames(); !slices.Equal(got, wantCells) {
		t.Fatalf("cells %q; want %q", got, wantCells)
	}
	skills := []float64{0.5, 0.5, 0.7, 0.7, 0.95, 0.95}
	rounds := []int{1, 3, 1, 3, 1, 3}
	for i, c := range x.Sweep.Cells {
		if len(c.Agents) != 1 || c.Agents[0].Name != "strong" {
			t.Fatalf("cell %s changes agents %v; want only strong", c.Name, c.Agents)
		}
		s, ok := c.Agents[0].Settings.(*sim.Settings)
		if !ok {
			t.Fatalf("cell %s: settings are %T; want *sim.Settings", c.Name, c.Agents[0].Settings)
		}
		if s.Skill != skills[i] || s.Deception != 0.8 {
			t.Errorf("cell %s: strong has skill %v, deception %v; want %v, 0.8 (the file's)", c.Name, s.Skill, s.Deception, skills[i])
		}
		if got := c.Protocols[0].Protocol.Rules().Rounds; got != rounds[i] {
			t.Errorf("cell %s: debate has %d rounds; want %d", c.Name, got, rounds[i])
		}
		if c.Protocols[1] != x.Protocols[1] {
			t.Errorf("cell %s: consultancy is rebuilt; want the experiment's own, which no key names", c.Name)
		}
	}
	if got := x.Protocols[0].Protocol.Rules().Rounds; got != 2 {
		t.Errorf("the experiment's debate has %d rounds; want the file's 2", got)
	}
	if s := x.agent("strong").Settings.(*sim.Settings); s.Skill != 0.9 {
		t.Errorf("the experiment's strong has skill %v; want the file's 0.9", s.Skill)
	}
}

// TestSweepPlan: every cell plays every question; ids are unique and
// stable; the cells of one question, protocol, assignment and repeat share
// their seeds. Consultancy, whose consultant strong.skill sets and which
// debate.rounds does not touch, is played once for each skill.
func TestSweepPlan(t *testing.T) {
	x := loadSweep(t)
	plan := x.Plan()
	// Per question: debate in 6 cells × 2 orders, consultancy in 3 × 2
	// assignments.
	if got, want := len(plan), 6*(6*2+3*2); got != want {
		t.Fatalf("len(plan) = %d; want %d", got, want)
	}
	ids := map[string]bool{}
	seeds := map[string]map[string]bool{} // seedID → cells
	for i, ep := range plan {
		if ep.Cell == nil {
			t.Fatalf("plan[%d] has no cell", i)
		}
		if ids[ep.ID] {
			t.Errorf("episode id %s repeats", ep.ID)
		}
		ids[ep.ID] = true
		if seeds[ep.seedID] == nil {
			seeds[ep.seedID] = map[string]bool{}
		}
		seeds[ep.seedID][ep.Cell.Name] = true
		if ep.Protocol != ep.Cell.Protocols[slices.IndexFunc(x.Protocols, func(p *ProtocolEntry) bool { return p.Label == ep.Protocol.Label })] {
			t.Errorf("plan[%d] plays another cell's %s", i, ep.Protocol.Label)
		}
	}
	for id, cells := range seeds {
		if len(cells) != 6 && len(cells) != 3 {
			t.Errorf("seed %s is shared by %d cells; want all 6 of debate's, or consultancy's 3", id, len(cells))
		}
	}
	// Order: question, protocol, cell.
	if plan[0].Cell.Name != "strong.skill=0.5,debate.rounds=1" || plan[2].Cell.Name != "strong.skill=0.5,debate.rounds=3" ||
		plan[0].Protocol.Label != "debate" || plan[12].Protocol.Label != "consultancy" || plan[12].Cell.Name != "strong.skill=0.5" || plan[18].Question == plan[0].Question {
		t.Errorf("plan order: %s %s, %s, %s, %v; want question, protocol, cell", plan[0].Cell.Name, plan[0].Protocol.Label,
			plan[2].Cell.Name, plan[12].Protocol.Label, plan[18].Question == plan[0].Question)
	}
	again := loadSweep(t).Plan()
	for i := range plan {
		if plan[i].ID != again[i].ID {
			t.Fatalf("plan[%d].ID = %s, then %s; want stable ids", i, plan[i].ID, again[i].ID)
		}
	}
}

// TestSweepCellIsTheExperimentWithItsValues: a cell plays exactly what the
// experiment plays with the cell's values written in the file — the same
// messages and verdicts — since a cell's seeds are those of the plain
// experiment.
func TestSweepCellIsTheExperimentWithItsValues(t *testing.T) {
	sweepDir := t.TempDir()
	mustRunSummarized(t, loadSweep(t), Options{Out: sweepDir, Concurrency: 2})
	data := mustRead(t, "testdata/sweep.yaml")
	plain := strings.Replace(string(data), "skill: 0.9, deception", "skill: 0.7, deception", 1)
	plain = strings.Replace(plain, "rounds: 2}", "rounds: 3}", 1)
	plain = plain[:strings.Index(plain, "sweep:\n")]
	file := filepath.Join(t.TempDir(), "plain.yaml")
	if err := os.WriteFile(file, []byte(plain), 0o644); err != nil {
		t.Fatal(err)
	}
	x := mustLoad(t, file)
	plainDir := t.TempDir()
	mustRunSummarized(t, x, Options{Out: plainDir, Concurrency: 2})
	swept, err := transcript.ReadFile(filepath.Join(sweepDir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	var cell []transcript.Episode
	for _, ep := range swept {
		if ep.Cell == "strong.skill=0.7,debate.rounds=3" || ep.Cell == "strong.skill=0.7" { // debate's, consultancy's
			cell = append(cell, ep)
		}
	}
	want, err := transcript.ReadFile(filepath.Join(plainDir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(cell) != len(want) || len(want) == 0 {
		t.Fatalf("the cell has %d episodes; the plain experiment %d", len(cell), len(want))
	}
	if diff := cmp.Diff(want, cell, cmpopts.IgnoreFields(transcript.Episode{}, "EpisodeID", "Cell")); diff != "" {
		t.Errorf("the cell differs from the plain experiment (-plain +cell):\n%s", diff)
	}
}

// TestSweepRunDeterministicAndResumes: a sweep run is the same at any
// concurrency, and a run cut short resumes to the same files.
func TestSweepRunDeterministicAndResumes(t *testing.T) {
	var outs []string
	for _, c := range []int{1, 6} {
		dir := t.TempDir()
		mustRunSummarized(t, loadSweep(t), Options{Out: dir, Concurrency: c})
		outs = append(outs, dir)
	}
	for _, name := range []string{TranscriptsFile, SummaryFile, TableMarkdown, TableCSV, LockFile, ReportFile} {
		a, _ := os.ReadFile(filepath.Join(outs[0], name))
		b := mustRead(t, filepath.Join(outs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between concurrency 1 and 6", name)
		}
	}
	data, _ := os.ReadFile(filepath.Join(outs[0], TranscriptsFile))
	for _, cut := range []int{len(data) / 3, len(data)/2 + 7} {
		dir := copyRun(t, outs[0])
		if err := os.Truncate(filepath.Join(dir, TranscriptsFile), int64(cut)); err != nil {
			t.Fatal(err)
		}
		res, err := runSummarized(context.Background(), loadSweep(t), Options{Out: dir, Concurrency: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Resumed == 0 {
			t.Errorf("cut at %d: nothing resumed", cut)
		}
		sameRun(t, outs[0], dir)
	}
}

// TestSweepNamesItsValues: an axis given as a map names its values, so
// that values no cell name can hold — the shipped prompts (empty) and a
// prompts file in a folder — can be swept. The cells are named by the
// names, play the values, and share their draws: the debaters' turns are
// the same in both, and only the judge's prompt differs.
func TestSweepNamesItsValues(t *testing.T) {
	dir := t.TempDir()
	exp := strings.Replace(string(mustRead(t, "testdata/debate-prompts.yaml")), ", prompts: judge.tmpl", "", 1) +
		"sweep:\n  protocols.debate.prompts: {shipped: \"\", terse: prompts/judge.tmpl}\n"
	file := filepath.Join(dir, "x.yaml")
	os.Mkdir(filepath.Join(dir, "prompts"), 0o755)
	os.WriteFile(filepath.Join(dir, "prompts", "judge.tmpl"), []byte(`{{define "judge.system"}}Judge tersely.{{end}}`), 0o644)
	os.WriteFile(file, []byte(exp), 0o644)
	x := mustLoad(t, file)
	if got := x.Sweep.Axes[0].Values; !slices.Equal(got, []string{"shipped", "terse"}) {
		t.Fatalf("the axis's values are %q; want the names", got)
	}
	for i, want := range []bool{false, true} {
		if c := x.Sweep.Cells[i]; c.Protocols[0].HasPromptsFile() != want {
			t.Errorf("cell %s: prompts from a file %v; want %v", c.Name, !want, want)
		}
	}
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 2})
	eps, err := transcript.ReadFile(filepath.Join(out, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	// cell → role → texts, or for the judge prompt hashes, in order (a
	// debater's hash covers all of the protocol's templates)
	turns := map[string]map[string][]string{}
	for _, ep := range eps {
		if turns[ep.Cell] == nil {
			turns[ep.Cell] = map[string][]string{}
		}
		for _, m := range ep.Messages {
			v := m.Text
			if m.Role == "judge" {
				v = m.PromptSHA256
			}
			turns[ep.Cell][string(m.Role)] = append(turns[ep.Cell][string(m.Role)], v)
		}
	}
	shipped, terse := turns["debate.prompts=shipped"], turns["debate.prompts=terse"]
	if len(turns) != 2 || len(shipped["debater"]) == 0 {
		t.Fatalf("cells %v; want debate.prompts=shipped and debate.prompts=terse with debaters' turns", slices.Collect(maps.Keys(turns)))
	}
	if !slices.Equal(shipped["debater"], terse["debater"]) {
		t.Error("the debaters' turns differ between the cells; want the same draws")
	}
	for i := range shipped["judge"] {
		if shipped["judge"][i] == terse["judge"][i] {
			t.Fatalf("judge turn %d has one prompt hash in both cells; want the terse prompt's own", i)
		}
	}
}
