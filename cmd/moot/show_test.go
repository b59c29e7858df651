package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// TestShow runs a sim experiment and shows a debate: its question with the
// context marked hidden, and every prompt re-rendered with the hash the
// record holds.
func TestShow(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := moot(t, "run", "../../engine/testdata/small.yaml", "--out", out); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	eps, err := transcript.ReadFile(filepath.Join(out, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	var ep *transcript.Episode
	for i := range eps {
		if eps[i].Kind == "debate" && eps[i].Error == "" {
			ep = &eps[i]
			break
		}
	}
	if ep == nil {
		t.Fatal("no debate episode")
	}
	code, stdout, stderr := moot(t, "show", out, ep.EpisodeID)
	if code != exitOK {
		t.Fatalf("show: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"HIDDEN from the judge", "--- [system]", "--- reply:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("show prints no %q", want)
		}
	}
	if n := strings.Count(stdout, "(the hash matches the record's)"); n != len(ep.Messages) {
		t.Errorf("show re-rendered %d prompts with their hash; want all %d:\n%s", n, len(ep.Messages), stdout)
	}
	if strings.Contains(stdout, "--- reasoning") {
		t.Errorf("show prints a reasoning the record does not hold:\n%s", stdout)
	}
	// A model's thinking beside its reply is shown before the reply, and
	// the model the server said answered in the message's heading.
	ep.Messages[0].Reasoning = "First I weigh the passage."
	ep.Messages[0].ServedModel = "m-2026-01-01"
	ep.Messages[0].Truncated = true
	line, err := json.Marshal(ep)
	if err != nil {
		t.Fatal(err)
	}
	// An answer asked again (in another episode, whose prompts no longer
	// match): its shown text is its first reply's reasons and then this
	// reply, said so.
	again := slices.IndexFunc(eps, func(e transcript.Episode) bool { return e.Kind == "debate" && e.EpisodeID != ep.EpisodeID })
	m := &eps[again].Messages[1]
	m.Sample, m.Shown = 1, "The first reply's reasons.\n\n"+m.Text
	// One written before 2026-12-07, whose shown text is its last reply
	// alone, quotes marked: said to be the reply.
	old := slices.IndexFunc(eps, func(e transcript.Episode) bool {
		return e.Kind == "debate" && e.EpisodeID != ep.EpisodeID && e.EpisodeID != eps[again].EpisodeID
	})
	o := &eps[old].Messages[0]
	o.Sample, o.Text, o.Shown = 1, "See <quote>the gate</quote>.", "See <v_quote>the gate</v_quote>."
	var lines []string
	for i := range eps {
		l, _ := json.Marshal(&eps[i])
		lines = append(lines, string(l))
	}
	lines[slices.IndexFunc(eps, func(e transcript.Episode) bool { return e.EpisodeID == ep.EpisodeID })] = string(line)
	writeFile(t, filepath.Join(out, engine.TranscriptsFile), []byte(strings.Join(lines, "\n")+"\n"))
	if _, stdout, _ := moot(t, "show", out, ep.EpisodeID); !strings.Contains(stdout, "--- reasoning (the model's own, beside its reply; no other seat read it):\nFirst I weigh the passage.\n--- reply:") {
		t.Errorf("show of a message with reasoning:\n%s\nwant its reasoning before its reply", stdout)
	} else if !strings.Contains(stdout, "served by m-2026-01-01]\n") {
		t.Errorf("show of a message a server named its model in:\n%s\nwant it in the heading", stdout)
	} else if !strings.Contains(stdout, "[cut short (a token limit, the context length or a content filter); served by") {
		// A speech that stops mid-sentence, or a verdict without its
		// line, was shown as if whole.
		t.Errorf("show of a message the backend cut short:\n%s\nwant it said in the heading", stdout)
	}
	if _, stdout, _ := moot(t, "show", out, eps[again].EpisodeID); !strings.Contains(stdout, "--- the answer as the seats that do not argue read it (the first reply's reasons, then this reply; quotes marked):\nThe first reply's reasons.") {
		t.Errorf("show of an answer asked again:\n%s\nwant what its readers read said to be both replies", stdout)
	}
	if _, stdout, _ := moot(t, "show", out, eps[old].EpisodeID); !strings.Contains(stdout, "--- reply as the seats that do not argue read it (quotes marked):\nSee <v_quote>the gate</v_quote>.") {
		t.Errorf("show of an answer asked again before 2026-12-07:\n%s\nwant its shown text said to be the reply", stdout)
	}
	// A prompt store whose bytes are wrong does not keep the episode from
	// being shown: it is said, and the prompts it would hold are rendered
	// again (here all of them: a sim run stores none).
	writeFile(t, filepath.Join(out, engine.PromptsFile), []byte("not gzip at all, a damaged store\n"))
	if code, stdout, stderr := moot(t, "show", out, ep.EpisodeID); code != exitOK ||
		!strings.Contains(stderr, "compressed file damaged") || !strings.Contains(stderr, "rendered again") ||
		strings.Count(stdout, "(the hash matches the record's)") != len(ep.Messages) {
		t.Errorf("show beside a damaged prompt store: exit %d, %q; want exit 0, the damage said and every prompt rendered again", code, stderr)
	}
	os.Remove(filepath.Join(out, engine.PromptsFile))
	if code, _, _ := moot(t, "show", out, "no-such-episode"); code != exitBadInput {
		t.Errorf("show of a missing episode: exit %d; want %d", code, exitBadInput)
	}
	// The hidden context is marked with the seats that read it, which
	// the protocol decides: the judge reads it in direct-with-context.
	readers := map[string]string{
		"debate":              "--- context (HIDDEN from the judge; read by Debater A, Debater B):",
		"consultancy":         "--- context (HIDDEN from the judge; read by Consultant):",
		"direct":              "--- context (HIDDEN from the judge; no seat reads it):",
		"direct-with-context": "--- context (the judge reads it in this protocol; read by Judge):",
	}
	for kind, want := range readers {
		i := slices.IndexFunc(eps, func(e transcript.Episode) bool { return e.Kind == kind })
		if i < 0 {
			t.Fatalf("no %s episode", kind)
		}
		if _, stdout, _ := moot(t, "show", out, eps[i].EpisodeID); !strings.Contains(stdout, want) {
			t.Errorf("show of a %s episode marks its context:\n%s\nwant %q", kind, stdout, want)
		}
	}
}

// TestShowFromAnotherFolder: shown from a folder other than the one the
// run was started in, where the experiment the lock names (a relative
// path) is not found, moot show says why once and how to name the file.
func TestShowFromAnotherFolder(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join(t.TempDir(), "run"))
	if err != nil {
		t.Fatal(err)
	}
	runSmall(t, dir)
	var first transcript.Episode
	if err := json.Unmarshal(bytes.SplitN(mustRead(t, filepath.Join(dir, engine.TranscriptsFile)), []byte("\n"), 2)[0], &first); err != nil {
		t.Fatal(err)
	}
	madFile, _ := filepath.Abs("../../experiments/mad.yaml")
	smallFile, _ := filepath.Abs(small)
	t.Chdir(t.TempDir())
	code, out, _ := moot(t, "show", dir, first.EpisodeID)
	if code != exitOK || strings.Count(out, "cannot be rendered again: ") != 1 || !strings.Contains(out, "relative to the folder it was started in") ||
		strings.Count(out, "(see above)") != len(first.Messages) {
		t.Errorf("show from another folder: exit %d\n%s", code, out)
	}
	// A file named with --experiment is the user's word: one that is
	// missing, or is another experiment, is refused, and nothing is shown.
	for _, x := range []string{filepath.Join(t.TempDir(), "gone.yaml"), madFile} {
		code, out, errOut := moot(t, "show", dir, first.EpisodeID, "--experiment", x)
		if code != exitBadInput || out != "" || !strings.Contains(errOut, "--experiment "+x) || strings.Contains(errOut, "name the experiment file") {
			t.Errorf("show --experiment %s: exit %d\n%s%s", x, code, out, errOut)
		}
	}
	if code, out, errOut := moot(t, "show", dir, first.EpisodeID, "--experiment", smallFile); code != exitOK || strings.Contains(out, "cannot be rendered") {
		t.Errorf("show --experiment of the run's file: exit %d\n%s%s", code, out, errOut)
	}
}

// TestShowExampleEpisode: the episode the help's example shows is the
// quickstart's first debate, so that the example runs after the README's
// main command.
func TestShowExampleEpisode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "quickstart")
	mootOK(t, "run", "../../experiments/quickstart.yaml", "--out", dir, "--no-cache")
	eps, err := transcript.ReadFile(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	first := slices.IndexFunc(eps, func(ep transcript.Episode) bool { return ep.Protocol == "debate" })
	if first < 0 || eps[first].EpisodeID != quickstartEpisode {
		t.Fatalf("the quickstart's first debate is not %s, the episode the help shows", quickstartEpisode)
	}
	if code, out, errOut := moot(t, "show", dir, quickstartEpisode); code != exitOK {
		t.Errorf("moot show of the help's episode: exit %d %s%s", code, out, errOut)
	}
}

// TestShowContextReaders: the seat that decides is the judge however its
// protocol names it (a grader); a reference writer reads the context too;
// a vote has no judge.
func TestShowContextReaders(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "readers.yaml")
	text := `name: readers
seed: 5
agents:
  strong: {backend: sim, skill: 0.9}
  judge: {backend: sim}
tasks:
  - {name: qa, generator: qa, n: 2}
protocols:
  - {name: grade, judge: judge, exam_takers: strong, context: true}
  - {name: direct, label: referenced, judge: judge, reference: {agent: strong}}
  - {name: society, agents: [strong, strong, strong], rounds: 1}
`
	writeFile(t, file, []byte(text))
	out := filepath.Join(dir, "run")
	mootOK(t, "run", file, "--out", out)
	eps, err := transcript.ReadFile(filepath.Join(out, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	for protocol, want := range map[string]string{
		"grade":      "--- context (the judge reads it in this protocol; read by Exam-taker, Judge):",
		"referenced": "--- context (HIDDEN from the judge; read by Reference):",
		"society":    "--- context (no judge: the verdict is the seats' vote; read by Agent 1, Agent 2, Agent 3):",
	} {
		i := slices.IndexFunc(eps, func(e transcript.Episode) bool { return e.Protocol == protocol })
		if i < 0 {
			t.Fatalf("no %s episode", protocol)
		}
		if _, stdout, _ := moot(t, "show", out, eps[i].EpisodeID); !strings.Contains(stdout, want) {
			t.Errorf("show of a %s episode:\n%s\nwant %q", protocol, stdout, want)
		}
	}
	// A grade's verdict says the call and the answer graded, whose A and
	// B are correct and incorrect, not the answers.
	for _, ep := range eps {
		if g := ep.Graded; g != nil && g.Call != "" {
			want := fmt.Sprintf("verdict: Exam-taker's answer %q graded %s (%s: it stands for %q;", ep.Answers[g.Answer], g.Call, ep.Verdict.Slot, ep.Answers[ep.Verdict.Answer])
			if _, stdout, _ := moot(t, "show", out, ep.EpisodeID); !strings.Contains(stdout, want) {
				t.Errorf("show of a graded episode:\n%s\nwant %q", stdout, want)
			}
		}
	}
}

// TestShowMarksAClosedTasksContext: on a closed task every seat reads the
// context, a society without a judge included; show says so, not that a
// judge reads it.
func TestShowMarksAClosedTasksContext(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "closed.yaml")
	os.WriteFile(file, []byte("name: closed\nseed: 3\nagents:\n  r: {backend: sim}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 2, variant: closed}\n"+
		"protocols:\n  - {name: society, agents: r, n: 3, rounds: 1}\n"), 0o644)
	out := filepath.Join(dir, "run")
	mootOK(t, "run", file, "--out", out)
	var first transcript.Episode
	if err := json.Unmarshal(bytes.SplitN(mustRead(t, filepath.Join(out, engine.TranscriptsFile)), []byte("\n"), 2)[0], &first); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := moot(t, "show", out, first.EpisodeID)
	if !strings.Contains(stdout, "--- context (shared: every seat reads it, a closed task):") || strings.Contains(stdout, "judge reads") {
		t.Errorf("show of a closed society episode marks its context:\n%s", stdout)
	}
}

// TestShowSaysEachFaultOfItsExperiment: show --experiment with a file of
// several faults says each on a line of its own that begins "moot: FILE:",
// as validate does, where the first followed "bad input: --experiment
// FILE:" and the next stood without moot's name.
func TestShowSaysEachFaultOfItsExperiment(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := moot(t, "run", "../../engine/testdata/small.yaml", "--out", out); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	eps, err := transcript.ReadFile(filepath.Join(out, engine.TranscriptsFile))
	if err != nil || len(eps) == 0 {
		t.Fatalf("%d episodes: %v", len(eps), err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, []byte("name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: nobody}\ntasks:\n  - {name: q, generator: qa, n: 0}\n"))
	code, _, errOut := moot(t, "show", out, eps[0].EpisodeID, "--experiment", bad)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != exitBadInput || len(lines) != 2 || !strings.HasPrefix(lines[0], "moot: "+bad+":5: protocols[0].judge: ") ||
		!strings.HasPrefix(lines[1], "moot: "+bad+":7: tasks[0].n: ") {
		t.Errorf("exit %d, stderr:\n%s\nwant %d and two lines, the protocol's fault and the task's", code, errOut, exitBadInput)
	}
}

// TestJudgeSaysEachFaultOfTheLocksExperiment: judge of a run whose lock
// names a file that has since gained several faults says each on a line
// of its own, then what to do, where the hint was glued to the last
// fault's line and the next faults stood without moot's name.
func TestJudgeSaysEachFaultOfTheLocksExperiment(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.yaml")
	small, err := os.ReadFile("../../engine/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, small)
	out := filepath.Join(dir, "run")
	if code, _, stderr := moot(t, "run", file, "--out", out); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	writeFile(t, file, []byte("name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: nobody}\ntasks:\n  - {name: q, generator: qa, n: 0}\n"))
	code, _, errOut := moot(t, "judge", out, "--as", "bob")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != exitBadInput || len(lines) != 3 || !strings.HasPrefix(lines[0], "moot: "+file+":5: protocols[0].judge: ") ||
		!strings.HasPrefix(lines[1], "moot: "+file+":7: tasks[0].n: ") || !strings.HasPrefix(lines[2], "moot: ") || !strings.Contains(lines[2], "--experiment") {
		t.Errorf("exit %d, stderr:\n%s\nwant %d and three lines: the protocol's fault, the task's, what to do", code, errOut, exitBadInput)
	}
}

// TestShowPrintsWhatWasReadOnlyWhereItDiffers: a reply with no shown text
// (its quotes were not checked), or one whose shown text is the reply
// itself, is printed once, with no heading of what the seats that do not
// argue read.
func TestShowPrintsWhatWasReadOnlyWhereItDiffers(t *testing.T) {
	for _, m := range []transcript.Message{
		{Text: "See <quote>the gate</quote>."},
		{Text: "No quote here.", Shown: "No quote here."},
		{Text: "Answer: A", Shown: "Answer: A", Sample: 1},
	} {
		var b strings.Builder
		printReply(&b, m)
		if want := "--- reply:\n" + m.Text + "\n"; b.String() != want {
			t.Errorf("printReply of %+v:\n%s\nwant:\n%s", m, b.String(), want)
		}
	}
}
