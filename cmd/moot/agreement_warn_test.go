package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// TestAgreementWarnsOfUnlikeRuns: agreement says when a run is partial,
// when the runs were played at other seeds, and when questions two runs
// hold under one id differ; a run beside its rejudging by another judge
// draws none of these.
func TestAgreementWarnsOfUnlikeRuns(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	runSmall(t, a)
	b := filepath.Join(t.TempDir(), "b")
	mootOK(t, "rejudge", a, "--judge", "sly", "--experiment", small, "--out", b)
	warnings := []string{"partial run", "were played at", "differ between them under one id"}
	code, _, errOut := moot(t, "agreement", a, b)
	if code != exitOK {
		t.Fatalf("agreement of a run and its rejudging: exit %d: %s", code, errOut)
	}
	for _, w := range warnings {
		if strings.Contains(errOut, w) {
			t.Errorf("a run beside its rejudging: %s; want no warning", errOut)
		}
	}
	editFirstQuestion(t, b)
	var sum map[string]any
	if err := json.Unmarshal(mustRead(t, filepath.Join(b, "summary.json")), &sum); err != nil {
		t.Fatal(err)
	}
	sum["seed"], sum["partial"] = 1+sum["seed"].(float64), "stopped by Ctrl-C after 3 of 8 episodes"
	data, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(b, "summary.json"), data)
	if code, _, errOut = moot(t, "agreement", a, b); code != exitOK {
		t.Fatalf("agreement: exit %d: %s", code, errOut)
	}
	for _, w := range append(warnings, "at 2 seeds") {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
}

// TestAgreementRefusesAnAnnotatorTwice: an annotator's run named beside
// its study's folder, which stands for it already, would count its
// verdicts as another judge's.
func TestAgreementRefusesAnAnnotatorTwice(t *testing.T) {
	a, _ := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	study := t.TempDir()
	writeFile(t, filepath.Join(study, "study.json"), []byte("{}"))
	for _, name := range []string{"alice", "bob"} {
		copyRun(t, a, filepath.Join(study, name), func(ep transcript.Episode) []transcript.Episode {
			ep.Judge = "human:" + name
			return []transcript.Episode{ep}
		})
	}
	code, _, stderr := moot(t, "agreement", study, filepath.Join(study, "alice"))
	if code != exitBadInput || !strings.Contains(stderr, "are the same run folder") {
		t.Errorf("a study and its annotator: exit %d, stderr %q; want exit %d, the same run folder", code, stderr, exitBadInput)
	}
}

// TestNoSeedIsReadFromALogAlone: a folder that holds a run's log but
// neither its summary nor its lock (a log copied alone) has no seed to
// read; agreement and compare read it as of no seed, not of seed 0, and
// warn of no other seed beside a run played at one.
func TestNoSeedIsReadFromALogAlone(t *testing.T) {
	a, _ := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	if head, err := readHead(a); err != nil || head.Seed == 0 || head.seedUnknown {
		t.Fatalf("a's head %+v (%v); want a seed other than 0 to tell apart", head, err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	copyRun(t, a, fresh, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{undrawn(ep)} })
	for _, args := range [][]string{{"agreement", a, fresh}, {"compare", a, fresh}} {
		code, _, errOut := moot(t, args...)
		if code != exitOK || strings.Contains(errOut, "played at seed") {
			t.Errorf("moot %s: exit %d, stderr %q; want no other seed named", args[0], code, errOut)
		}
	}
	// A table of it says that its seed is unknown, in its JSON too, where
	// "seed": 0 read as the seed it was played at, and a comparison on
	// stderr; not of a run with its summary.
	again := filepath.Join(t.TempDir(), "again") // a with its summary and lock
	copyRun(t, a, again, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	for _, name := range []string{sinks.SummaryFile, engine.LockFile} {
		writeFile(t, filepath.Join(again, name), mustRead(t, filepath.Join(a, name)))
	}
	said := func(errOut string) bool {
		return strings.Contains(errOut, "moot: warning: "+fresh+" has neither summary.json nor config.lock.yaml (a log copied alone): the seed it was played at is unknown")
	}
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"table", fresh}, true}, {[]string{"table", a, fresh}, true}, {[]string{"table", a}, false},
	} {
		code, stdout, errOut := moot(t, append(tt.args, "--format", "json")...)
		var sum analysis.Summary
		if err := json.Unmarshal([]byte(stdout), &sum); code != exitOK || err != nil {
			t.Fatalf("moot %v: exit %d (%v); stderr:\n%s", tt.args, code, err, errOut)
		}
		inJSON := slices.ContainsFunc(sum.Warnings, func(w analysis.Warning) bool {
			return w.Kind == analysis.WarnUnknownSeed && strings.Contains(w.Message, fresh)
		})
		if inJSON != tt.want || said(errOut) != tt.want {
			t.Errorf("moot %v: warned of an unknown seed in the JSON %v, on stderr %v; want %v; stderr:\n%s", tt.args, inJSON, said(errOut), tt.want, errOut)
		}
	}
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"compare", a, fresh}, true}, {[]string{"compare", fresh, a}, true}, {[]string{"compare", a, again}, false},
	} {
		if code, _, errOut := moot(t, tt.args...); code != exitOK || said(errOut) != tt.want {
			t.Errorf("moot %v: exit %d, warned of an unknown seed %v; want %v; stderr:\n%s", tt.args, code, said(errOut), tt.want, errOut)
		}
	}
}
