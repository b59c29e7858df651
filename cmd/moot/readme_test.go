package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
)

// readme is the README's text.
func readme(t *testing.T) string {
	t.Helper()
	return string(mustRead(t, "../../README.md"))
}

// withoutPath is a lock without the lines that name its file.
func withoutPath(lock []byte) string {
	var keep []string
	for _, l := range strings.Split(string(lock), "\n") {
		if !strings.HasPrefix(l, "experiment:") && !strings.HasPrefix(l, "experiment_sha256:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestReadmeExperimentIsTheQuickstart: the experiment file the README
// shows, under "The experiment file", is the quickstart, whose table the
// README shows above it: the two resolve to the same lock.
func TestReadmeExperimentIsTheQuickstart(t *testing.T) {
	text := readme(t)
	at := strings.Index(text, "## The experiment file")
	block := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(text[at:])
	if at < 0 || block == nil {
		t.Fatal("no experiment file under \"## The experiment file\"")
	}
	shown, err := engine.Parse("README.md", []byte(block[1]))
	if err != nil {
		t.Fatal(err)
	}
	file, err := engine.Load("../../experiments/quickstart.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, errA := shown.Lock()
	b, errB := file.Lock()
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if withoutPath(a) != withoutPath(b) {
		t.Errorf("README's experiment resolves to\n%s\nexperiments/quickstart.yaml to\n%s", a, b)
	}
}

// TestReadmeShowsTheQuickstartTable: the table the README says the main
// job prints is the one its reference run holds
// (results/quickstart/table.md, checked by moot verify), so a change that
// alters the reference leaves no stale number in the README.
func TestReadmeShowsTheQuickstartTable(t *testing.T) {
	text := readme(t)
	at := strings.Index(text, "and prints:")
	block := regexp.MustCompile("(?s)```\n(.*?)```").FindStringSubmatch(text[max(at, 0):])
	if at < 0 || block == nil {
		t.Fatal("no table after \"and prints:\" in the README")
	}
	ref := string(mustRead(t, "../../results/quickstart/table.md"))
	if !strings.HasPrefix(ref, block[1]) {
		t.Errorf("the README's table is not the start of results/quickstart/table.md:\n%s\nwhich begins\n%s", block[1], ref[:min(len(ref), len(block[1]))])
	}
}

// TestReadmeSimSettings: the README's table of sim settings has a row
// for each setting of the sim backend, and its example of an unknown
// field is the error moot gives.
func TestReadmeSimSettings(t *testing.T) {
	text := readme(t)
	found := false
	for _, e := range agents.Entries() {
		if e.Name != "sim" {
			continue
		}
		found = true
		for _, f := range e.Settings {
			if !strings.Contains(text, "| `"+f.Name+"` |") {
				t.Errorf("README's sim settings lack %s", f.Name)
			}
		}
	}
	if !found {
		t.Fatal("no sim backend")
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\nagents:\n  weak-judge: {backend: sim, diligance: 0.2}\nprotocols:\n  - {name: direct, judge: weak-judge}\ntasks:\n  - {name: q, generator: qa, n: 2}\n"), 0o644)
	_, _, errOut := moot(t, "validate", bad)
	i := strings.Index(errOut, "agents.weak-judge.diligance")
	if i < 0 {
		t.Fatalf("validate: %s", errOut)
	}
	msg := strings.TrimSpace(errOut[i:])
	if !bytes.Contains([]byte(text), []byte(msg)) {
		t.Errorf("README's example of an unknown field is not moot's:\n%s", msg)
	}
}

// between returns text from the first start up to the first end after
// it; missing says what is missing when either is not there.
func between(t *testing.T, text, start, end, missing string) string {
	t.Helper()
	i := strings.Index(text, start)
	j := strings.Index(text[max(i, 0):], end)
	if i < 0 || j < 0 {
		t.Fatal(missing)
	}
	return text[i : i+j]
}

// TestReadmeNamesEveryProtocol: each protocol the CLI registers has a row
// in the README's Protocols table.
func TestReadmeNamesEveryProtocol(t *testing.T) {
	text := readme(t)
	section := between(t, text, "### Protocols", "\n### ", "no ### Protocols section in the README")
	for _, name := range protocols.Names() {
		if !strings.Contains(section, "\n| `"+name+"` |") {
			t.Errorf("the README's Protocols table has no row for %s", name)
		}
	}
}

// TestProtocolsDocNamesEveryProtocol: docs/protocols.md has a section for
// every protocol the CLI registers. The file is generated from the
// protocols the protocols package's tests import, so a protocol imported
// in plugins.go but not there would be missing without a word.
func TestProtocolsDocNamesEveryProtocol(t *testing.T) {
	doc := mustRead(t, "../../docs/protocols.md")
	for _, name := range protocols.Names() {
		if !strings.Contains(string(doc), "\n## "+name+"\n") {
			t.Errorf("docs/protocols.md has no section for %s: import it in protocols/conformance_test.go and run go test ./protocols -run TestDoc -update", name)
		}
	}
}

// TestEveryLoaderIsDocumented: the README's loader table and
// tasks/loaders/doc.go name every registered loader.
func TestEveryLoaderIsDocumented(t *testing.T) {
	text := readme(t)
	table := between(t, text, "| loader | file | hidden context |", "\n\n", "no loader table in the README")
	doc := mustRead(t, "../../tasks/loaders/doc.go")
	for _, name := range tasks.Loaders() {
		if !strings.Contains(table, "`"+name+"`") {
			t.Errorf("the README's loader table has no row for %s", name)
		}
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).Match(doc) {
			t.Errorf("tasks/loaders/doc.go does not name the loader %s", name)
		}
	}
}
