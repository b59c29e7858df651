package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/transcript"
)

// cellsPlayedIn names the cells protocol pi of x is played in.
func cellsPlayedIn(x *Experiment, pi int) []string {
	var names []string
	for _, c := range x.Sweep.PlayedIn(pi) {
		if c == nil {
			names = append(names, "")
			continue
		}
		names = append(names, c.Name)
	}
	return names
}

// TestSweepPlayedInFollowsZipsAndSeats: a protocol is played once for
// each combination of the axes that touch it, an axis zipped with one
// that touches it among them (the two vary together), and an agent in any
// of its seats touches it — the second exam-taker of a grade as much as
// the first.
func TestSweepPlayedInFollowsZipsAndSeats(t *testing.T) {
	for _, tt := range []struct {
		name, sweep string
		want        []string // the cells of the first protocol, alone
	}{
		{"an axis zipped with the judge's", `  agents.strong.skill: [0.3, 0.9]
  zip:
    agents.judge.skill: [0.3, 0.7]
    protocols.debate.rounds: [1, 3]
`, []string{"judge.skill=0.3,debate.rounds=1", "judge.skill=0.7,debate.rounds=3"}},
		{"the judge's axis alone", `  agents.judge.skill: [0.3, 0.7]
  protocols.debate.rounds: [1, 3]
`, []string{"judge.skill=0.3", "judge.skill=0.7"}},
		{"no axis of alone's", `  agents.strong.skill: [0.3, 0.9]
`, []string{""}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := loadText(t, "x.yaml", strings.Replace(sharedSweep, "  agents.strong.skill: [0.3, 0.6, 0.9]\n", tt.sweep, 1))
			if got := cellsPlayedIn(x, 0); !slices.Equal(got, tt.want) {
				t.Errorf("alone is played in cells %q; want %q", got, tt.want)
			}
		})
	}
	x := loadText(t, "grade.yaml", `name: graders
seed: 4
agents:
  student: {backend: sim, skill: 0.6}
  novice: {backend: sim, skill: 0.3}
  grader: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 5}
protocols:
  - {name: grade, judge: grader, exam_takers: [student, novice]}
sweep:
  agents.novice.skill: [0.2, 0.8]
`)
	if got, want := cellsPlayedIn(x, 0), []string{"novice.skill=0.2", "novice.skill=0.8"}; !slices.Equal(got, want) {
		t.Errorf("grade, whose second exam-taker the sweep varies, is played in cells %q; want %q", got, want)
	}
}

// TestSweepCountsEveryCellsCalls: the calls of the agents a cell builds
// are counted with the experiment's own (they are wired as its agents
// are): the run's count is every message its transcripts hold.
func TestSweepCountsEveryCellsCalls(t *testing.T) {
	x := loadText(t, "s.yaml", sharedSweep)
	dir := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: dir, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	eps, err := transcript.ReadFile(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	messages := 0
	for _, ep := range eps {
		messages += len(ep.Messages)
	}
	if res.Calls.Answered != messages || messages == 0 {
		t.Errorf("%d calls answered; want one for each of the transcripts' %d messages, the cells' agents' among them", res.Calls.Answered, messages)
	}
}

// sweepOfSizes is an experiment whose sweep has one key for each size, of
// that many values, each key an agent's setting of its own.
func sweepOfSizes(sizes ...int) string {
	var b strings.Builder
	b.WriteString("name: t\nagents:\n  a: {backend: sim}\n  j: {backend: sim}\n" +
		"tasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: debate, judge: j, debaters: a}\nsweep:\n")
	settings := []string{"agents.a.skill", "agents.a.noise", "agents.a.deception", "agents.j.skill", "agents.j.noise"}
	for i, n := range sizes {
		fmt.Fprintf(&b, "  %s: %s\n", settings[i], valuesOf(n))
	}
	return b.String()
}

// TestSweepCellLimit: a sweep of maxCells cells loads; one of more is
// said once, at the key that passes the limit, with its count, though
// later keys pass it further.
func TestSweepCellLimit(t *testing.T) {
	x := mustParse(t, "x.yaml", sweepOfSizes(10, 10, 10))
	if got := len(x.CellNames()); got != maxCells {
		t.Fatalf("%d cells; want %d", got, maxCells)
	}
	_, err := Parse("x.yaml", []byte(sweepOfSizes(10, 10, 11, 2, 2)))
	if !errors.Is(err, ErrBadInput) {
		t.Fatalf("error %v; want bad input", err)
	}
	want := "x.yaml:12: sweep.agents.a.deception: the sweep has 1100 cells with this key, more than the 1000 allowed"
	if fs := faults(err); len(fs) != 1 || fs[0].Error() != want {
		t.Errorf("faults:\n%s\nwant one: %s", err, want)
	}
}

// TestSweepZipNumbers: each group of a zip is numbered by its place among
// the sweep's dimensions (an axis of its own, or a group), counted from
// 1 — the number a lock records, so that a run resumes on the file that
// made it.
func TestSweepZipNumbers(t *testing.T) {
	x := loadText(t, "zip.yaml", strings.Replace(sharedSweep, "  agents.strong.skill: [0.3, 0.6, 0.9]\n", `  agents.strong.noise: [0.2, 0.6]
  zip:
    - agents.strong.skill: [0.3, 0.9]
      protocols.debate.rounds: [1, 3]
    - agents.judge.skill: [0.3, 0.7]
      agents.judge.noise: [0.1, 0.2]
  agents.judge.diligence: [0.1, 0.9]
`, 1))
	var zips []int
	for _, ax := range x.Sweep.Axes {
		zips = append(zips, ax.Zip)
	}
	if want := []int{0, 2, 2, 3, 3, 0}; !slices.Equal(zips, want) {
		t.Errorf("the axes' zips are %v; want %v", zips, want)
	}
	if got := len(x.CellNames()); got != 16 {
		t.Errorf("%d cells; want 2 × 2 × 2 × 2", got)
	}
}

// TestSweepCellFaultAtItsFirstAxis: values that are sound alone but not
// together (two token limits of one agent) make their cell's fault, said
// at the first of the cell's axes that set the agent, with the cell's
// name.
func TestSweepCellFaultAtItsFirstAxis(t *testing.T) {
	_, err := Parse("x.yaml", []byte(`name: t
agents:
  a: {backend: openai, base_url: http://127.0.0.1:9/v1, model: m, api_key_env: MOOT_TEST_UNSET_VARIABLE}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 2}
protocols:
  - {name: direct, judge: a}
sweep:
  agents.j.skill: [0.2, 0.8]
  agents.a.max_tokens: [0, 100]
  agents.a.max_completion_tokens: [0, 200]
`))
	want := "x.yaml:11: sweep.agents.a.max_tokens: cell j.skill=0.2,a.max_tokens=100,a.max_completion_tokens=200: give one token limit"
	if !errors.Is(err, ErrBadInput) || !strings.HasPrefix(fmt.Sprint(err), want) {
		t.Errorf("error %v; want one beginning %q", err, want)
	}
}

// TestSweepQuotedNumbersAreWords: values written as numbers are one value
// however written (0.5 and 0.50), but quoted they are words, told apart
// as written: a model "1" and a model "1.0" are two.
func TestSweepQuotedNumbersAreWords(t *testing.T) {
	x := mustParse(t, "x.yaml", `name: t
agents:
  a: {backend: openai, base_url: http://127.0.0.1:9/v1, model: m, api_key_env: MOOT_TEST_UNSET_VARIABLE}
tasks:
  - {name: q, generator: qa, n: 2}
protocols:
  - {name: direct, judge: a}
sweep:
  agents.a.model: ["1", "1.0"]
`)
	if got, want := x.CellNames(), []string{"a.model=1", "a.model=1.0"}; !slices.Equal(got, want) {
		t.Errorf("cells %q; want %q", got, want)
	}
}

// TestSweepKeyNamesTheLongestAgent: where one agent's name holds
// another's (a.b beside a), a key names the longest that fits, whichever
// the file lists first.
func TestSweepKeyNamesTheLongestAgent(t *testing.T) {
	x := mustParse(t, "x.yaml", `name: t
agents:
  a.b: {backend: sim}
  a: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 2}
protocols:
  - {name: debate, judge: a, debaters: a.b}
sweep:
  agents.a.b.skill: [0.2, 0.8]
`)
	if c := x.Sweep.Cells[1]; c.Name != "a.b.skill=0.8" || len(c.Agents) != 1 || c.Agents[0].Name != "a.b" {
		t.Errorf("cell %s changes %v; want a.b.skill=0.8, changing a.b", c.Name, c.Agents)
	}
}

// TestWithSettingLeavesTheBlock: withSetting returns a copy with the
// value, set or added, and leaves the block as the file wrote it, which
// every cell starts from.
func TestWithSettingLeavesTheBlock(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("{backend: sim, skill: 0.9}"), &doc); err != nil {
		t.Fatal(err)
	}
	block := doc.Content[0]
	value := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: "0.5"}
	for key, want := range map[string]string{
		"skill": "{backend: sim, skill: 0.5}\n",
		"noise": "{backend: sim, skill: 0.9, noise: 0.5}\n",
	} {
		got, err := yaml.Marshal(withSetting(block, key, value, 1))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("with %s: %q; want %q", key, got, want)
		}
	}
	if got, _ := yaml.Marshal(block); string(got) != "{backend: sim, skill: 0.9}\n" {
		t.Errorf("the block is %q after; want it as written", got)
	}
}

// TestAZipCountsFromItsFirstListedKey: a group's count is that of its
// first key that lists values; a key before it that lists none says its
// own fault alone, and the keys that pair with the listed one say none.
func TestAZipCountsFromItsFirstListedKey(t *testing.T) {
	_, err := Parse("x.yaml", []byte(`name: t
agents:
  a: {backend: sim}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
sweep:
  zip:
    agents.a.skill: 0.5
    agents.j.skill: [0.5, 0.9]
    agents.j.noise: [0.1, 0.2]
tasks:
  - {name: q, generator: qa, n: 10}
`))
	want := "x.yaml:9: sweep.zip.agents.a.skill: want a non-empty list of values"
	if fs := faults(err); len(fs) != 1 || !strings.HasPrefix(fs[0].Error(), want) {
		t.Errorf("faults:\n%v\nwant one beginning %q", err, want)
	}
}

// valuesOf lists n values of a [0, 1] setting: 0, 0.01, 0.02…
func valuesOf(n int) string {
	var values []string
	for v := range n {
		values = append(values, fmt.Sprintf("%g", float64(v)/100))
	}
	return "[" + strings.Join(values, ", ") + "]"
}

// TestAZipIsOneDimension: a zip's group is one dimension of the product,
// its count that of each of its keys — a map's by its names — and its
// cells count once toward the limit, not once for each key.
func TestAZipIsOneDimension(t *testing.T) {
	head := "name: t\nagents:\n  a: {backend: sim}\n  j: {backend: sim}\n" +
		"tasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: debate, judge: j, debaters: a}\nsweep:\n"
	x := mustParse(t, "x.yaml", head+"  zip:\n    agents.a.skill: {low: 0.2, high: 0.8}\n    agents.j.skill: [0.3, 0.7]\n")
	if got, want := x.CellNames(), []string{"a.skill=low,j.skill=0.3", "a.skill=high,j.skill=0.7"}; !slices.Equal(got, want) {
		t.Errorf("cells %q; want %q", got, want)
	}
	x = mustParse(t, "x.yaml", head+"  zip:\n    agents.a.skill: "+valuesOf(40)+"\n    agents.a.noise: "+valuesOf(40)+"\n  agents.j.skill: "+valuesOf(20)+"\n")
	if got := len(x.CellNames()); got != 800 {
		t.Errorf("%d cells; want 40 × 20", got)
	}
}
