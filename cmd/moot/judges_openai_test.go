package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

const judgesTestKey = "sk-moot-judges-test-5e1a"

// overHTTP writes a copy of the experiment at path, in dir, whose agents
// are its sim agents served by serve-sim (in process, on 127.0.0.1)
// through the openai backend. paths maps relative data paths of the file
// to those the copy reads.
func overHTTP(t *testing.T, path, dir string, paths map[string]string) string {
	t.Helper()
	x, err := engine.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	models, _ := x.SimModels()
	var block strings.Builder
	block.WriteString("agents:\n")
	hs := httptest.NewServer(simserver.New(models, simserver.Options{APIKey: judgesTestKey}))
	t.Cleanup(hs.Close)
	for _, a := range x.Agents {
		fmt.Fprintf(&block, "  %s: {backend: openai, base_url: %s/v1, model: %s, api_key_env: MOOT_TEST_JUDGES_KEY, backoff: 5ms, max_retries: 5}\n", a.Name, hs.URL, a.Name)
	}
	t.Setenv("MOOT_TEST_JUDGES_KEY", judgesTestKey)
	src := mustRead(t, path)
	text := string(src)
	start, end := strings.Index(text, "\nagents:\n"), strings.Index(text, "\ntasks:\n")
	if start < 0 || end < start {
		t.Fatalf("%s: no agents block before the tasks", path)
	}
	text = text[:start+1] + block.String() + text[end:]
	for from, to := range paths {
		text = strings.ReplaceAll(text, "path: "+from, "path: "+to)
	}
	out := filepath.Join(dir, "openai-"+filepath.Base(path))
	writeFile(t, out, []byte(text))
	return out
}

// sameVerdicts checks that two runs' episodes have the same verdicts.
func sameVerdicts(t *testing.T, simRun, httpRun string) {
	t.Helper()
	want, err := transcript.ReadFile(filepath.Join(simRun, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	got, err := transcript.ReadFile(filepath.Join(httpRun, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d episodes over HTTP; want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.EpisodeID != w.EpisodeID || g.Verdict.Answer != w.Verdict.Answer || g.Correct != w.Correct ||
			math.Abs(g.Verdict.Probability-w.Verdict.Probability) > 1e-9 || g.Error != "" {
			t.Fatalf("episode %s over HTTP: %+v, correct %v, error %q; want %+v, %v", w.EpisodeID, g.Verdict, g.Correct, g.Error, w.Verdict, w.Correct)
		}
	}
}

// TestJudgesThroughServeSim plays the pairwise and the audit experiments
// with the sim agents in process and through serve-sim and the openai
// backend: the verdicts must be the same, and so must the audit of each
// and its re-scoring.
func TestJudgesThroughServeSim(t *testing.T) {
	if testing.Short() {
		t.Skip("plays two experiments over HTTP")
	}
	dir := t.TempDir()
	tasksDir, _ := filepath.Abs("../../tasks")
	dataPath, _ := filepath.Abs(auditData)
	for _, c := range []struct {
		name, file string
		paths      map[string]string
	}{
		{"pairwise", "../../experiments/judges-pairwise.yaml", map[string]string{"../tasks/": tasksDir + "/"}},
		{"audit", "../../experiments/judges-audit.yaml", map[string]string{"data/judges-audit.jsonl": dataPath}},
	} {
		t.Run(c.name, func(t *testing.T) {
			simRun, httpRun := filepath.Join(dir, c.name+"-sim"), filepath.Join(dir, c.name+"-http")
			mootOK(t, "run", c.file, "--out", simRun)
			mootOK(t, "run", overHTTP(t, c.file, dir, c.paths), "--out", httpRun)
			sameVerdicts(t, simRun, httpRun)
			audits := [2]auditOutput{}
			for i, run := range []string{simRun, httpRun} {
				args := []string{run, "--top", "10"}
				if c.name == "audit" {
					args = append(args, "--protocol", "reader-1", "--protocol", "reader-2", "--protocol", "reader-3",
						"--relabel", auditData, "--out", filepath.Join(dir, fmt.Sprintf("fixed-%d.jsonl", i)))
				}
				audits[i] = runAuditJSON(t, args...)
			}
			a, b := audits[0], audits[1]
			sim, _ := json.Marshal(a.Top)
			http, _ := json.Marshal(b.Top)
			if a.Suspects != b.Suspects || len(a.Top) != len(b.Top) || a.Verdicts != b.Verdicts {
				t.Fatalf("audit over HTTP: %d suspects of %d verdicts; want %d of %d", b.Suspects, b.Verdicts, a.Suspects, a.Verdicts)
			}
			for i := range a.Top {
				if a.Top[i].QuestionID != b.Top[i].QuestionID || math.Abs(a.Top[i].Reject-b.Top[i].Reject) > 1e-9 {
					t.Fatalf("audit over HTTP:\n%s\nwant\n%s", http, sim)
				}
			}
			if c.name == "audit" {
				if a.Relabel == nil || b.Relabel == nil || fmt.Sprint(a.Relabel.Cells) != fmt.Sprint(b.Relabel.Cells) {
					t.Errorf("re-scoring over HTTP differs: %+v; want %+v", b.Relabel, a.Relabel)
				}
				fixed0, _ := os.ReadFile(filepath.Join(dir, "fixed-0.jsonl"))
				fixed1, _ := os.ReadFile(filepath.Join(dir, "fixed-1.jsonl"))
				if len(fixed0) == 0 || string(fixed0) != string(fixed1) {
					t.Error("the corrected copies differ")
				}
			}
		})
	}
}
