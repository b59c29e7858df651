package engine

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
)

// badDir holds malformed experiment files, one case a file. Each starts
// with a line "# want: TEXT", where TEXT is how the error must read after
// the file name: ":LINE: field: message" when the problem has a line, ": message"
// when it has none; TEXT may stop short of the end of the message. A file
// that cannot hold a comment (binary garbage, an empty file) has TEXT in
// a sidecar file of the same name ending in .want instead of .yaml. A
// message that lists what is registered (protocols, backends, generators,
// loaders, families) is cut short before the list, so that a new
// protocol, backend or task family added as a package of its own changes
// no case here (the lists are the registries' own: internal/registry).
//
// A line "# known-bug: WHY" marks a case the engine gets wrong today: its
// test is skipped while it fails, and fails once it passes, so that the
// mark is removed with the fix.
const badDir = "testdata/bad"

// badCase is one file of badDir.
type badCase struct {
	Path     string
	Want     string
	KnownBug string
}

// badCases reads every case of badDir.
func badCases(t *testing.T) []badCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(badDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in %s: %v", badDir, err)
	}
	var cases []badCase
	for _, path := range paths {
		c := badCase{Path: path}
		data := mustRead(t, path)
		sidecar := strings.TrimSuffix(path, ".yaml") + ".want"
		if want, err := os.ReadFile(sidecar); err == nil {
			c.Want = strings.TrimRight(string(want), "\n")
		}
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			if w, ok := strings.CutPrefix(line, "# want: "); ok {
				c.Want = w
			}
			if why, ok := strings.CutPrefix(line, "# known-bug: "); ok {
				c.KnownBug = why
			}
		}
		if c.Want == "" {
			t.Fatalf(`%s: no "# want: " line and no %s`, path, sidecar)
		}
		cases = append(cases, c)
	}
	return cases
}

// badInputProblems lists what is wrong with err as the error of loading the
// bad file path: it must read path followed by want, and each of its
// faults (faults) wrap ErrBadInput, be an *InputError, be one line and
// begin with the file it is about.
func badInputProblems(path, want string, err error) []string {
	if err == nil {
		return []string{"got no error"}
	}
	var problems []string
	msg := err.Error()
	if !strings.HasPrefix(msg, path+want) {
		problems = append(problems, fmt.Sprintf("error %q; want %q", msg, path+want))
	}
	for i, fault := range faults(err) {
		msg := fault.Error()
		if !errors.Is(fault, ErrBadInput) {
			problems = append(problems, fmt.Sprintf("error %q does not wrap ErrBadInput", msg))
		}
		if strings.ContainsAny(msg, "\r\n") {
			problems = append(problems, fmt.Sprintf("error %q spans lines; want one line a fault", msg))
		}
		var ie *InputError
		switch {
		case !errors.As(fault, &ie):
			problems = append(problems, fmt.Sprintf("error %q is a %T; want an *InputError", msg, fault))
		case !strings.HasPrefix(msg, ie.File+":"):
			problems = append(problems, fmt.Sprintf("error %q; want it to begin with the file it is about, %s", msg, ie.File))
		case i == 0 && ie.Line > 0 && !strings.HasPrefix(want, ":"+strconv.Itoa(ie.Line)+":"):
			problems = append(problems, fmt.Sprintf("the error is at line %d; want the case to say so, as :%d:", ie.Line, ie.Line))
		}
	}
	return problems
}

// faults are the faults err says: each of a file's, where it has several
// (Faults), or err alone.
func faults(err error) []error {
	if fs, ok := err.(*Faults); ok {
		return fs.Unwrap()
	}
	return []error{err}
}

// reportBadInput fails t with problems, or for a known bug, skips t while
// the bug is there and fails it once it is gone.
func reportBadInput(t *testing.T, knownBug string, problems []string) {
	t.Helper()
	switch {
	case knownBug != "" && len(problems) > 0:
		t.Skipf("known bug: %s: %s", knownBug, strings.Join(problems, "; "))
	case knownBug != "":
		t.Errorf("passes, but is marked as a known bug (%s); remove the known-bug line", knownBug)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, c := range badCases(t) {
		t.Run(filepath.Base(c.Path), func(t *testing.T) {
			_, err := Load(c.Path)
			reportBadInput(t, c.KnownBug, badInputProblems(c.Path, c.Want, err))
		})
	}
}

// TestParseErrors checks the cases through Parse, with a name that is not
// a file's, as the fuzzer calls it.
func TestParseErrors(t *testing.T) {
	for _, c := range badCases(t) {
		t.Run(filepath.Base(c.Path), func(t *testing.T) {
			data := mustRead(t, c.Path)
			_, err := Parse("in-memory", data)
			reportBadInput(t, c.KnownBug, badInputProblems("in-memory", c.Want, err))
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(path)
	for _, p := range badInputProblems(path, ": open "+path+": no such file or directory", err) {
		t.Error(p)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: err = %v; want it to wrap os.ErrNotExist", err)
	}
}

// hugeExperiment is testdata/small.yaml padded with comment lines to size
// bytes.
func hugeExperiment(t *testing.T, size int) []byte {
	t.Helper()
	data := mustRead(t, "testdata/small.yaml")
	line := "# " + strings.Repeat("padding ", 12) + "\n"
	var b bytes.Buffer
	b.Write(data)
	for b.Len()+len(line) <= size {
		b.WriteString(line)
	}
	b.WriteString(strings.Repeat("#", size-b.Len()))
	return b.Bytes()
}

func TestLoadHugeFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		size int
		want string // the error after the file name; "" for none
	}{
		{"at the limit", maxFileBytes, ""},
		{"one byte over", maxFileBytes + 1, fmt.Sprintf(": larger than %d bytes (1 MiB), more than moot reads", maxFileBytes)},
		{"three times over", 3 * maxFileBytes, ": larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml")
			data := hugeExperiment(t, tt.size)
			if len(data) != tt.size {
				t.Fatalf("made %d bytes; want %d", len(data), tt.size)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if tt.want == "" {
				if err != nil {
					t.Errorf("Load of %d bytes: %v; want no error", tt.size, err)
				}
				return
			}
			for _, p := range badInputProblems(path, tt.want, err) {
				t.Error(p)
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	x := loadSmall(t)
	if x.Name != "small" || x.Seed != 11 || x.Repeats != 2 {
		t.Errorf("got name %q seed %d repeats %d; want small 11 2", x.Name, x.Seed, x.Repeats)
	}
	labels := []string{}
	for _, p := range x.Protocols {
		labels = append(labels, p.Label)
	}
	if got, want := strings.Join(labels, ","), "direct,direct-with-context,consultancy,debate,debate-unverified"; got != want {
		t.Errorf("labels = %s; want %s", got, want)
	}
	lock, err := x.Lock()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rounds: 3", "turns: sequential", "verify_quotes: false", "questions_sha256:", "diligence: 0.3"} {
		if !strings.Contains(string(lock), want) {
			t.Errorf("lock file lacks %q:\n%s", want, lock)
		}
	}
}

// TestAliasedMaps: an agent aliased whole (&name … *name), as the refusal
// of merge keys advises, is the agent written out again — the same lock
// less the file's path and digest.
func TestAliasedMaps(t *testing.T) {
	const body = `tasks:
  - {name: q, generator: qa, n: 4}
protocols:
  - {name: debate, judge: j, debaters: [s, t], rounds: 1}
`
	aliased := loadText(t, "x.yaml", `name: x
agents:
  s: &strong
    backend: sim
    skill: 0.9
    deception: 0.4
  t: *strong
  j: {backend: sim, skill: 0.5}
`+body)
	written := loadText(t, "x.yaml", `name: x
agents:
  s: {backend: sim, skill: 0.9, deception: 0.4}
  t: {backend: sim, skill: 0.9, deception: 0.4}
  j: {backend: sim, skill: 0.5}
`+body)
	a, err := aliased.Lock()
	if err != nil {
		t.Fatal(err)
	}
	w, err := written.Lock()
	if err != nil {
		t.Fatal(err)
	}
	// The file's own path and digest differ, as the texts do.
	own := regexp.MustCompile(`(?m)^experiment(_sha256)?: .*\n`)
	a, w = own.ReplaceAll(a, nil), own.ReplaceAll(w, nil)
	if !bytes.Equal(a, w) {
		t.Errorf("the lock of an aliased agent differs from the one written out:\n%s\n---\n%s", a, w)
	}
}

// TestBadInputListsWhatIsRegistered: the messages the cases of badDir cut
// short before their lists name what the registries hold, in the
// registries' order — the list of this test binary's registrations,
// whatever packages it links.
func TestBadInputListsWhatIsRegistered(t *testing.T) {
	for file, known := range map[string][]string{
		"unknown-backend.yaml":            agents.Backends(),
		"missing-backend.yaml":            agents.Backends(),
		"unknown-generator.yaml":          tasks.Generators(),
		"missing-generator.yaml":          tasks.Generators(),
		"unknown-protocol.yaml":           protocols.Names(),
		"missing-protocol-name.yaml":      protocols.Names(),
		"no-protocols.yaml":               protocols.Names(),
		"loader-unknown.yaml":             tasks.Loaders(),
		"loader-path-without-loader.yaml": tasks.Loaders(),
		"no-tasks.yaml":                   tasks.Generators(),
	} {
		_, err := Load(filepath.Join(badDir, file))
		if want := ": " + strings.Join(known, ", ") + ")"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want it to list %s", file, err, want)
		}
	}
}
