package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// TestRejudgeWithTheSameJudgeReproducesTheRun: the new judge reads exactly
// what the first one read (the same answer order, quote marks, context and
// seed), so rejudging with the first judge gives every verdict again.
func TestRejudgeWithTheSameJudgeReproducesTheRun(t *testing.T) {
	ref := complete(t)
	out := t.TempDir()
	planned := 0
	res, err := rejudgeSummarized(context.Background(), loadSmall(t), ref, "judge", Options{Out: out, Concurrency: 3, Planned: func(n int) { planned = n }})
	if err != nil {
		t.Fatal(err)
	}
	want, err := readSummary(filepath.Join(ref, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	rejudged, err := readSummary(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Cells, rejudged.Cells); diff != "" {
		t.Errorf("cells after rejudging with the same judge (-first +rejudged):\n%s", diff)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %q; want none", res.Warnings)
	}
	// The same file at another seed draws apart from the first judge,
	// and says so.
	other := loadSmall(t)
	other.Seed++
	res2, err := rejudgeSummarized(context.Background(), other, ref, "judge", Options{Out: t.TempDir(), Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res2.Warnings) != 1 || !strings.Contains(res2.Warnings[0], fmt.Sprintf("was played at seed %d", other.Seed-1)) {
		t.Errorf("rejudged at another seed: warnings %q; want the seeds named", res2.Warnings)
	}
	// The file with a protocol set otherwise (quotes left unchecked, in
	// the debate the run checked them in) makes the new judge's prompts
	// otherwise: it rejudges, and says so.
	unverified, err := Parse("unverified.yaml", bytes.Replace(mustRead(t, "testdata/small.yaml"), []byte("turns: sequential, rounds: 2}"), []byte("turns: sequential, rounds: 2, verify_quotes: false}"), 1))
	if err != nil {
		t.Fatal(err)
	}
	res3, err := rejudgeSummarized(context.Background(), unverified, ref, "judge", Options{Out: t.TempDir(), Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res3.Warnings) != 1 || !strings.Contains(res3.Warnings[0], "protocol debate: verify_quotes true in the run, false in unverified.yaml") {
		t.Errorf("rejudged by a file whose debate leaves quotes unchecked: warnings %q; want the setting named", res3.Warnings)
	}
	// The file at another seed from the start generates other questions:
	// refused, naming the seeds as the likely cause.
	reseeded, err := Parse("reseeded.yaml", bytes.Replace(mustRead(t, "testdata/small.yaml"), []byte("seed: 11"), []byte("seed: 12"), 1))
	if err != nil {
		t.Fatal(err)
	}
	_, err = rejudgeSummarized(context.Background(), reseeded, ref, "judge", Options{Out: t.TempDir()})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "are not in reseeded.yaml") || !strings.Contains(err.Error(), "was played at seed 11, reseeded.yaml gives seed 12") {
		t.Errorf("rejudged by the file at another seed: %v; want ErrBadInput naming the seeds", err)
	}
	old, got := readTranscripts(t, ref), readTranscripts(t, out)
	if planned != len(old) {
		t.Errorf("Planned told %d; want the %d episodes judged again", planned, len(old))
	}
	if len(got) != len(old) {
		t.Fatalf("%d episodes; want %d", len(got), len(old))
	}
	// The speakers' messages are kept, marked so; the rest is the same.
	ignore := cmp.Options{cmpopts.IgnoreFields(transcript.Episode{}, "EpisodeID"), cmpopts.IgnoreFields(transcript.Message{}, "Kept")}
	for i := range old {
		if diff := cmp.Diff(old[i], got[i], ignore); diff != "" {
			t.Fatalf("episode %d (-first +rejudged):\n%s", i, diff)
		}
		for _, m := range got[i].Messages {
			if m.Kept == (m.Role == transcript.RoleJudge) {
				t.Fatalf("episode %d: %s's message kept %v; want the speakers' kept, the judge's made", i, m.Name, m.Kept)
			}
		}
		if got[i].EpisodeID == old[i].EpisodeID {
			t.Fatalf("episode %d kept its id; a rejudged episode is a new one", i)
		}
	}
}

// TestRejudgeASweep: rejudging a sweep's run with its own judge reproduces
// every cell of every sweep cell, each episode judged by its cell's
// protocol with the seed its first judge had.
func TestRejudgeASweep(t *testing.T) {
	x := mustLoad(t, "testdata/sweep.yaml")
	_, _, first := rejudgeReproduces(t, x, "judge", Options{Concurrency: 2}, Options{Concurrency: 2}, "cells after rejudging the sweep with the same judge")
	if len(first.Summary.Cells) != 6+3 {
		t.Fatalf("%d summary cells; want debate's 6 sweep cells and consultancy's 3", len(first.Summary.Cells))
	}
}

// TestRejudgeWithAnotherJudge keeps every speaker's message and replaces
// the judge's; a judge that always says A is right exactly when the
// correct answer was shown first.
func TestRejudgeWithAnotherJudge(t *testing.T) {
	ref := complete(t)
	data := strings.Replace(string(mustRead(t, "testdata/small.yaml")), "agents:\n", "agents:\n  says-a: {backend: sim, position_bias: 10, noise: 0}\n", 1)
	x := mustParse(t, "testdata/small.yaml", data)
	out := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), x, ref, "says-a", Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	old, got := readTranscripts(t, ref), readTranscripts(t, out)
	for i := range got {
		var speakers []transcript.Message
		for _, m := range old[i].Messages {
			if m.Role != "judge" {
				speakers = append(speakers, m)
			}
		}
		n := len(speakers)
		if len(got[i].Messages) != n+1 || !cmp.Equal(got[i].Messages[:n], speakers, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(transcript.Message{}, "Kept")) {
			t.Fatalf("episode %d: the speakers' messages changed", i)
		}
		if got[i].Judge != "says-a" || got[i].Messages[n].Agent != "says-a" || got[i].Verdict.Slot != "A" {
			t.Fatalf("episode %d: judge %s, last message by %s, verdict %+v; want says-a choosing A", i, got[i].Judge, got[i].Messages[n].Agent, got[i].Verdict)
		}
		if want := got[i].Order[0] == got[i].CorrectAnswer; got[i].Correct != want {
			t.Fatalf("episode %d: correct %v; want %v", i, got[i].Correct, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, SummaryFile)); err != nil {
		t.Error(err)
	}
}

func TestRejudgeErrors(t *testing.T) {
	ref := complete(t)
	if _, err := rejudgeSummarized(context.Background(), loadSmall(t), ref, "nobody", Options{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), `unknown agent "nobody"`) {
		t.Errorf("unknown judge: err = %v", err)
	}
	if _, err := rejudgeSummarized(context.Background(), loadSmall(t), t.TempDir(), "judge", Options{Out: t.TempDir()}); err == nil {
		t.Error("a folder without transcripts: no error")
	}
	other, _ := Parse("o.yaml", []byte("name: small\nagents:\n  judge: {backend: sim}\ntasks:\n  - {name: qa, generator: qa, n: 1}\nprotocols:\n  - {name: direct, judge: judge}\n"))
	if _, err := rejudgeSummarized(context.Background(), other, ref, "judge", Options{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "are not in") {
		t.Errorf("a run of another experiment: err = %v", err)
	}
	empty := copyRun(t, ref)
	if err := os.WriteFile(filepath.Join(empty, TranscriptsFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := rejudgeSummarized(context.Background(), loadSmall(t), empty, "judge", Options{Out: out}); !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "holds no episode to judge again") {
		t.Errorf("a run with no episode: err = %v; want it refused as bad input", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused rejudge made its folder")
	}
}

// TestRejudgeShippedExperiments: rejudging a run of each shipped protocol
// experiment with its own judge reproduces every cell — the judge is shown
// exactly what it was shown (questions, moderators' remarks, kept best-of-N
// turns; never a protagonist's private answer or a scorer's rating).
func TestRejudgeShippedExperiments(t *testing.T) {
	for _, file := range []string{"../experiments/open-roles.yaml", "../experiments/mad.yaml", "../experiments/best-of-n.yaml"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			x := mustLoad(t, file)
			judge := x.Protocols[0].Protocol.Common().Judge
			rejudgeReproduces(t, x, judge, Options{}, Options{}, "rejudged with its own judge")
		})
	}
}

// stopAfterPlayed closes stop once n episodes have been played.
type stopAfterPlayed struct {
	n    atomic.Int32
	stop chan struct{}
}

func (s *stopAfterPlayed) Played(*transcript.Episode) {
	if s.n.Add(-1) == 0 {
		close(s.stop)
	}
}

// TestRejudgeResumesAndKeepsEveryPrompt: a rejudge of a run whose agents
// read prompts (openai against serve-sim) that stops early resumes into
// the same folder and ends with the records of one never stopped; its
// prompt store holds the prompt of every message, the speakers' (from
// the source's store) and the new judge's; its lock names the judge and
// the source. Another judge into that folder is refused.
func TestRejudgeResumesAndKeepsEveryPrompt(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	x, _ := serveSmall(t, simserver.Faults{})
	src := t.TempDir()
	if _, err := Run(context.Background(), x, Options{Out: src, Concurrency: 4}); err != nil {
		t.Fatal(err)
	}
	whole := t.TempDir()
	if _, err := Rejudge(context.Background(), x, src, "sly", Options{Out: whole, Concurrency: 4}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	stop := &stopAfterPlayed{stop: make(chan struct{})}
	stop.n.Store(20)
	res, err := Rejudge(context.Background(), x, src, "sly", Options{Out: out, Concurrency: 2, Stop: stop.stop, Watchers: []Watcher{stop}})
	if !errors.Is(err, ErrInterrupted) || res == nil || res.Done >= res.Planned {
		t.Fatalf("stopped rejudge: %+v, %v; want it cut short", res, err)
	}
	res, err = Rejudge(context.Background(), x, src, "sly", Options{Out: out, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed == 0 || res.Done != res.Planned {
		t.Errorf("resumed %d, done %d of %d; want a resume that finishes", res.Resumed, res.Done, res.Planned)
	}
	if diff := cmp.Diff(readTranscripts(t, whole), readTranscripts(t, out)); diff != "" {
		t.Errorf("resumed rejudge differs from a whole one (-whole +resumed):\n%s", diff)
	}
	prompts, err := ReadPrompts(out)
	if err != nil {
		t.Fatal(err)
	}
	judged := 0
	for _, ep := range readTranscripts(t, out) {
		for _, m := range ep.Messages {
			if _, ok := prompts[m.PromptSHA256]; !ok {
				t.Fatalf("%s: %s's prompt %s is not in the rejudged run's store", ep.EpisodeID, m.Name, m.PromptSHA256)
			}
			if m.Agent == "sly" && m.Role == transcript.RoleJudge {
				judged++
			}
		}
	}
	if judged == 0 {
		t.Error("no message of the new judge")
	}
	lock := string(mustRead(t, filepath.Join(out, LockFile)))
	if !strings.Contains(lock, "rejudged:\n  judge: sly\n  source_transcripts_sha256: ") || !strings.Contains(lock, "rejudged_from: "+src) {
		t.Errorf("the rejudged run's lock does not say what it judged again:\n%s", lock)
	}
	if _, err := Rejudge(context.Background(), x, src, "judge", Options{Out: out}); !errors.Is(err, ErrForeignRun) {
		t.Errorf("another judge into the folder: %v; want ErrForeignRun", err)
	}
}

// TestRejudgeAnInterruptedRunsLog: a log an interrupted run left out of
// plan order may hold an episode twice, its failure and then its replay;
// the replay stands, once, and a second rejudge resumes to the same
// records. A run still being written (its folder locked) is refused, as is
// a log that ends in a line cut short.
func TestRejudgeAnInterruptedRunsLog(t *testing.T) {
	src := copyRun(t, complete(t))
	path := filepath.Join(src, TranscriptsFile)
	data := mustRead(t, path)
	first := data[:bytes.IndexByte(data, '\n')+1]
	var ep transcript.Episode
	if err := json.Unmarshal(first, &ep); err != nil {
		t.Fatal(err)
	}
	ep.Error = "engine: episode failed: the first try"
	failed, _ := json.Marshal(ep)
	if err := os.WriteFile(path, append(append(failed, '\n'), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	x := loadSmall(t)
	out := t.TempDir()
	for range 2 {
		if _, err := Rejudge(context.Background(), x, src, "judge", Options{Out: out, Concurrency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	got := readTranscripts(t, out)
	if want := bytes.Count(data, []byte("\n")); len(got) != want {
		t.Fatalf("%d records; want the %d episodes once each", len(got), want)
	}
	for _, r := range got {
		if r.Error != "" {
			t.Errorf("%s: %s; want the replay's verdict, not the failure", r.EpisodeID, r.Error)
		}
	}
	unlock, err := LockFolder(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Rejudge(context.Background(), x, src, "judge", Options{Out: t.TempDir()}); !errors.Is(err, ErrFolderLocked) {
		t.Errorf("rejudge of a run being written: %v; want ErrFolderLocked", err)
	}
	unlock()
	if err := os.WriteFile(path, data[:len(data)-5], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Rejudge(context.Background(), x, src, "judge", Options{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("rejudge of a log cut short: %v; want it refused", err)
	}
}

// TestBlankVerdictLeavesTheFirstRunsFailures: a record taken over for
// another judge keeps the speakers' episode but not the calls of the first
// run that failed: the rejudge did not make them, and its usage must not
// count them.
func TestBlankVerdictLeavesTheFirstRunsFailures(t *testing.T) {
	old := transcript.Episode{EpisodeID: "e", Judge: "j", Error: "engine: episode failed",
		FailedCalls: []transcript.FailedCall{{Name: "Debater A", Agent: "strong", Round: 1, Retries: 5}}}
	if rec := blankVerdict(&old, "j2"); rec.FailedCalls != nil || rec.Judge != "j2" {
		t.Errorf("blank verdict %+v; want the first run's failed calls gone", rec)
	}
}

// TestRejudgeWarnsOfASweptJudge: a rejudge of a sweep's run by an agent
// the sweep varies plays it as the file writes it in every cell, and says
// so; by an agent the sweep leaves alone, it says nothing of the sweep.
func TestRejudgeWarnsOfASweptJudge(t *testing.T) {
	run := t.TempDir()
	mustRunSummarized(t, loadSweep(t), Options{Out: run, Concurrency: 2})
	for judge, warned := range map[string]bool{"strong": true, "judge": false} {
		res, err := rejudgeSummarized(context.Background(), loadSweep(t), run, judge, Options{Out: t.TempDir(), Concurrency: 2})
		if err != nil {
			t.Fatal(err)
		}
		said := slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "the sweep varies agents.strong.skill") })
		if said != warned {
			t.Errorf("rejudge by %s: warnings %q; want the swept judge said: %v", judge, res.Warnings, warned)
		}
	}
	// A sweep of the first judge's setting, or of a protocol's judge,
	// rejudged by another agent: the cells' values no longer hold either.
	for _, axis := range []string{"agents.judge.diligence: [0.1, 0.9]", "protocols.debate.judge: [judge, strong]"} {
		data := strings.Replace(string(mustRead(t, "testdata/sweep.yaml")), "agents.strong.skill: [0.5, 0.7, 0.95]", axis, 1)
		file := filepath.Join(t.TempDir(), "sweep.yaml")
		os.WriteFile(file, []byte(data), 0o644)
		x := mustLoad(t, file)
		run := t.TempDir()
		mustRunSummarized(t, x, Options{Out: run, Concurrency: 2})
		res, err := rejudgeSummarized(context.Background(), mustLoad(t, file), run, "strong", Options{Out: t.TempDir(), Concurrency: 2})
		if err != nil {
			t.Fatal(err)
		}
		key, _, _ := strings.Cut(axis, ":")
		if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "the sweep varies "+key) }) {
			t.Errorf("a sweep of %s rejudged by strong: warnings %q; want it said", key, res.Warnings)
		}
	}
}

// TestRejudgeFailureLimit: a rejudge holds its new judge's failures to
// the file's failure limit, as a run does, and says how many of its
// failed episodes are the source's, carried over; those are not the new
// judge's, however many, and do not stop it.
func TestRejudgeFailureLimit(t *testing.T) {
	src := copyRun(t, complete(t))
	path := filepath.Join(src, TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, path), []byte("\n"))
	failed := 0
	for i, line := range lines {
		if len(line) == 0 || i%3 != 0 {
			continue
		}
		var ep transcript.Episode
		if err := json.Unmarshal(line, &ep); err != nil {
			t.Fatal(err)
		}
		ep.Error = "engine: episode failed: a speaker's endpoint"
		data, _ := json.Marshal(ep)
		lines[i] = append(data, '\n')
		failed++
	}
	if err := os.WriteFile(path, bytes.Join(lines, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Rejudge(context.Background(), loadSmall(t), src, "judge", Options{Out: out, Concurrency: 2})
	if err != nil || res.Carried != failed {
		t.Fatalf("rejudge of a run with %d of %d episodes failed: %v, %d carried over; want no stop, and all %d said carried", failed, len(lines)-1, err, res.Carried, failed)
	}
	// Its log cut to a half, and its resume stopped at once: the carried
	// failures of the half it kept are handed on as they stand, and
	// said carried, not rejudged.
	half := bytes.SplitAfter(mustRead(t, filepath.Join(out, TranscriptsFile)), []byte("\n"))
	half = half[:len(half)/2]
	kept := bytes.Count(bytes.Join(half, nil), []byte(`"error":"engine: episode failed: a speaker`))
	if err := os.WriteFile(filepath.Join(out, TranscriptsFile), bytes.Join(half, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	again, _ := rejudgeSummarized(stopped, loadSmall(t), src, "judge", Options{Out: out, Concurrency: 2})
	if kept == 0 || again == nil || again.Carried != kept || again.Summary.Failed != kept || again.Summary.Episodes != len(half) {
		t.Errorf("a rejudge's resume stopped at once, its log holding %d of %d carried failures in %d episodes: %+v; want %d carried, failed and %d episodes", kept, failed, len(half), again, kept, len(half))
	}

	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"model not loaded"}}`, http.StatusBadRequest)
	}))
	defer broken.Close()
	data := strings.Replace(string(mustRead(t, "testdata/small.yaml")), "agents:\n", "agents:\n  down: {backend: openai, base_url: "+broken.URL+"/v1, model: m}\n", 1)
	x := mustParse(t, "testdata/small.yaml", data)
	res, err = Rejudge(context.Background(), x, complete(t), "down", Options{Out: t.TempDir(), Concurrency: 2})
	if !errors.Is(err, ErrTooManyFailures) || res == nil || res.Done >= res.Planned {
		t.Errorf("rejudge by a judge that fails every call: %v; want it stopped by the failure limit", err)
	}
}

// TestRejudgeOfAChangedRun: a rejudge into a folder holding the rejudge
// of the same run, since changed (resumed), is refused as what it is, not
// as another experiment's.
func TestRejudgeOfAChangedRun(t *testing.T) {
	src := copyRun(t, complete(t))
	out := t.TempDir()
	x := loadSmall(t)
	if _, err := Rejudge(context.Background(), x, src, "judge", Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(src, TranscriptsFile)
	data := mustRead(t, path)
	first := data[:bytes.IndexByte(data, '\n')+1]
	if err := os.WriteFile(path, append(data, first...), 0o644); err != nil { // a replay, as a resume appends
		t.Fatal(err)
	}
	_, err := Rejudge(context.Background(), x, src, "judge", Options{Out: out})
	if !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), "holds a rejudge of "+src+", whose transcripts have changed since") || strings.Contains(err.Error(), "another experiment") {
		t.Errorf("rejudge of a changed run into its earlier rejudge: %v; want it refused as a changed run", err)
	}
	// Another run's folder: said so; another seed: another experiment.
	other := copyRun(t, src)
	_, err = Rejudge(context.Background(), x, other, "judge", Options{Out: out})
	if !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), "holds a rejudge of "+src+", not of "+other) {
		t.Errorf("rejudge of another run into the rejudge of the first: %v; want it refused, naming both", err)
	}
	reseeded := mustParse(t, "testdata/small.yaml", strings.Replace(string(mustRead(t, "testdata/small.yaml")), "seed: 11", "seed: 12", 1))
	_, err = Rejudge(context.Background(), reseeded, src, "judge", Options{Out: out})
	if err == nil || strings.Contains(err.Error(), "changed since") {
		t.Errorf("rejudge at another seed into the rejudge of the run: %v; want it refused, not as a changed run", err)
	}
}

// failAtVerdict rewrites the log of the run in dir as if the judge's
// verdict call had failed in every third episode with a judge (its
// verdict message gone, the call named in failed_calls) and a speaker's
// last call in every third after that, and returns how many of each: a
// grader's failed verdict counts with the speakers', for the record of a
// grade names the answer graded only with the grade, and is carried.
func failAtVerdict(t *testing.T, dir string) (atVerdict, carried int) {
	t.Helper()
	path := filepath.Join(dir, TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, path), []byte("\n"))
	for i, line := range lines {
		if len(line) == 0 || i%3 == 2 {
			continue
		}
		var ep transcript.Episode
		if err := json.Unmarshal(line, &ep); err != nil {
			t.Fatal(err)
		}
		cut := slices.IndexFunc(ep.Messages, func(m transcript.Message) bool { return m.Role == transcript.RoleJudge && !m.Aside })
		if i%3 == 1 {
			// The judge's first interim verdict, where it gave one
			// (judge_every_round), or else the last message of a
			// speaker who argues or answers.
			cut = slices.IndexFunc(ep.Messages, func(m transcript.Message) bool { return m.Role == transcript.RoleJudge && m.Aside })
			for j, m := range ep.Messages {
				if m.Role != transcript.RoleJudge && !m.Aside && !m.Discarded && !slices.ContainsFunc(ep.Messages, func(m transcript.Message) bool { return m.Role == transcript.RoleJudge && m.Aside }) {
					cut = j
				}
			}
		}
		if cut < 0 {
			continue // a vote, or a judge alone
		}
		m, graded := ep.Messages[cut], ep.Graded != nil
		ep.Messages = ep.Messages[:cut]
		ep.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"}
		ep.Correct, ep.Graded = false, nil
		ep.Error = "engine: episode failed: " + m.Name + "'s endpoint"
		ep.FailedCalls = []transcript.FailedCall{{Name: m.Name, Agent: m.Agent, Round: m.Round, Retries: 3}}
		if i%3 == 0 && !graded {
			atVerdict++
		} else {
			carried++ // a speaker's, or a grade's
		}
		data, _ := json.Marshal(ep)
		lines[i] = append(data, '\n')
	}
	if err := os.WriteFile(path, bytes.Join(lines, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	return atVerdict, carried
}

// TestRejudgeJudgesEpisodesFailedAtTheVerdict: an episode whose judge's
// verdict call failed, every speaker having spoken, is judged by the new
// judge — by the same judge, as the first run would have judged it had
// the call answered — while one whose speaker failed is carried over as
// failed, and counted so.
func TestRejudgeJudgesEpisodesFailedAtTheVerdict(t *testing.T) {
	// Pointwise grading (judges-grade) has every failed verdict carried.
	for _, file := range []string{"testdata/small.yaml", "../experiments/open-roles.yaml", "../experiments/mad.yaml", "../experiments/quickstart.yaml", "../experiments/judges-grade.yaml"} {
		grades := strings.Contains(file, "grade")
		t.Run(filepath.Base(file), func(t *testing.T) {
			x := mustLoad(t, file)
			judge := x.Protocols[0].Protocol.Common().Judge
			ref := t.TempDir()
			if _, err := Run(context.Background(), x, Options{Out: ref}); err != nil {
				t.Fatal(err)
			}
			whole := t.TempDir()
			if _, err := Rejudge(context.Background(), mustLoad(t, file), ref, judge, Options{Out: whole}); err != nil {
				t.Fatal(err)
			}
			src := copyRun(t, ref)
			verdicts, speakers := failAtVerdict(t, src)
			out := t.TempDir()
			res, err := Rejudge(context.Background(), mustLoad(t, file), src, judge, Options{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			if res.Carried != speakers || (verdicts == 0) != grades {
				t.Errorf("%d carried over as failed; want the %d failed at a speaker (and %d failed at the verdict judged)", res.Carried, speakers, verdicts)
			}
			want, got := readTranscripts(t, whole), readTranscripts(t, out)
			judged := 0
			for i := range got {
				switch {
				case got[i].Error != "":
					if !strings.Contains(got[i].Error, "endpoint") || got[i].FailedCalls != nil {
						t.Errorf("episode %d: carried as %q with failed calls %v; want the source's error, none of its calls", i, got[i].Error, got[i].FailedCalls)
					}
				default:
					judged++
					if diff := cmp.Diff(want[i], got[i]); diff != "" {
						t.Errorf("episode %d (-rejudged whole +rejudged after its verdict failed):\n%s", i, diff)
					}
				}
			}
			if judged != len(got)-speakers {
				t.Errorf("%d of %d episodes judged; want all but the %d carried", judged, len(got), speakers)
			}
		})
	}
}

// TestRejudgeOfARejudgedRunKeepsTheSeed: a rejudged run judged again by
// the first run's judge gives the first run's verdicts: its judge is
// seeded as the first judge was, not by the rejudged records' ids (which
// drew apart from both judges before, so that two judges compared on a
// rejudge of a rejudge mixed their judgement with unpaired noise).
func TestRejudgeOfARejudgedRunKeepsTheSeed(t *testing.T) {
	ref := complete(t)
	data := strings.Replace(string(mustRead(t, "testdata/small.yaml")), "agents:\n", "agents:\n  other: {backend: sim, skill: 0.8, diligence: 0.6, position_bias: -0.2}\n", 1)
	x := mustParse(t, "testdata/small.yaml", data)
	mid, back := t.TempDir(), t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), x, ref, "other", Options{Out: mid}); err != nil {
		t.Fatal(err)
	}
	if _, err := rejudgeSummarized(context.Background(), mustParse(t, "testdata/small.yaml", data), mid, "judge", Options{Out: back}); err != nil {
		t.Fatal(err)
	}
	old, got := readTranscripts(t, ref), readTranscripts(t, back)
	if len(got) != len(old) {
		t.Fatalf("%d episodes; want %d", len(got), len(old))
	}
	differ := 0
	for i := range old {
		if old[i].Verdict != got[i].Verdict || !slices.Equal(old[i].Interim, got[i].Interim) {
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d verdicts differ from the first run's after rejudging its rejudge with its own judge; want none", differ, len(old))
	}
}
