package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// agreementOut is the part of moot agreement's JSON these tests read.
type agreementOut struct {
	All   analysis.Reliability
	Cells []analysis.Reliability
	Pairs []analysis.Agreement
}

// agreementJSON runs moot agreement on dirs and reads its JSON.
func agreementJSON(t *testing.T, dirs ...string) agreementOut {
	t.Helper()
	code, out, errOut := moot(t, append([]string{"agreement", "--format", "json"}, dirs...)...)
	if code != exitOK {
		t.Fatalf("agreement: exit %d; stderr:\n%s", code, errOut)
	}
	var got agreementOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("agreement --format json: %v\n%s", err, out)
	}
	return got
}

// flipped reports whether the test's run B gives the other answer on ep.
func flipped(ep transcript.Episode) bool { return ep.QuestionID[len(ep.QuestionID)-1]%3 == 0 }

// undrawn is ep with no message naming its draw, as an uncached LLM's
// answers are: a test's copy of a run that stands for another judge's
// verdicts, not for the same draws again.
func undrawn(ep transcript.Episode) transcript.Episode {
	ep.Messages = slices.Clone(ep.Messages)
	for i := range ep.Messages {
		ep.Messages[i].Draw = ""
	}
	return ep
}

// TestAgreementOfThreeRuns: three runs of one judge's name — A, B (A's
// verdicts with some questions' answers turned round) and C (A's with
// some episodes left out), B and C drawn anew — are three judges, named
// by their runs; each pair's agreement is what the edits make it, and
// alpha counts C's missing episodes as judged by two judges alone.
func TestAgreementOfThreeRuns(t *testing.T) {
	flips, items := 0, 0
	a, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		ep = undrawn(ep)
		if ep.Error == "" && !ep.Settled() && ep.Verdict.Answer >= 0 {
			items++
			if flipped(ep) {
				flips++
				ep.Verdict.Answer, ep.Correct = 1-ep.Verdict.Answer, !ep.Correct
			}
		}
		return []transcript.Episode{ep}
	})
	c := filepath.Join(t.TempDir(), "c")
	dropped := 0
	copyRun(t, a, c, func(ep transcript.Episode) []transcript.Episode {
		if ep.Repeat == 1 {
			dropped++
			return nil
		}
		return []transcript.Episode{undrawn(ep)}
	})
	if flips == 0 || flips == items || dropped == 0 {
		t.Fatalf("%d of %d verdicts turned, %d dropped; the test wants some of each", flips, items, dropped)
	}
	got := agreementJSON(t, a, b, c)
	if want := []string{"a:judge", "b:judge", "c:judge"}; !slices.Equal(got.All.Judges, want) {
		t.Errorf("judges %v; want %v", got.All.Judges, want)
	}
	if got.All.Items != items || got.All.Lone != 0 {
		t.Errorf("%d episodes, %d lone; want %d, 0", got.All.Items, got.All.Lone, items)
	}
	share := map[[2]string]float64{}
	for _, p := range got.Pairs {
		share[[2]string{p.JudgeA, p.JudgeB}] = p.Agreement
	}
	if x, want := share[[2]string{"a:judge", "b:judge"}], 1-float64(flips)/float64(items); math.Abs(x-want) > 5e-5 {
		t.Errorf("A and B agree on %v; want %v (%d of %d turned)", x, want, flips, items)
	}
	if x := share[[2]string{"a:judge", "c:judge"}]; x != 1 {
		t.Errorf("A and C agree on %v; want 1 (C is A's verdicts)", x)
	}
	if !got.All.AlphaDefined || got.All.Alpha >= 1 || got.All.Alpha <= 0 || got.All.AlphaCI == nil {
		t.Errorf("alpha %v (defined %v, interval %v); want between 0 and 1, with an interval", got.All.Alpha, got.All.AlphaDefined, got.All.AlphaCI)
	}
	if len(got.Cells) != 5 {
		t.Errorf("%d cells; want the small experiment's 5", len(got.Cells))
	}
}

// TestAgreementOfAStudy: a study's folder stands for its annotators'
// runs; one with none, a single run, runs that share no episode and a
// folder named twice are refused (exit 2), each saying why.
func TestAgreementOfAStudy(t *testing.T) {
	a, _ := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	study, empty := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(study, "study.json"), []byte("{}"))
	writeFile(t, filepath.Join(empty, "study.json"), []byte("{}"))
	for _, name := range []string{"alice", "bob"} {
		copyRun(t, a, filepath.Join(study, name), func(ep transcript.Episode) []transcript.Episode {
			ep.Judge = "human:" + name
			return []transcript.Episode{ep}
		})
	}
	os.MkdirAll(filepath.Join(study, "not-a-run"), 0o755)
	got := agreementJSON(t, study)
	if want := []string{"human:alice", "human:bob"}; !slices.Equal(got.All.Judges, want) || got.All.Alpha != 1 {
		t.Errorf("judges %v, alpha %v; want %v agreeing throughout", got.All.Judges, got.All.Alpha, want)
	}

	lone := t.TempDir()
	writeFile(t, filepath.Join(lone, "study.json"), []byte("{}"))
	copyRun(t, a, filepath.Join(lone, "carol"), func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })

	apart := filepath.Join(t.TempDir(), "apart")
	copyRun(t, a, apart, func(ep transcript.Episode) []transcript.Episode {
		ep.QuestionID += "-other"
		return []transcript.Episode{ep}
	})
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"a study with no annotator", []string{empty}, "no annotator's verdicts yet"},
		{"one run", []string{a}, "two runs or more (a study's folder counts its annotators)"},
		{"a study of one annotator", []string{lone}, "two runs or more (the study " + lone + " holds one annotator's so far, carol's)"},
		{"no episode shared", []string{a, apart}, "no episode was judged by two of the judges"},
		{"a folder twice", []string{a, a + "/"}, "are the same run folder"},
		{"a bad format", []string{a, apart, "--format", "xml"}, "--format"},
	} {
		code, _, stderr := moot(t, append([]string{"agreement"}, c.args...)...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d naming %q", c.name, code, stderr, exitBadInput, c.want)
		}
	}
}

// TestAgreementCountsOneDrawOnce: a run and its copy, or a run and its
// rejudge by the same judge, hold the same judge's one verdict of each
// episode (the same draws): counted as two judges, they would agree
// throughout, and alpha would be 1 for nothing. Each such episode counts
// once, as the first folder's, and stderr says so: a run and its copy
// alone leave one judge (exit 2); beside a copy whose judge drew anew
// (an uncached LLM's), the copy with the same draws adds no judge.
func TestAgreementCountsOneDrawOnce(t *testing.T) {
	a, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	code, _, stderr := moot(t, "agreement", a, b)
	if code != exitBadInput || !strings.Contains(stderr, "with the same draws") || !strings.Contains(stderr, "counted once") ||
		!strings.Contains(stderr, "no episode was judged by two of the judges (judge)") {
		t.Errorf("a run and its copy: exit %d, stderr %q; want exit %d, the copy's episodes counted once, one judge left", code, stderr, exitBadInput)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	copyRun(t, a, fresh, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{undrawn(ep)} })
	got := agreementJSON(t, a, b, fresh)
	if want := []string{"a:judge", "fresh:judge"}; !slices.Equal(got.All.Judges, want) || got.All.Items == 0 || got.All.Verdicts != 2*got.All.Items {
		t.Errorf("judges %v, %d episodes, %d verdicts; want %v, each episode judged by the two", got.All.Judges, got.All.Items, got.All.Verdicts, want)
	}
}

// TestAgreementCountsWhatAnUnfinishedLogHolds: a folder without
// summary.json is said to hold the episodes its log holds, those that
// another folder holds with the same draws (counted once, as that
// folder's) among them, not only those read as its own.
func TestAgreementCountsWhatAnUnfinishedLogHolds(t *testing.T) {
	// b, a copy of a, has no summary.json (copyRun writes none).
	a, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	recs, err := transcript.ReadFile(filepath.Join(b, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	copyRun(t, a, fresh, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{undrawn(ep)} })
	_, _, stderr := moot(t, "agreement", a, b, fresh)
	line := stderr[strings.Index(stderr, b+" has no summary.json"):]
	line = line[:strings.IndexByte(line, '\n')]
	if want := fmt.Sprintf("this reads the %d episodes its log holds", len(recs)); !strings.Contains(line, want) {
		t.Errorf("b's line %q; want %q", line, want)
	}
}
