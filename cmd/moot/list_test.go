package main

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/tasks"
)

func TestProtocolsList(t *testing.T) {
	code, out, errOut := moot(t, "protocols", "list")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	sections := sectionsOf(out)
	for _, name := range []string{"debate", "consultancy", "direct", "direct-with-context"} {
		s, ok := sections[name]
		if !ok {
			t.Errorf("no section for %s in:\n%s", name, out)
			continue
		}
		if !strings.Contains(s, "judge ") {
			t.Errorf("%s: no description or judge setting:\n%s", name, s)
		}
		if !regexp.MustCompile(`(?m)^  judge +string +required$`).MatchString(s) {
			t.Errorf("%s: judge not listed as a required string:\n%s", name, s)
		}
	}
	for _, c := range []struct{ protocol, pattern string }{
		{"debate", `(?m)^  rounds +int +3$`},
		{"debate", `(?m)^  swap +bool +true$`},
		{"debate", `(?m)^  debaters +agent or list of agents +required$`},
		{"debate", `(?m)^  turns +string +simultaneous$`},
		{"consultancy", `(?m)^  rounds +int +3$`},
		{"consultancy", `(?m)^  consultant +string +required$`},
		{"consultancy", `(?m)^  swap +bool +false$`},
	} {
		if !regexp.MustCompile(c.pattern).MatchString(sections[c.protocol]) {
			t.Errorf("%s: no line matching %s in:\n%s", c.protocol, c.pattern, sections[c.protocol])
		}
	}
	if strings.Contains(sections["direct"], "rounds") {
		t.Errorf("direct lists rounds:\n%s", sections["direct"])
	}
}

// sectionsOf splits list output into the sections of each name, which
// starts a line unindented.
func sectionsOf(out string) map[string]string {
	sections := map[string]string{}
	name := ""
	for _, line := range strings.SplitAfter(out, "\n") {
		if line != "" && line != "\n" && !strings.HasPrefix(line, " ") {
			name = strings.TrimSpace(line)
		}
		sections[name] += line
	}
	return sections
}

func TestListJSON(t *testing.T) {
	for _, c := range []struct {
		command, kind, entry, setting string
		required                      bool
		def                           any
	}{
		{"protocols", "protocol", "debate", "rounds", false, 3.0},
		{"protocols", "protocol", "consultancy", "judge", true, nil},
		{"backends", "backend", "sim", "skill", false, 0.5},
		{"backends", "backend", "openai", "base_url", true, nil},
		{"backends", "backend", "openai", "model", true, nil},
		{"backends", "backend", "openai", "timeout", false, "2m0s"},
		{"backends", "backend", "openai", "temperature", false, nil},
		{"backends", "backend", "openai", "price.input", false, 0.0},
		{"tasks", "generator", "qa", "sentences", false, 10.0},
	} {
		t.Run(c.entry+"/"+c.setting, func(t *testing.T) {
			code, out, errOut := moot(t, c.command, "list", "--format", "json")
			if code != exitOK {
				t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
			}
			var found bool
			sc := bufio.NewScanner(strings.NewReader(out))
			for sc.Scan() {
				var e registered
				if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
					t.Fatalf("line %q: %v", sc.Text(), err)
				}
				if e.Name != c.entry {
					continue // tasks list mixes generators and loaders
				}
				if e.Kind != c.kind {
					t.Errorf("%s: kind %q; want %q", e.Name, e.Kind, c.kind)
				}
				for _, s := range e.Settings {
					if s.Name == c.setting {
						found = true
						if s.Required != c.required || !cmp.Equal(s.Default, c.def) {
							t.Errorf("%+v; want required %v, default %v", s, c.required, c.def)
						}
					}
				}
			}
			if !found {
				t.Errorf("no setting %s of %s in:\n%s", c.setting, c.entry, out)
			}
		})
	}
}

func TestBackendsAndTasksList(t *testing.T) {
	for _, c := range []struct {
		args     []string
		patterns []string
	}{
		{[]string{"backends", "list"}, []string{
			`(?m)^sim$`, `(?m)^openai$`, `(?m)^  skill +number +0\.5$`, `(?m)^  position_bias +number +0$`,
			`(?m)^  base_url +URL or list of URLs +required$`, `(?m)^  model +string +required$`,
			`(?m)^  concurrency +int +8$`, `(?m)^  backoff +duration +500ms$`, `(?m)^  seed +int +unset$`,
		}},
		{[]string{"tasks", "list"}, []string{`(?m)^qa \(generator\)$`, `(?m)^  difficulty +number +0\.5$`, `(?m)^  sentences +int +10$`}},
	} {
		code, out, errOut := moot(t, c.args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d; want 0; stderr:\n%s", c.args, code, errOut)
		}
		for _, p := range c.patterns {
			if !regexp.MustCompile(p).MatchString(out) {
				t.Errorf("%v: no line matching %s in:\n%s", c.args, p, out)
			}
		}
	}
}

// TestTasksListLoaders checks that tasks list shows every registered
// dataset loader after the generators.
func TestTasksListLoaders(t *testing.T) {
	code, out, errOut := moot(t, "tasks", "list")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	last := strings.Index(out, "qa (generator)\n")
	if last < 0 {
		t.Fatalf("no qa generator in:\n%s", out)
	}
	for _, name := range tasks.Loaders() {
		i := strings.Index(out, "\n"+name+" (loader)\n")
		if i < last {
			t.Errorf("loader %s not listed after the generators:\n%s", name, out)
		}
		last = i
	}
}

func TestTasksShow(t *testing.T) {
	code, out, errOut := moot(t, "tasks", "show", "qa", "--n", "2", "--seed", "1")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	if n := len(regexp.MustCompile(`(?m)^qa-1-\d{4}  qa, difficulty \d\.\d\d$`).FindAllString(out, -1)); n != 2 {
		t.Errorf("%d question headers; want 2:\n%s", n, out)
	}
	for _, want := range []string{"qa-1-0000", "qa-1-0001", "  (correct)\n", "Hidden context:\n", "Evidence pool", "  in context  ", "  not in context  "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "(correct)"); n != 2 {
		t.Errorf("%d answers marked correct; want 2", n)
	}
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > textWidth {
			t.Errorf("line of %d columns; want at most %d: %q", len([]rune(line)), textWidth, line)
		}
	}
	if _, again, _ := moot(t, "tasks", "show", "qa", "--n", "2", "--seed", "1"); again != out {
		t.Errorf("a second call printed something else:\n%s", cmp.Diff(out, again))
	}
	if _, other, _ := moot(t, "tasks", "show", "qa", "--n", "2", "--seed", "2"); other == out {
		t.Error("seeds 1 and 2 printed the same questions")
	}
	_, hard, _ := moot(t, "tasks", "show", "qa", "--n", "1", "--seed", "1", "--difficulty", "0.95")
	if !regexp.MustCompile(`difficulty 0\.[89]\d`).MatchString(hard) {
		t.Errorf("--difficulty 0.95 did not make a hard question:\n%s", hard)
	}
	// --n is a task's n, within its bounds: a hundred million questions
	// ran a trial's machine out of memory.
	if code, _, errOut := moot(t, "tasks", "show", "qa", "--n", "100001"); code != exitBadInput || !strings.Contains(errOut, "between 1 and 100000") {
		t.Errorf("--n 100001: exit %d, stderr %q; want %d and the bounds", code, errOut, exitBadInput)
	}
}

// TestTasksShowSettings: --set passes a generator setting, and an exhibit
// (a code task's programs) is printed as written, indented.
func TestTasksShowSettings(t *testing.T) {
	code, out, errOut := moot(t, "tasks", "show", "code", "--set", "kind=spec", "--n", "1", "--difficulty", "0.3")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Which function meets the spec?\n\n    # The spec: ", "\n    func ", "\n        return ", ", difficulty 0."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTasksShowSettingGivenTwice: a setting given twice, by --difficulty
// and --set or by two --set, is a usage error that names both (it had
// been YAML's "mapping key already defined").
func TestTasksShowSettingGivenTwice(t *testing.T) {
	for _, args := range [][]string{
		{"--set", "difficulty=0.8", "--difficulty", "0.2"},
		{"--set", "sentences=3", "--set", "sentences=4"},
	} {
		code, _, errOut := moot(t, append([]string{"tasks", "show", "qa"}, args...)...)
		if code != exitBadInput || !strings.Contains(errOut, "is set already") || strings.Contains(errOut, "mapping key") {
			t.Errorf("%q: exit %d, stderr %q; want %d, saying it is set already", args, code, errOut, exitBadInput)
		}
	}
}

// TestTasksShowKeepsLines: the hidden context's lines (a worked
// solution's steps, a table's rows) are shown each on its own, as the
// loader reads them, not run together.
func TestTasksShowKeepsLines(t *testing.T) {
	data := filepath.Join(t.TempDir(), "report.json")
	record := `[{"id": "r", "question": "What was revenue in 2021?", "answer": "120", "pre_text": ["Revenue grew."], "table": [["year", "2020", "2021"], ["revenue", "100", "120"]]}]`
	writeFile(t, data, []byte(record))
	code, out, errOut := moot(t, "tasks", "show", "finqa", "--path", data)
	if code != exitOK || !strings.Contains(out, "Hidden context:\n  Revenue grew.\n  year | 2020 | 2021\n  revenue | 100 | 120\n") {
		t.Errorf("exit %d %s; want the context's three lines apart:\n%s", code, errOut, out)
	}
}

// TestTasksShowLoader: with --path, a loader's questions as a task reads
// them: the correct answer as the file gives it, the distractor drawn at
// the seed, --n of them; a loader named without --path, --n over the
// file, and a bad file, are errors (exit 2), the file's naming its line.
func TestTasksShowLoader(t *testing.T) {
	data := filepath.Join(t.TempDir(), "quiz.csv")
	writeFile(t, data, []byte("What colour is the Pellow library door?,blue,green,red,white,B\n"))
	code, out, errOut := moot(t, "tasks", "show", "mmlu", "--path", data, "--format", "json")
	var q shownQuestion
	if code != exitOK || json.Unmarshal([]byte(out), &q) != nil {
		t.Fatalf("exit %d; stderr:\n%s\nout:\n%s", code, errOut, out)
	}
	if q.ID != "mmlu-1" || q.Answers[q.Correct] != "green" || q.Answers[1-q.Correct] == "green" {
		t.Errorf("question %s, answers %q, correct %d; want mmlu-1 with green correct", q.ID, q.Answers, q.Correct)
	}
	quality := filepath.Join("..", "..", "tasks", "loaders", "testdata", "quality.jsonl")
	if code, out, errOut := moot(t, "tasks", "show", "quality", "--path", quality, "--n", "1", "--seed", "1"); code != exitOK || !regexp.MustCompile(`(?m)^\S+  qa, difficulty 0\.\d\d, group \S+$`).MatchString(out) {
		t.Errorf("quality: exit %d, %s; want the question's group in its first line:\n%s", code, errOut, out)
	}
	if code, _, _ := moot(t, "tasks", "show", "mmlu", "--path", data, "--n", "-1"); code != exitBadInput {
		t.Errorf("--n -1: exit %d; want %d", code, exitBadInput)
	}
	if code, _, errOut := moot(t, "tasks", "show", "mmlu", "--path", data, "--n", "2"); code != exitBadInput || !strings.Contains(errOut, "--n: 2 questions asked, but the file has 1") {
		t.Errorf("--n over the file: exit %d, %s; want %d", code, errOut, exitBadInput)
	}
	if code, _, errOut := moot(t, "tasks", "show", "mmlu"); code != exitBadInput || !strings.Contains(errOut, "give its data file with --path") {
		t.Errorf("a loader without --path: exit %d, %s", code, errOut)
	}
	writeFile(t, data, []byte("a question,x,y,z,w,E\nWhich?,a,b,c,d,A\n"))
	if code, _, errOut := moot(t, "tasks", "show", "mmlu", "--path", data); code != exitBadInput || !strings.Contains(errOut, data+":1: answer:") {
		t.Errorf("a bad record: exit %d, %s; want %d naming the line", code, errOut, exitBadInput)
	}
	// The record skipped is said, as a run says it.
	if code, out, errOut := moot(t, "tasks", "show", "mmlu", "--path", data, "--skip-invalid"); code != exitOK || !strings.Contains(out, "Which?") ||
		!strings.Contains(errOut, "1 invalid record of "+data+" skipped (--skip-invalid); the first, "+data+":1: answer:") {
		t.Errorf("--skip-invalid: exit %d, %s; want the valid record shown, the invalid one counted", code, errOut)
	}
}

func TestTasksShowJSON(t *testing.T) {
	code, out, errOut := moot(t, "tasks", "show", "qa", "--n", "3", "--seed", "4", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines; want 3", len(lines))
	}
	for _, line := range lines {
		var q shownQuestion
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			t.Fatal(err)
		}
		if len(q.Evidence) == 0 || q.Context == "" {
			t.Fatalf("question %s has no evidence or context", q.ID)
		}
		for _, c := range q.Evidence {
			if c.InContext != strings.Contains(q.Context, c.Text) {
				t.Errorf("%s: claim %q: in_context %v; want %v", q.ID, c.Text, c.InContext, !c.InContext)
			}
		}
	}
}

func TestTasksShowBadInput(t *testing.T) {
	code, _, errOut := moot(t, "tasks", "show", "nope")
	if code != exitBadInput || !strings.Contains(errOut, `"nope"`) || !strings.Contains(errOut, "known: code, finance, math, qa") || !strings.Contains(errOut, "or a loader with --path FILE (boolq, cruxeval") {
		t.Errorf("unknown generator: exit %d, stderr %q; want %d and the known names, the loaders' too", code, errOut, exitBadInput)
	}
	// With --path, the loaders are known and the generators named beside
	// them; a generator given a file is told it reads none (both read as
	// "--path: unknown loader").
	path := filepath.Join(t.TempDir(), "q.jsonl")
	writeFile(t, path, []byte("{}\n"))
	if code, _, errOut := moot(t, "tasks", "show", "nope", "--path", path); code != exitBadInput || !strings.Contains(errOut, `unknown loader "nope" (known: boolq,`) || !strings.Contains(errOut, "or a generator without --path (code, finance, math, qa)") {
		t.Errorf("unknown loader: exit %d, stderr %q; want %d and the known names, the generators' too", code, errOut, exitBadInput)
	}
	if code, _, errOut := moot(t, "tasks", "show", "qa", "--path", path); code != exitBadInput || !strings.Contains(errOut, "qa is a generator: it reads no file, leave out --path") {
		t.Errorf("a generator with --path: exit %d, stderr %q; want %d, that it reads no file", code, errOut, exitBadInput)
	}
	for _, args := range [][]string{
		{"tasks", "show", "qa", "--difficulty", "2"},
		{"tasks", "show", "qa", "--n", "-1"},
		{"tasks", "show", "qa", "--format", "yaml"},
		{"tasks", "show"},
		{"protocols", "list", "--format", "csv"},
		{"backends", "list", "--format", "markdown"},
		{"tasks", "show", "code", "--set", "kind"},
		{"tasks", "show", "code", "--set", "kind=riddle"},
		{"tasks", "show", "code", "--set", "color=blue"},
	} {
		if code, _, _ := moot(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d; want %d", args, code, exitBadInput)
		}
	}
}
