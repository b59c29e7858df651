package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryFaultIsSaid: a file with several faults says each, a line with
// its file, line and field, in the order of the file: every agent's,
// every protocol's (but that it names an agent at fault) and every
// task's, where the first alone was said and the next was found only
// once it was fixed.
func TestEveryFaultIsSaid(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       []string
	}{
		{"agents", `name: t
agents:
  a: {backend: sim, skil: 1}
  b: {backend: nope}
  c: {backend: sim}
protocols:
  - {name: direct, judge: nobody}
tasks:
  - {name: q, generator: qa, n: 0}
`, []string{
			"x.yaml:3: agents.a.skil: unknown field",
			"x.yaml:4: agents.b.backend: ",
			`x.yaml:7: protocols[0].judge: unknown agent "nobody" (agents: a, b, c)`,
			"x.yaml:9: tasks[0].n: ",
		}},
		// A protocol that names an agent at fault is not said to name an
		// unknown one (the agent's own fault is said), but its own faults
		// are: an unknown agent in another seat, a bad label.
		{"protocols beside agents at fault", `name: t
agents:
  a: {backend: sim, skil: 1}
  j: {backend: sim}
protocols:
  - {name: direct, judge: a}
  - {name: debate, judge: a, debaters: [j, nobody]}
  - {name: consultancy, judge: j, consultant: a, label: ../x}
  - {name: debate, judge: j, debaters: a, best_of: 2, scorer: a}
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:3: agents.a.skil: unknown field",
			`x.yaml:7: protocols[1].debaters: unknown agent "nobody" (agents: a, j)`,
			"x.yaml:8: protocols[2].label: ",
		}},
		{"protocols and tasks", `name: t
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j, label: ../x}
  - {name: direct, judge: nobody, label: two}
  - {name: nope}
tasks:
  - {name: q, generator: qa, n: 0}
  - {name: r, generator: qa, n: 10}
  - {name: r, generator: qa, n: 10}
`, []string{
			"x.yaml:5: protocols[0].label: ",
			"x.yaml:6: protocols[1].judge: ",
			"x.yaml:7: protocols[2].name: ",
			"x.yaml:9: tasks[0].n: ",
			"x.yaml:11: tasks[2].name: duplicate task name",
		}},
		// The settings' faults hide neither each other nor the agents',
		// protocols' and tasks'.
		{"settings", `name: t
repeats: 0
verdict_retries: 11
agents:
  j: {backend: sim, skil: 1}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 0}
budget_usd: -1
`, []string{
			"x.yaml:2: repeats: ",
			"x.yaml:3: verdict_retries: ",
			"x.yaml:5: agents.j.skil: unknown field",
			"x.yaml:9: tasks[0].n: ",
			"x.yaml:10: budget_usd: ",
		}},
		{"settings and tasks", `name: t
repeats: 0
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 0}
replicates: 0
`, []string{
			"x.yaml:2: repeats: ",
			"x.yaml:8: tasks[0].n: ",
			"x.yaml:9: replicates: ",
		}},
		// Tasks above the protocols, as most files have them: the faults
		// are said in the file's order.
		{"tasks before protocols", `name: t
agents:
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 0}
protocols:
  - {name: direct, judge: nobody}
`, []string{
			"x.yaml:5: tasks[0].n: ",
			"x.yaml:7: protocols[0].judge: ",
		}},
		// A fault of a tournament's shared settings is said once, not for
		// each pair it makes.
		{"tournament's setting", `name: t
agents:
  a: {backend: sim}
  b: {backend: sim}
  c: {backend: sim}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 10}
tournament:
  debaters: [a, b, c]
  judge: nobody
  rounds: 2
`, []string{
			"x.yaml:11: tournament (a-vs-b).judge: ",
		}},
		// A tournament block's faults are each said, as any block's: an
		// unknown key hides neither the next nor a setting of the wrong
		// kind, nor does a key given twice.
		{"a tournament's faults", `name: t
agents:
  a: {backend: sim}
  b: {backend: sim}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 10}
tournament:
  debaters: [a, b]
  judge: j
  roundz: 2
  label: x
  rounds: many
  swapp: true
  judge: a
`, []string{
			"x.yaml:11: tournament.roundz: unknown field",
			"x.yaml:12: tournament.label: a tournament names its debates itself",
			"x.yaml:13: tournament (a-vs-b).rounds: want a whole number",
			"x.yaml:14: tournament.swapp: unknown field",
			`x.yaml:15: tournament: mapping key "judge" already defined at line 10`,
		}},
		// A tournament that cannot make its debates still lets the tasks'
		// faults be said.
		{"tournament and tasks", `name: t
agents:
  a: {backend: sim}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 0}
tournament:
  debaters: [a]
  judge: j
`, []string{
			"x.yaml:6: tasks[0].n: ",
			"x.yaml:8: tournament.debaters: want at least two",
		}},
		// A key the file's top level does not know, or one of the wrong
		// kind, hides none of the rest: the file is read without it. A
		// block's faults are each said, not its first alone.
		{"top-level keys", `name: t
repaets: 2
agents:
  j: {backend: sim, skil: 1, noise: lots}
seed: seven
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 10, difficultly: 1}
colour: blue
`, []string{
			"x.yaml:2: repaets: unknown field",
			"x.yaml:4: agents.j.skil: unknown field",
			"x.yaml:4: agents.j.noise: want a number, got `lots`",
			"x.yaml:5: seed: want a whole number, not negative, got `seven`",
			"x.yaml:9: tasks[0].difficultly: unknown field",
			"x.yaml:10: colour: unknown field",
		}},
		{"a block's faults", `name: t
agents:
  j: {backend: sim}
protocols:
  - name: debate
    judge: j
    debaters: j
    rounds: two
    swapp: true
tasks:
  - {name: q, generator: qa, n: 10, difficultly: 1, sentences: many}
`, []string{
			"x.yaml:8: protocols[0].rounds: want a whole number",
			"x.yaml:9: protocols[0].swapp: unknown field",
			"x.yaml:11: tasks[0].difficultly: unknown field",
			"x.yaml:11: tasks[0].sentences: want a whole number",
		}},
		// A key given twice hides none of its block's other faults, nor
		// another key given twice.
		{"a block's keys given twice", `name: t
agents:
  j: {backend: sim, skill: 1, skill: 0.5, skil: 1, noise: lots, noise: 1}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			`x.yaml:3: agents.j: mapping key "skill" already defined at line 3`,
			`x.yaml:3: agents.j: mapping key "noise" already defined at line 3`,
			"x.yaml:3: agents.j.skil: unknown field",
			"x.yaml:3: agents.j.noise: want a number, got `lots`",
		}},
		// A top-level key given twice is read around, both its places:
		// the rest of the file is checked too, and the file is not also
		// said to lack that section.
		{"a top-level key given twice", `name: t
agents:
  j: {backend: sim, skil: 1}
tasks:
  - {name: q, generator: qa, n: 10}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: r, generator: qa, n: 0}
seed: seven
`, []string{
			"x.yaml:3: agents.j.skil: unknown field",
			`x.yaml:8: mapping key "tasks" already defined at line 4`,
			"x.yaml:10: seed: want a whole number, not negative, got `seven`",
		}},
		// Read without a protocols list of the wrong kind, or a
		// tournament, the file is not also said to lack protocols.
		{"protocols of the wrong kind", `name: t
agents:
  j: {backend: sim}
protocols: {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 0}
`, []string{
			"x.yaml:4: protocols: want a list",
			"x.yaml:6: tasks[0].n: ",
		}},
		// A top-level key unknown for a dot, a bracket or a space in its
		// name is read around alone: the section its name begins with is
		// still read, and its faults said.
		{"a top-level key named like a path", `name: t
agents.j.skill: 1
agents:
  j: {backend: sim, skil: 1}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:2: agents.j.skill: unknown field",
			"x.yaml:4: agents.j.skil: unknown field",
		}},
		{"a top-level key named with a space", `name: t
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: q, generator: qa, n: 0}
tasks extra: 1
`, []string{
			"x.yaml:7: tasks[0].n: ",
			"x.yaml:8: tasks extra: unknown field",
		}},
		// Read without its protocols list, a file's sweep is not said to
		// name a protocol that the list holds.
		{"protocols of the wrong kind and a sweep", `name: t
agents:
  a: {backend: sim}
  b: {backend: sim}
  j: {backend: sim}
protocols: {name: debate, judge: j, debaters: a}
tournament:
  debaters: [a, b]
  judge: j
sweep:
  protocols.debate.rounds: [1, 3]
tasks:
  - {name: q, generator: qa, n: 0}
`, []string{
			"x.yaml:6: protocols: want a list",
			"x.yaml:13: tasks[0].n: ",
		}},
		// Each key of a sweep says its fault, not the first alone; a key
		// listed twice is said once, and its second place not read (it
		// would only be said to set what its first sets).
		{"a sweep's faults", `name: t
agents:
  a: {backend: sim}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
sweep:
  agents.a.skil: [0.5, 0.9]
  agents.j.skill: [0.5, 0.9]
  agents.nobody.skill: [1, 2]
  agents.j.skill: [0.6]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:8: sweep.agents.a.skil: ",
			"x.yaml:10: sweep.agents.nobody.skill: ",
			"x.yaml:11: sweep.agents.j.skill: listed twice (first at line 9)",
		}},
		// A sweep is read beside protocols at fault: its keys naming a
		// protocol or an agent at fault are not said (their own faults
		// are), the rest are.
		{"a sweep beside protocols at fault", `name: t
agents:
  a: {backend: sim, skil: 1}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
  - {name: debate, judge: j, debaters: j, rounds: 0}
sweep:
  agents.a.skill: [0.5, 0.9]
  agents.j.skil: [0.5, 0.9]
  protocols.debate.rounds: [1, 2]
  protocols.direct.roundz: [1, 2]
  protocols.consult.rounds: [1, 2]
  protocols.*.best_of: [1, 2]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:3: agents.a.skil: unknown field",
			"x.yaml:7: protocols[1].rounds: ",
			"x.yaml:10: sweep.agents.j.skil: ",
			"x.yaml:12: sweep.protocols.direct.roundz: ",
			`x.yaml:13: sweep.protocols.consult.rounds: unknown protocol (labels: direct, debate)`,
		}},
		// Labels may hold dots: a key naming a protocol or an agent at
		// fault whose name is a built one's and more (d.v2 beside d) is
		// that one's, left unsaid, not the built one's with a nested
		// setting.
		{"a sweep key naming one at fault whose name holds a built one's", `name: t
agents:
  a: {backend: sim}
  a.b: {backend: sim, skil: 1}
  j: {backend: sim}
protocols:
  - {name: debate, label: d.v2, judge: j, debaters: a, rounds: 0}
  - {name: direct, label: d, judge: j}
sweep:
  protocols.d.v2.rounds: [2, 3]
  agents.a.b.skill: [0.5, 0.9]
  protocols.d.v3.rounds: [2, 3]
  protocols.d.v2: [2, 3]
  agents.a.b: [0.5, 0.9]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:4: agents.a.b.skil: unknown field",
			"x.yaml:7: protocols[0].rounds: ",
			"x.yaml:12: sweep.protocols.d.v3.rounds: name one setting after the agent or protocol, not a nested path",
			// One at fault named with no setting: said, as of one built.
			"x.yaml:13: sweep.protocols.d.v2: name a setting of protocol d.v2: protocols.d.v2.<setting>",
			"x.yaml:14: sweep.agents.a.b: name a setting of agent a.b: agents.a.b.<setting>",
		}},
		// A wildcard key that no sound entry has the setting of is left
		// unsaid beside one at fault that may have it, but said where no
		// backend or protocol has such a setting: no fix of the one at
		// fault makes it sound.
		{"a wildcard key of a setting nothing has beside one at fault", `name: t
agents:
  a: {backend: sim, bogus: 1}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
  - {name: debate, judge: j, debaters: j, rounds: 0}
sweep:
  agents.*.temprature: [0.5, 0.9]
  agents.*.skill: [0.5, 0.9]
  protocols.*.roundz: [1, 2]
  protocols.*.rounds: [1, 2]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:3: agents.a.bogus: unknown field",
			"x.yaml:7: protocols[1].rounds: ",
			"x.yaml:9: sweep.agents.*.temprature: no entry of agents has the setting temprature",
			"x.yaml:11: sweep.protocols.*.roundz: no entry of protocols has the setting roundz",
		}},
		// Each group of a sweep's zip and each key of a group says its
		// fault, not the first of the zip alone: a key at fault, one whose
		// values do not pair with its group's, a group of one key, a zip
		// in a zip, a key listed twice (its second place not read). Each
		// is named at sweep.zip.<key>, where the key stands.
		{"a zip's faults", `name: t
agents:
  a: {backend: sim}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
sweep:
  zip:
    - agents.a.skill: [0.5, 0.9]
      agents.j.skil: [0.5, 0.9]
      agents.j.noise: [0.1, 0.2, 0.3]
    - agents.a.noise: [0.1, 0.2]
    - agents.j.skill: [0.5, 0.9]
      zip: {agents.a.length_bias: [0.1, 0.2]}
      agents.j.skill: [0.6, 0.7]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:10: sweep.zip.agents.j.skil: ",
			"x.yaml:11: sweep.zip.agents.j.noise: 3 values; the axes of a zip vary together, and agents.a.skill has 2",
			"x.yaml:12: sweep.zip: want a map of two or more setting paths",
			"x.yaml:14: sweep.zip.zip: a zip cannot hold another",
			"x.yaml:15: sweep.zip.agents.j.skill: listed twice (first at line 13)",
		}},
		// A group's count is that of its first listed key, where that
		// key names an agent at fault and is left unsaid too: the key
		// that does not pair with it is the one said, not the third that
		// does.
		{"a zip led by a key at fault", `name: t
agents:
  a: {backend: sim}
  b: {backend: sim, bogus: 1}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
sweep:
  zip:
    agents.b.skill: [0.5, 0.7, 0.9]
    agents.a.skill: [0.5, 0.9]
    agents.j.noise: [0.1, 0.2, 0.3]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
			"x.yaml:4: agents.b.bogus: unknown field",
			"x.yaml:11: sweep.zip.agents.a.skill: 2 values; the axes of a zip vary together, and agents.b.skill has 3",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.file))
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("error %v; want bad input", err)
			}
			lines := strings.Split(err.Error(), "\n")
			fs := faults(err)
			if len(lines) != len(tt.want) || len(fs) != len(tt.want) {
				t.Fatalf("%d lines, %d faults:\n%s\nwant %d", len(lines), len(fs), err, len(tt.want))
			}
			for i, want := range tt.want {
				var ie *InputError
				if !strings.HasPrefix(lines[i], want) || !errors.As(fs[i], &ie) || fs[i].Error() != lines[i] {
					t.Errorf("fault %d: %q (%T); want an *InputError beginning %q", i, lines[i], fs[i], want)
				}
			}
		})
	}
}

// TestAFaultSaidOnce: two tasks reading one bad dataset meet its fault
// alike; it is said once, for the second line would only repeat it.
func TestAFaultSaidOnce(t *testing.T) {
	file, data := withDataset(t, "{\"question\": \"q\", \"answers\": [\"a\", \"b\"]}\n", `name: t
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: a, loader: jsonl, path: d.jsonl}
  - {name: b, loader: jsonl, path: d.jsonl}
  - {name: c, generator: qa, n: 0}
`)
	_, err := Load(file)
	if !errors.Is(err, ErrBadInput) {
		t.Fatalf("error %v; want bad input", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 || len(faults(err)) != 2 || !strings.HasPrefix(lines[0], data+":1: ") || !strings.Contains(lines[1], "tasks[2].n: ") {
		t.Fatalf("faults:\n%s\nwant the dataset's once, then tasks[2].n's", err)
	}
}

// TestADatasetsEveryInvalidRecordIsSaid: a dataset's invalid records are
// each said, a line each, in the place of the task that reads it among
// the file's faults (and once where two tasks read it), where its first
// alone was said and the next found once that was mended.
func TestADatasetsEveryInvalidRecordIsSaid(t *testing.T) {
	good := `{"question": "q%d", "correct": "a", "incorrect": "b"}` + "\n"
	records := fmt.Sprintf(good, 1) + `{"question": "q2", "correct": "a"}` + "\n" + fmt.Sprintf(good, 3) + "{broken\n"
	file, data := withDataset(t, records, `name: t
agents:
  j: {backend: sim}
tasks:
  - {name: a, generator: qa, n: 0}
  - {name: b, loader: jsonl, path: d.jsonl}
  - {name: c, loader: jsonl, path: d.jsonl}
protocols:
  - {name: direct, judge: nobody}
`)
	_, err := Load(file)
	want := []string{"tasks[0].n: ", data + ":2: incorrect: missing", data + ":4: malformed JSON", "protocols[0].judge: "}
	lines := strings.Split(fmt.Sprint(err), "\n")
	if !errors.Is(err, ErrBadInput) || len(lines) != len(want) || len(faults(err)) != len(want) {
		t.Fatalf("faults:\n%v\nwant %d: %q", err, len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("fault %d: %q; want %q in it", i, lines[i], w)
		}
	}
}

// withDataset writes records as d.jsonl and experiment as x.yaml, which
// may read it, in a folder of their own, and returns the two paths.
func withDataset(t *testing.T, records, experiment string) (file, data string) {
	t.Helper()
	dir := t.TempDir()
	file, data = filepath.Join(dir, "x.yaml"), filepath.Join(dir, "d.jsonl")
	if err := os.WriteFile(data, []byte(records), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(experiment), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, data
}

// TestADatasetsFaultBesideAKeyOfItsName: a dataset's fault is the
// dataset's, said though its field has the name of a top-level key the
// experiment file is read without (an unknown question:).
func TestADatasetsFaultBesideAKeyOfItsName(t *testing.T) {
	file, data := withDataset(t, `{"question": "", "correct": "a", "incorrect": "b"}`+"\n", `name: t
question: what
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
tasks:
  - {name: a, loader: jsonl, path: d.jsonl}
`)
	_, err := Load(file)
	if !errors.Is(err, ErrBadInput) {
		t.Fatalf("error %v; want bad input", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 || len(faults(err)) != 2 || !strings.HasPrefix(lines[0], file+":2: question: unknown field") || !strings.HasPrefix(lines[1], data+":1: question: ") {
		t.Fatalf("faults:\n%s\nwant the unknown key's, then the dataset's", err)
	}
}

// TestInputErrorKeepsAnInputErrorWhole: an error that wraps several
// errors but is one fault — an InputError wraps ErrBadInput and its
// problem — is one fault, not split into its parts; the strict decoder's
// Faults are split, one InputError each.
func TestInputErrorKeepsAnInputErrorWhole(t *testing.T) {
	inner := &InputError{File: "d.jsonl", Line: 2, Err: errors.New("bad record")}
	if got := faults(inputError("x.yaml", 3, "tasks[0]", nil, inner)); len(got) != 1 || !strings.Contains(got[0].Error(), "d.jsonl:2: bad record") {
		t.Errorf("an InputError became %d faults: %q; want it whole", len(got), got)
	}
	several := joinFaults(&lineError{Line: 4, Field: "a", Err: errors.New("one")}, &lineError{Line: 5, Field: "b", Err: errors.New("two")})
	got := faults(inputError("x.yaml", 3, "tasks[0]", nil, several))
	if len(got) != 2 || got[0].Error() != "x.yaml:4: tasks[0].a: one" || got[1].Error() != "x.yaml:5: tasks[0].b: two" {
		t.Errorf("the decoder's two faults became %q; want x.yaml:4 and x.yaml:5, each its own", got)
	}
}

// TestAPromptsFilesEveryUnknownBlockIsSaid: a prompts file that defines
// two templates its protocol does not have says each, at its line, beside
// the file's other faults, where the first alone was said.
func TestAPromptsFilesEveryUnknownBlockIsSaid(t *testing.T) {
	dir := t.TempDir()
	tmpl := "{{define \"judge.sytem\"}}Be brief.{{end}}\n\n{{define \"judge.usr\"}}{{.View.Question}}{{end}}\n"
	if err := os.WriteFile(filepath.Join(dir, "p.tmpl"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "x.yaml")
	if err := os.WriteFile(file, []byte(`name: t
agents:
  j: {backend: sim}
protocols:
  - {name: direct, judge: j, prompts: p.tmpl}
tasks:
  - {name: q, generator: qa, n: 0}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(file)
	lines := strings.Split(fmt.Sprint(err), "\n")
	if !errors.Is(err, ErrBadInput) || len(lines) != 3 || len(faults(err)) != 3 ||
		!strings.Contains(lines[0], `:5: protocols[0].prompts: `) || !strings.Contains(lines[0], `p.tmpl:1: defines "judge.sytem"`) ||
		!strings.Contains(lines[1], `:5: protocols[0].prompts: `) || !strings.Contains(lines[1], `p.tmpl:3: defines "judge.usr"`) ||
		!strings.Contains(lines[2], "tasks[0].n: ") {
		t.Errorf("faults:\n%v\nwant each unknown block at its line, then tasks[0].n's", err)
	}
}
