package engine

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// TestGradeAndReferenceRecords plays grade.yaml and checks each record:
// the graded answer and the grade, the assignment split by whether the
// graded answer was right, the verdict the grade implies, and the
// reference the judge read, in its prompt and in the record.
func TestGradeAndReferenceRecords(t *testing.T) {
	x := mustLoad(t, "testdata/grade.yaml")
	heard := &requests{}
	defer x.standIn(func(a *AgentEntry) agents.Agent { return recording{a.Agent, heard} })()
	seen := map[string]int{}
	for _, ep := range x.Plan() {
		heard.reset()
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		seen[rec.Protocol]++
		graded, ref := rec.Graded, rec.Reference
		// The reference is in the request of the seat that decides, and
		// in no other seat's.
		for _, req := range heard.all() {
			decides := req.Role == transcript.RoleJudge || req.Role == transcript.RoleGrader
			if got := req.View.Reference; (got != nil) != (decides && ref != nil) {
				t.Errorf("%s: the %s's request has reference %+v; the record's is %+v", ep.ID, req.Role, got, ref)
			} else if got != nil && (got.Source != ref.Source || got.Text == "") {
				t.Errorf("%s: the %s read reference %+v; the record's is %+v", ep.ID, req.Role, got, ref)
			}
		}
		switch rec.Kind {
		case "grade":
			if graded == nil || (graded.Call != transcript.GradeCorrect && graded.Call != transcript.GradeIncorrect) {
				t.Fatalf("%s: graded %+v; want an answer and a grade", ep.ID, graded)
			}
			right := graded.Answer == rec.CorrectAnswer
			if suffix := map[bool]string{true: "/chose-correct", false: "/chose-incorrect"}[right]; !strings.HasSuffix(rec.Assignment, suffix) {
				t.Errorf("%s: assignment %q; want it to end %s", ep.ID, rec.Assignment, suffix)
			}
			want := graded.Answer
			if graded.Call == transcript.GradeIncorrect {
				want = 1 - want
			}
			if rec.Verdict.Answer != want || rec.Correct != (right == (graded.Call == transcript.GradeCorrect)) {
				t.Errorf("%s: graded %+v, verdict %+v, correct %v: the verdict does not follow the grade", ep.ID, graded, rec.Verdict, rec.Correct)
			}
			if graded.Agent != strings.Split(rec.Assignment, "/")[0] {
				t.Errorf("%s: graded agent %q in assignment %q", ep.ID, graded.Agent, rec.Assignment)
			}
		default:
			if graded != nil {
				t.Errorf("%s: a direct judge's record has a grade %+v", ep.ID, graded)
			}
		}
		wantRef := rec.Protocol != "grade"
		if (ref != nil) != wantRef {
			t.Fatalf("%s: reference %+v; want one: %v", ep.ID, ref, wantRef)
		}
		if ref == nil {
			continue
		}
		if rec.Protocol == "direct-gold" {
			if ref.Source != transcript.ReferenceGold || ref.Answer != rec.CorrectAnswer || len(rec.Messages) != 1 {
				t.Errorf("%s: gold reference %+v with %d messages; want the gold answer and no call", ep.ID, ref, len(rec.Messages))
			}
			continue
		}
		first := rec.Messages[0]
		if ref.Source != transcript.ReferenceAgent || ref.Agent != "weak" || first.Role != transcript.RoleReference || first.Aside {
			t.Errorf("%s: reference %+v, first message %+v; want the weak agent's, read by the judge", ep.ID, ref, first)
		}
	}
	// 10 questions: 2 exam-takers in each grade, 1 episode each direct.
	if want := map[string]int{"grade": 20, "grade-ref": 20, "direct-ref": 10, "direct-gold": 10}; !cmp.Equal(seen, want) {
		t.Errorf("episodes per protocol %v; want %v", seen, want)
	}
}

// TestGradeFlippedLabels: the gold label reaches no exam-taker, grader or
// reference writer. Each grade and agent-reference episode is played on
// its question and on a copy with the label flipped: every message, the
// grade and the reference's answer stay; whether they are right flips.
func TestGradeFlippedLabels(t *testing.T) {
	x := mustLoad(t, "testdata/grade.yaml")
	for _, ep := range x.Plan() {
		if ep.Protocol.Label == "direct-gold" {
			continue // the gold reference is the label, shown on purpose: an upper bound
		}
		orig := x.play(context.Background(), &ep)
		got := playFlipped(x, ep)
		if diff := cmp.Diff(orig.Messages, got.Messages); diff != "" {
			t.Fatalf("%s: messages changed when the label flipped (-orig +flipped):\n%s", ep.ID, diff)
		}
		if orig.Verdict != got.Verdict || !cmp.Equal(orig.Graded, got.Graded) || !cmp.Equal(orig.Reference, got.Reference) {
			t.Fatalf("%s: verdict, grade or reference changed when the label flipped", ep.ID)
		}
		if orig.Correct == got.Correct {
			t.Fatalf("%s: correct stayed %v when the label flipped", ep.ID, orig.Correct)
		}
	}
}

// TestGradeOpenAIMatchesSim plays grade.yaml in process, then through the
// openai backend against serve-sim with faults: every message, grade,
// reference and verdict (its probability through logprobs) is the same.
func TestGradeOpenAIMatchesSim(t *testing.T) {
	simDir := t.TempDir()
	mustRunSummarized(t, mustLoad(t, "testdata/grade.yaml"), Options{Out: simDir, Concurrency: 4})
	want := readTranscripts(t, simDir)
	models, _ := mustLoad(t, "testdata/grade.yaml").SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: testKey, Faults: simserver.Faults{
		RateLimit: 0.05, RetryAfter: 5 * time.Millisecond, ServerError: 0.05, Malformed: 0.05, Seed: 9}})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	data := mustRead(t, "testdata/grade-openai.yaml")
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	x, err := Parse("testdata/grade-openai.yaml", bytes.ReplaceAll(data, []byte("BASE_URL"), []byte(hs.URL+"/v1")))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 8})
	got := readTranscripts(t, out)
	if len(got) != len(want) {
		t.Fatalf("%d episodes over HTTP; want %d", len(got), len(want))
	}
	for i := range want {
		sameEpisode(t, want[i], got[i])
		if !cmp.Equal(got[i].Graded, want[i].Graded) || !cmp.Equal(got[i].Reference, want[i].Reference) || got[i].Assignment != want[i].Assignment {
			t.Fatalf("%s: graded %+v reference %+v assignment %q; want %+v %+v %q", got[i].EpisodeID,
				got[i].Graded, got[i].Reference, got[i].Assignment, want[i].Graded, want[i].Reference, want[i].Assignment)
		}
	}
	if want[0].Verdict.Probability == 0 {
		t.Errorf("the grader gave no probability")
	}
	a, _ := os.ReadFile(filepath.Join(simDir, "table.csv"))
	b, _ := os.ReadFile(filepath.Join(out, "table.csv"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("table.csv differs between the sim and the openai path:\n%s\n%s", a, b)
	}
}

// TestGradeRejudge: rejudged by the same judge, a grade run's grades and
// verdicts are the same, the reference read as before; by another judge,
// each grade is that judge's and follows its verdict.
func TestGradeRejudge(t *testing.T) {
	x := mustLoad(t, "testdata/grade.yaml")
	run := t.TempDir()
	mustRunSummarized(t, x, Options{Out: run})
	first := readTranscripts(t, run)
	same := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), x, run, "judge", Options{Out: same}); err != nil {
		t.Fatal(err)
	}
	for i, ep := range readTranscripts(t, same) {
		if ep.Verdict != first[i].Verdict || !cmp.Equal(ep.Graded, first[i].Graded) || !cmp.Equal(ep.Reference, first[i].Reference) {
			t.Fatalf("%s rejudged by the same judge: verdict %+v graded %+v; want %+v %+v", ep.EpisodeID, ep.Verdict, ep.Graded, first[i].Verdict, first[i].Graded)
		}
	}
	other := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), x, run, "strong", Options{Out: other}); err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i, ep := range readTranscripts(t, other) {
		if ep.Error != "" {
			t.Fatalf("%s: %s", ep.EpisodeID, ep.Error)
		}
		if g := ep.Graded; g != nil {
			says := (g.Call == transcript.GradeCorrect) == (ep.Verdict.Answer == g.Answer)
			if !says || g.Answer != first[i].Graded.Answer {
				t.Fatalf("%s: graded %+v, verdict %+v; want the same answer graded and a grade that follows the verdict", ep.EpisodeID, g, ep.Verdict)
			}
			if g.Call != first[i].Graded.Call {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Errorf("another judge changed no grade")
	}
}

// requests keeps the requests a run's agents are asked.
type requests struct {
	mu   sync.Mutex
	reqs []agents.Request
}

func (r *requests) reset() { r.mu.Lock(); r.reqs = nil; r.mu.Unlock() }

func (r *requests) all() []agents.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// recording is an agent that keeps each request it is asked in to.
type recording struct {
	agents.Agent
	to *requests
}

func (a recording) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	a.to.mu.Lock()
	a.to.reqs = append(a.to.reqs, req)
	a.to.mu.Unlock()
	return a.Agent.Generate(ctx, req)
}
