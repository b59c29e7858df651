package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// playJudgeRun plays judgeExperiment into a temporary folder and returns
// the run's folder.
func playJudgeRun(t *testing.T) string {
	t.Helper()
	return playJudgeRunOf(t, judgeExperiment)
}

// playJudgeRunOf plays experiment into a temporary folder and returns the
// run's folder.
func playJudgeRunOf(t *testing.T, experiment string) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "judge-e2e.yaml")
	writeFile(t, file, []byte(experiment))
	runDir := filepath.Join(dir, "run")
	if code, _, stderr := moot(t, "run", file, "--out", runDir); code != 0 {
		t.Fatalf("moot run: %d %s", code, stderr)
	}
	return runDir
}

// judgeServer is moot judge running in the background.
type judgeServer struct {
	url    string
	cancel func()
	done   chan error
}

// serveJudge runs moot judge with o until stop.
func serveJudge(t *testing.T, runDir string, o judgeOptions, stderr io.Writer) *judgeServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	s := &judgeServer{cancel: cancel, done: make(chan error, 1)}
	o.ready = func(u string) { ready <- u }
	go func() { s.done <- runJudge(ctx, runDir, o, io.Discard, stderr) }()
	select {
	case s.url = <-ready:
	case err := <-s.done:
		cancel()
		t.Fatalf("moot judge: %v", err)
	}
	return s
}

func (s *judgeServer) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	if err := <-s.done; err != nil {
		t.Fatalf("moot judge: %v", err)
	}
}

// pageClient talks to moot judge as the page does.
type pageClient struct {
	t    *testing.T
	url  string
	csrf string
	c    *http.Client
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([0-9a-f]+)">`)

func newPageClient(t *testing.T, url string) *pageClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	p := &pageClient{t: t, url: url, c: &http.Client{Jar: jar}}
	resp, err := p.c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfMeta.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	p.csrf = string(m[1])
	return p
}

// episode is the part of /api/state the tests read.
type episode struct {
	Remaining int `json:"remaining"`
	Episode   *struct {
		Position int       `json:"position"`
		Key      string    `json:"key"`
		Format   string    `json:"format"`
		Answers  [2]string `json:"answers"`
	} `json:"episode"`
}

func (p *pageClient) state() episode {
	p.t.Helper()
	r, err := http.NewRequest(http.MethodGet, p.url+"api/state", nil)
	if err != nil {
		p.t.Fatal(err)
	}
	r.Header.Set("X-CSRF-Token", p.csrf)
	resp, err := p.c.Do(r)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var e episode
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusOK {
		p.t.Fatalf("state: %d %v", resp.StatusCode, err)
	}
	return e
}

func (p *pageClient) verdict(position int, answer string, confidence int) {
	p.t.Helper()
	key := ""
	if e := p.state().Episode; e != nil {
		key = e.Key
	}
	body := fmt.Sprintf(`{"position":%d,"key":%q,"answer":%q,"confidence":%d}`, position, key, answer, confidence)
	req, _ := http.NewRequest(http.MethodPost, p.url+"api/verdict", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", p.csrf)
	resp, err := p.c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		p.t.Fatalf("verdict: %d %s", resp.StatusCode, out)
	}
}

// TestTwoAnnotatorsAgree has two annotators in one slot judge the same
// episodes at once, differing on one, and compare reads their agreement.
func TestTwoAnnotatorsAgree(t *testing.T) {
	runDir := playJudgeRun(t)
	alice := serveJudge(t, runDir, judgeOptions{as: "alice", listen: "127.0.0.1:0", slot: -1}, io.Discard)
	bob := serveJudge(t, runDir, judgeOptions{as: "bob", listen: "127.0.0.1:0", slot: 0}, io.Discard)
	a, b := newPageClient(t, alice.url), newPageClient(t, bob.url)
	judged := 0
	for {
		ea, eb := a.state(), b.state()
		if ea.Episode == nil || eb.Episode == nil {
			if ea.Episode != nil || eb.Episode != nil {
				t.Fatal("one annotator has episodes left and the other none")
			}
			break
		}
		if ea.Episode.Answers != eb.Episode.Answers || ea.Episode.Format != eb.Episode.Format {
			t.Fatalf("episode %d: alice sees %+v, bob %+v; want the same (one slot)", judged+1, ea.Episode, eb.Episode)
		}
		// Alice says A on odd positions; Bob too, but for the third.
		answer := "AB"[judged%2 : judged%2+1]
		a.verdict(ea.Episode.Position, answer, 80)
		if judged == 2 {
			answer = "AB"[(judged+1)%2 : (judged+1)%2+1]
		}
		b.verdict(eb.Episode.Position, answer, 60)
		judged++
	}
	alice.stop(t)
	bob.stop(t)
	if judged != 12 {
		t.Fatalf("%d episodes judged; want one for each of the 12 questions", judged)
	}
	var out bytes.Buffer
	study := runDir + "-human"
	if err := runCompare(&out, io.Discard, "text", filepath.Join(study, "alice"), filepath.Join(study, "bob")); err != nil {
		t.Fatal(err)
	}
	if want := "Judges human:alice and human:bob agree on 91.7% of the 12 episodes both judged"; !strings.Contains(out.String(), want) {
		t.Errorf("compare says:\n%s\nwant %q", out.String(), want)
	}
	// The annotator's run exports like any: each verdict with its time.
	csvOut := filepath.Join(t.TempDir(), "alice.csv")
	if code, _, stderr := moot(t, "export", filepath.Join(study, "alice"), "--format", "csv", "--out", csvOut); code != 0 {
		t.Fatalf("moot export: %d %s", code, stderr)
	}
	msgs := mustRead(t, strings.TrimSuffix(csvOut, ".csv")+"-messages.csv")
	if lines := strings.Split(string(msgs), "\n"); !strings.Contains(lines[0], ",seconds,") || strings.Count(string(msgs), ",judge,human:alice,") != 12 {
		t.Errorf("the exported messages lack the seconds column or alice's 12 verdicts:\n%s", lines[0])
	}
	data, err := os.ReadFile(filepath.Join(study, "study.json"))
	if err != nil || !strings.Contains(string(data), `"name": "bob",`) {
		t.Errorf("study.json: %s %v", data, err)
	}
}

func TestJudgeRefuses(t *testing.T) {
	runDir := playJudgeRun(t)
	replicated := t.TempDir()
	if err := os.MkdirAll(filepath.Join(replicated, "seed-7"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(replicated, "seed-7", "transcripts.jsonl"), nil)
	// Killed before it wrote its own summary, and once it has.
	unfinishedReplicated := filepath.Join(t.TempDir(), "reps")
	copyFolder(t, unfinishedReplicated, replicated)
	writeFile(t, filepath.Join(replicated, sinks.SummaryFile), []byte(`{"experiment": "x", "seed": 7, "replicates": {"seeds": [7], "cells": []}}`))
	// A run still being written (or killed): its log but no summary.
	unfinished := filepath.Join(t.TempDir(), "unfinished")
	copyFolder(t, unfinished, runDir)
	if err := os.Remove(filepath.Join(unfinished, sinks.SummaryFile)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{"judge", runDir}, "needs --as"},
		{"a path for a name", []string{"judge", runDir, "--as", "../x"}, "annotator's name"},
		{"the study's file for a name", []string{"judge", runDir, "--as", "study.json"}, "ASCII letters"},
		{"a public address", []string{"judge", runDir, "--as", "x", "--listen", "0.0.0.0:0"}, "add --public"},
		{"an idle threshold under a millisecond", []string{"judge", runDir, "--as", "x", "--idle", "500us", "--listen", "127.0.0.1:0"}, "--idle must be at least 1ms, got 500µs"},
		{"an unknown protocol", []string{"judge", runDir, "--as", "x", "--protocols", "nope", "--listen", "127.0.0.1:0"}, `"nope" is not a protocol with a judge`},
		{"no run", []string{"judge", t.TempDir(), "--as", "x"}, "is not a run folder"},
		{"a replicated run", []string{"judge", replicated, "--as", "x"}, "holds a replicated run, one run a seed: name one seed's folder"},
		{"an unfinished replicated run", []string{"judge", unfinishedReplicated, "--as", "x"}, "holds a replicated run that did not finish, or is still running"},
	} {
		code, _, stderr := moot(t, tc.args...)
		if code != exitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", tc.name, code, stderr, tc.want)
		}
	}
	// A run stopped early: its summary says so.
	early := filepath.Join(t.TempDir(), "early")
	copyFolder(t, early, runDir)
	sum := bytes.Replace(mustRead(t, filepath.Join(runDir, sinks.SummaryFile)), []byte("{"), []byte(`{"partial": "interrupted after 3 of 8 episodes",`), 1)
	writeFile(t, filepath.Join(early, sinks.SummaryFile), sum)
	// Stopped at once: a server that starts does not wait for the test.
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	// One stopped by its budget resumes only with the budget raised.
	budget := filepath.Join(t.TempDir(), "budget")
	copyFolder(t, budget, runDir)
	sum = bytes.Replace(mustRead(t, filepath.Join(runDir, sinks.SummaryFile)), []byte("{"), []byte(`{"partial": "budget of $0.10 reached after 3 of 8 episodes",`), 1)
	writeFile(t, filepath.Join(budget, sinks.SummaryFile), sum)
	for dir, want := range map[string]string{
		unfinished: "holds a run that did not finish, or is still running",
		early:      "holds a run stopped early (interrupted after 3 of 8 episodes)",
		budget:     "--out " + budget + "`, with the experiment's budget_usd raised, resumes it",
	} {
		err := runJudge(stopped, dir, judgeOptions{as: "x", listen: "127.0.0.1:0", slot: -1}, io.Discard, io.Discard)
		if !errors.Is(err, errUsage) || !strings.Contains(fmt.Sprint(err), want) {
			t.Errorf("%s: %v; want a usage error saying it %s", filepath.Base(dir), err, want)
		}
		if _, err := os.Stat(dir + "-human"); !os.IsNotExist(err) {
			t.Errorf("%s was given a study folder: %v", filepath.Base(dir), err)
		}
	}
	if _, err := os.Stat(runDir + "-human"); !os.IsNotExist(err) {
		t.Errorf("refused command lines made the study folder: %v", err)
	}
	// One annotator, one server: a second at once is refused.
	first := serveJudge(t, runDir, judgeOptions{as: "x", listen: "127.0.0.1:0", slot: -1}, io.Discard)
	defer first.stop(t)
	if code, _, stderr := moot(t, "judge", runDir, "--as", "x", "--listen", "127.0.0.1:0"); code != exitBadInput || !strings.Contains(stderr, "another moot judge") {
		t.Errorf("the same annotator twice: exit %d, %q; want 2", code, stderr)
	}
}

// TestJudgePublicToken: with --public, the page asks for the token that
// moot judge prints once, and the token is written nowhere.
func TestJudgePublicToken(t *testing.T) {
	runDir := playJudgeRun(t)
	var stderr bytes.Buffer
	srv := serveJudge(t, runDir, judgeOptions{as: "pub", listen: "127.0.0.1:0", slot: -1, public: true}, &stderr)
	resp, err := http.Get(srv.url + "api/state")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: %d; want 401", resp.StatusCode)
	}
	m := regexp.MustCompile(`\?token=([0-9a-f]+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("no token printed: %q", stderr.String())
	}
	p := newPageClient(t, srv.url+"?token="+m[1])
	p.url = srv.url
	e := p.state()
	p.verdict(e.Episode.Position, "A", 55)
	srv.stop(t)
	err = filepath.WalkDir(runDir+"-human", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, []byte(m[1])) {
			t.Errorf("%s holds the token", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestJudgeRefusesAnotherExperiment: an annotator's run of one experiment
// is not continued on a run of another.
func TestJudgeRefusesAnotherExperiment(t *testing.T) {
	runDir := playJudgeRun(t)
	study := filepath.Join(t.TempDir(), "study")
	oneVerdict(t, runDir, study, "x")

	other := filepath.Join(t.TempDir(), "other.yaml")
	writeFile(t, other, []byte(strings.Replace(judgeExperiment, "seed: 5", "seed: 6", 1)))
	otherRun := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := moot(t, "run", other, "--out", otherRun); code != 0 {
		t.Fatalf("moot run: %s", stderr)
	}
	code, _, stderr := moot(t, "judge", otherRun, "--as", "x", "--study", study, "--listen", "127.0.0.1:0")
	if code != exitBadInput || !strings.Contains(stderr, "the study is of another run") {
		t.Errorf("judging another experiment's run into x's: exit %d, %q; want 2", code, stderr)
	}
	// Without study.json, x's folder still holds a run of the other
	// experiment: refused, with moot judge's own remedy.
	if err := os.Rename(filepath.Join(study, "study.json"), filepath.Join(study, "study.json.kept")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = moot(t, "judge", otherRun, "--as", "x", "--study", study, "--listen", "127.0.0.1:0")
	if code != exitBadInput || !strings.Contains(stderr, "choose another --as or --study") || strings.Contains(stderr, "--out") {
		t.Errorf("x's folder of another run, no study.json: exit %d, %q; want 2 and judge's remedy", code, stderr)
	}
	if err := os.Rename(filepath.Join(study, "study.json.kept"), filepath.Join(study, "study.json")); err != nil {
		t.Fatal(err)
	}
	// Nor does a newcomer join it: the study holds x alone.
	code, _, stderr = moot(t, "judge", otherRun, "--as", "zed", "--study", study, "--listen", "127.0.0.1:0")
	if data, _ := os.ReadFile(filepath.Join(study, "study.json")); code != exitBadInput || strings.Contains(string(data), "zed") {
		t.Errorf("a newcomer on another run: exit %d, %q; study.json %s; want 2 and no zed", code, stderr, data)
	}
}

// TestShowAPersonsVerdict: moot show of a record a person judged renders
// the prompt the page was drawn from, as for that person, and its hash
// is the record's; the speakers' prompts are rendered too, past the
// interim verdicts (judge_every_round) a person never gives.
func TestShowAPersonsVerdict(t *testing.T) {
	runDir := playJudgeRunOf(t, strings.Replace(judgeExperiment, "turns: simultaneous}", "turns: simultaneous, judge_every_round: true}", 1))
	alice := serveJudge(t, runDir, judgeOptions{as: "alice", listen: "127.0.0.1:0", slot: -1}, io.Discard)
	a := newPageClient(t, alice.url)
	for st := a.state(); st.Episode != nil; st = a.state() {
		a.verdict(st.Episode.Position, "A", 80)
	}
	alice.stop(t)
	dir := filepath.Join(runDir+"-human", "alice")
	eps, err := transcript.ReadFile(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, ep := range eps {
		code, out, errOut := moot(t, "show", dir, ep.EpisodeID)
		if code != exitOK || strings.Contains(out, "DOES NOT MATCH") || strings.Count(out, "(the hash matches the record's)") != len(ep.Messages) {
			t.Errorf("show of alice's verdict on %s (%s): exit %d\n%s%s", ep.EpisodeID, ep.Protocol, code, out, errOut)
		}
		if len(ep.Messages) > 1 {
			shown++ // a speaker's message, kept, beside hers
		}
	}
	if shown == 0 {
		t.Fatal("no episode with a speaker: the test shows only the judge's prompt")
	}
}

// TestJudgeThatCannotStartHoldsNoSlot: an annotator whose run is refused
// when it opens (here alice's log in their folder) does not stay in the
// study, where they would shift every later annotator's slot.
func TestJudgeThatCannotStartHoldsNoSlot(t *testing.T) {
	runDir := playJudgeRun(t)
	study := filepath.Join(t.TempDir(), "study")
	oneVerdict(t, runDir, study, "alice")
	alices := mustRead(t, filepath.Join(study, "alice", "transcripts.jsonl"))
	if err := os.MkdirAll(filepath.Join(study, "gina"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(study, "gina", "transcripts.jsonl"), alices)
	code, _, stderr := moot(t, "judge", runDir, "--as", "gina", "--study", study, "--listen", "127.0.0.1:0")
	data, _ := os.ReadFile(filepath.Join(study, "study.json"))
	if code == exitOK || strings.Contains(string(data), "gina") {
		t.Errorf("exit %d (%s); study.json %s; want a refusal and no gina", code, stderr, data)
	}
}

// oneVerdict serves runDir to the annotator name of study, who gives one
// verdict, then stops the server.
func oneVerdict(t *testing.T, runDir, study, name string) {
	t.Helper()
	srv := serveJudge(t, runDir, judgeOptions{as: name, listen: "127.0.0.1:0", slot: -1, study: study}, io.Discard)
	p := newPageClient(t, srv.url)
	p.verdict(p.state().Episode.Position, "B", 90)
	srv.stop(t)
}

// TestJudgeStartedTwiceAtOnceKeepsItsSlot: the same name started twice at
// once as it first joins, the process that finds the annotator's folder
// held (here by the test) leaves them in the study: the other joined as
// them and serves them.
func TestJudgeStartedTwiceAtOnceKeepsItsSlot(t *testing.T) {
	runDir := playJudgeRun(t)
	study := filepath.Join(t.TempDir(), "study")
	unlock, err := engine.LockFolder(filepath.Join(study, "x"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	err = runJudge(context.Background(), runDir, judgeOptions{as: "x", listen: "127.0.0.1:0", slot: -1, study: study}, io.Discard, io.Discard)
	data, _ := os.ReadFile(filepath.Join(study, "study.json"))
	if !errors.Is(err, engine.ErrFolderLocked) || !strings.Contains(string(data), `"name": "x"`) {
		t.Errorf("x's folder held: %v; study.json %s; want ErrFolderLocked and x still in the study", err, data)
	}
}

// TestJudgeKeepsTheStudysSeed: the question order's seed is the study's;
// another is refused, naming both, to one who joined and to a newcomer.
func TestJudgeKeepsTheStudysSeed(t *testing.T) {
	runDir := playJudgeRun(t)
	study := filepath.Join(t.TempDir(), "study")
	oneVerdict(t, runDir, study, "j00")
	// Stopped at once: a server that starts does not wait for the test.
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	for _, name := range []string{"j00", "j01"} {
		o := judgeOptions{as: name, listen: "127.0.0.1:0", slot: -1, study: study, seed: 99, seedSet: true}
		if err := runJudge(stopped, runDir, o, io.Discard, io.Discard); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "seed 5, not 99") {
			t.Errorf("%s with --seed 99 in a study of seed 5: %v; want a usage error naming both seeds", name, err)
		}
	}
	// Without --seed, a newcomer takes the study's, whatever the
	// experiment's: a study begun with --seed 99 is joined without it.
	other := filepath.Join(t.TempDir(), "study")
	first := judgeOptions{as: "j00", listen: "127.0.0.1:0", slot: -1, study: other, seed: 99, seedSet: true}
	if err := runJudge(stopped, runDir, first, io.Discard, io.Discard); err != nil {
		t.Fatalf("the first annotator, --seed 99: %v", err)
	}
	later := judgeOptions{as: "j01", listen: "127.0.0.1:0", slot: -1, study: other}
	if err := runJudge(stopped, runDir, later, io.Discard, io.Discard); err != nil {
		t.Errorf("a newcomer without --seed in a study of seed 99: %v; want the study's seed taken", err)
	}
}

// TestAnnotatorWithNoVerdictYet: a person's folder with no verdict is
// said to go on with moot judge, not to be run again, and compare names
// it as holding no episode, not the runs as sharing no cell.
func TestAnnotatorWithNoVerdictYet(t *testing.T) {
	runDir := playJudgeRun(t)
	srv := serveJudge(t, runDir, judgeOptions{as: "carol", listen: "127.0.0.1:0", slot: -1}, io.Discard)
	srv.stop(t)
	carol := runDir + "-human/carol"
	_, _, errOut := moot(t, "table", carol)
	if !strings.Contains(errOut, "moot judge RUN --as carol goes on with it") || strings.Contains(errOut, "run it again") {
		t.Errorf("table of an annotator's folder with no verdict: stderr %q; want it to say moot judge goes on", errOut)
	}
	code, _, errOut := moot(t, "compare", runDir, carol)
	if code != exitBadInput || !strings.Contains(errOut, carol+" holds no episode to compare") {
		t.Errorf("compare with an annotator of no verdict: exit %d, stderr %q; want %d naming the folder", code, errOut, exitBadInput)
	}
	// report says moot judge resumes it: moot run of the experiment the
	// lock names would write the run's own episodes into the folder.
	code, _, errOut = moot(t, "report", carol)
	if code != exitBadInput || !strings.Contains(errOut, "`moot judge RUN --as carol` (RUN the run the study in "+runDir+"-human judges) resumes it") || strings.Contains(errOut, "moot run") {
		t.Errorf("report of an annotator's folder with no verdict: exit %d, stderr %q; want %d saying moot judge resumes it", code, errOut, exitBadInput)
	}
}

// TestJudgeRefusesAPersonsRun: a person's run keeps the identity of the
// run they judged but holds only their slot's episodes: named as the run
// of a study (their own, or a new one), it is refused before anyone joins,
// where it was taken for the whole run and its slots were not the run's.
func TestJudgeRefusesAPersonsRun(t *testing.T) {
	runDir := playJudgeRun(t)
	study := runDir + "-human"
	oneVerdict(t, runDir, study, "alice")
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	for _, o := range []judgeOptions{
		{as: "w", listen: "127.0.0.1:0", slot: 1, study: study},
		{as: "z", listen: "127.0.0.1:0", slot: -1},
	} {
		err := runJudge(stopped, filepath.Join(study, "alice"), o, io.Discard, io.Discard)
		if !errors.Is(err, errUsage) || !strings.Contains(fmt.Sprint(err), "is alice's run") {
			t.Errorf("--as %s on alice's run: %v; want a usage error naming it alice's", o.as, err)
		}
	}
	if data := mustRead(t, filepath.Join(study, "study.json")); strings.Contains(string(data), `"w"`) {
		t.Errorf("study.json after the refusal: %s; want no w", data)
	}
	if _, err := os.Stat(filepath.Join(study, "alice-human")); !os.IsNotExist(err) {
		t.Errorf("a study folder was made inside the study: %v", err)
	}
}

// TestJudgeRefusesAnEditedStudy: a study.json edited into what no moot
// writes exits 2 naming its file, line and key, as an experiment file's
// error does, not as a command line's ("moot: usage: …"); so does a bad
// --experiment file.
func TestJudgeRefusesAnEditedStudy(t *testing.T) {
	runDir := playJudgeRun(t)
	study := filepath.Join(t.TempDir(), "study")
	if err := os.MkdirAll(study, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(study, "study.json")
	writeFile(t, path, []byte("{\n  \"run\": \"x\",\n  \"rotation\": \"Seeded\",\n  \"annotators\": []\n}\n"))
	code, _, stderr := moot(t, "judge", runDir, "--as", "alice", "--study", study, "--listen", "127.0.0.1:0")
	if want := "moot: " + path + `:3: rotation: want "seeded", got "Seeded"`; code != exitBadInput || !strings.HasPrefix(stderr, want) {
		t.Errorf("a study.json of rotation Seeded: exit %d, %q; want 2 and %q", code, stderr, want)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, []byte("name: x\nseed: -1\n"))
	code, _, stderr = moot(t, "judge", runDir, "--as", "alice", "--experiment", bad, "--listen", "127.0.0.1:0")
	if want := "moot: " + bad + ":2: seed: "; code != exitBadInput || !strings.HasPrefix(stderr, want) {
		t.Errorf("a bad --experiment: exit %d, %q; want 2 and %q", code, stderr, want)
	}
}

// TestJudgeOfDebatesTheModeratorSettled: a run whose every finished debate
// MAD's moderator settled has nothing for a person to judge, and says why.
func TestJudgeOfDebatesTheModeratorSettled(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "settled.yaml")
	writeFile(t, file, []byte(`name: settled
seed: 3
agents:
  strong: {backend: sim, skill: 0.9}
  moderator: {backend: sim, skill: 0.9}
  weak-judge: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 10, difficulty: 0.6}
protocols:
  - {name: mad, judge: weak-judge, debaters: strong, moderator: moderator, verdict: moderator}
`))
	dir := filepath.Join(tmp, "run")
	mootOK(t, "run", file, "--out", dir)
	// Keep the settled debates alone.
	path := filepath.Join(dir, "transcripts.jsonl")
	var kept []byte
	settled := 0
	for _, line := range bytes.SplitAfter(mustRead(t, path), []byte("\n")) {
		if bytes.Contains(line, []byte(`"parse":"moderator"`)) {
			kept = append(kept, line...)
			settled++
		}
	}
	if settled == 0 {
		t.Fatal("the moderator settled no debate")
	}
	writeFile(t, path, kept)
	code, _, errOut := moot(t, "judge", dir, "--as", "ann", "--experiment", file)
	if code != exitBadInput || !strings.Contains(errOut, fmt.Sprintf("MAD's moderator settled %d", settled)) {
		t.Errorf("moot judge of settled debates: exit %d %q; want %d saying the moderator settled %d", code, errOut, exitBadInput, settled)
	}
}
