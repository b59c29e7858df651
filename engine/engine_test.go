package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/debate"
	_ "github.com/mootlab/moot/protocols/direct"
	_ "github.com/mootlab/moot/protocols/grade"
	"github.com/mootlab/moot/tasks"
	_ "github.com/mootlab/moot/tasks/code"
	_ "github.com/mootlab/moot/tasks/finance"
	_ "github.com/mootlab/moot/tasks/math"
	_ "github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/transcript"
)

// mustLoad loads the experiment file at path.
func mustLoad(t testing.TB, path string) *Experiment {
	t.Helper()
	x, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// mustParse parses text as the experiment file name.
func mustParse(t testing.TB, name, text string) *Experiment {
	t.Helper()
	x, err := Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// playFlipped plays ep on a copy of its question with the gold label
// flipped.
func playFlipped(x *Experiment, ep Episode) transcript.Episode {
	flipped := *ep.Question
	flipped.Correct = 1 - flipped.Correct
	ep.Question = &flipped
	return x.play(context.Background(), &ep)
}

func loadSmall(t testing.TB) *Experiment { return mustLoad(t, "testdata/small.yaml") }

func TestPlan(t *testing.T) {
	x := loadSmall(t)
	plan := x.Plan()
	// Per question: direct 2 (swap), with-context 1, consultancy 2,
	// debate 2 orders × 2 seatings, unverified debate 2; × 2 repeats.
	const perQuestion = (2 + 1 + 2 + 4 + 2) * 2
	if got, want := len(plan), 12*perQuestion; got != want {
		t.Fatalf("len(plan) = %d; want %d", got, want)
	}
	ids := map[string]bool{}
	for i, ep := range plan {
		if ep.Index != i {
			t.Errorf("plan[%d].Index = %d; want %d", i, ep.Index, i)
		}
		if ids[ep.ID] {
			t.Errorf("episode id %s repeats", ep.ID)
		}
		ids[ep.ID] = true
	}
	again := loadSmall(t).Plan()
	for i := range plan {
		if plan[i].ID != again[i].ID {
			t.Fatalf("plan[%d].ID = %s, then %s; want stable ids", i, plan[i].ID, again[i].ID)
		}
	}
}

// TestRunDeterministic: the same file and seed give byte-identical
// transcripts and summary whatever the concurrency.
func TestRunDeterministic(t *testing.T) {
	x := loadSmall(t)
	var outs []string
	for _, c := range []int{1, 8} {
		dir := t.TempDir()
		mustRunSummarized(t, x, Options{Out: dir, Concurrency: c})
		outs = append(outs, dir)
	}
	for _, name := range []string{TranscriptsFile, SummaryFile, TableMarkdown, TableCSV, LockFile, ReportFile} {
		a := mustRead(t, filepath.Join(outs[0], name))
		b := mustRead(t, filepath.Join(outs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between concurrency 1 and 8", name)
		}
		if len(a) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	// Transcripts are in plan order, one episode a line.
	data, _ := os.ReadFile(filepath.Join(outs[0], TranscriptsFile))
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	plan := x.Plan()
	if len(lines) != len(plan) {
		t.Fatalf("%d transcript lines; want %d", len(lines), len(plan))
	}
	for i, line := range lines {
		var ep transcript.Episode
		if err := json.Unmarshal([]byte(line), &ep); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if ep.EpisodeID != plan[i].ID {
			t.Fatalf("line %d has episode %s; want %s (plan order)", i+1, ep.EpisodeID, plan[i].ID)
		}
		if ep.Error != "" {
			t.Errorf("episode %s failed: %s", ep.EpisodeID, ep.Error)
		}
	}
}

// TestFlippedLabels: the gold label reaches no agent of small.yaml's
// protocols, played on every question (CheckBlind).
func TestFlippedLabels(t *testing.T) {
	x := loadSmall(t)
	if err := x.CheckBlind(context.Background(), len(x.planned().questions)); err != nil {
		t.Fatal(err)
	}
}

func TestEpisodeRecord(t *testing.T) {
	x := loadSmall(t)
	plan := x.Plan()
	for _, ep := range plan {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		wantMsgs := 1
		switch ep.Protocol.Kind {
		case "consultancy":
			wantMsgs = 3 + 1
		case "debate":
			wantMsgs = 2*ep.Protocol.Protocol.Rules().Rounds + 1
		}
		if len(rec.Messages) != wantMsgs {
			t.Errorf("%s: %d messages; want %d", ep.Protocol.Label, len(rec.Messages), wantMsgs)
		}
		last := rec.Messages[len(rec.Messages)-1]
		if last.Role != "judge" {
			t.Errorf("%s: last message by %s; want the judge", ep.Protocol.Label, last.Role)
		}
		if rec.Verdict.Answer != transcript.Unparsed && rec.Correct != (rec.Verdict.Answer == ep.Question.Correct) {
			t.Errorf("%s: correct = %v for answer %d, gold %d", ep.ID, rec.Correct, rec.Verdict.Answer, ep.Question.Correct)
		}
		// Who argued what follows the assignment.
		for _, s := range rec.Seats {
			switch {
			case strings.HasPrefix(ep.Assignment.Name, "assigned-correct") && s.Role == "consultant":
				if s.Argues != ep.Question.Correct {
					t.Errorf("%s: consultant argues %d; want the correct %d", ep.ID, s.Argues, ep.Question.Correct)
				}
			case strings.HasPrefix(ep.Assignment.Name, "assigned-incorrect") && s.Role == "consultant":
				if s.Argues == ep.Question.Correct {
					t.Errorf("%s: consultant argues the correct answer; want the other", ep.ID)
				}
			case strings.HasPrefix(ep.Assignment.Name, "correct-first") && s.Name == "Debater A":
				if s.Argues != ep.Question.Correct || rec.Order[0] != ep.Question.Correct {
					t.Errorf("%s: Debater A argues %d, order %v; want the correct answer first", ep.ID, s.Argues, rec.Order)
				}
			}
		}
	}
}

func TestUnverifiedDebateShowsPlainQuotes(t *testing.T) {
	x := loadSmall(t)
	for _, ep := range x.Plan() {
		if ep.Protocol.Label != "debate-unverified" && ep.Protocol.Label != "debate" {
			continue
		}
		order := answerOrder(ep.Assignment.Order, ep.Question)
		sides := []int{0, 1, -1}
		var rec transcript.Episode
		if err := x.drive(context.Background(), &ep, order, sides, nil, &rec); err != nil {
			t.Fatal(err)
		}
		for _, m := range rec.Messages {
			if m.Role == "debater" && strings.Contains(m.Text, "_quote>") {
				t.Fatalf("a debater's own text carries verification tags: %q", m.Text)
			}
		}
	}
}

func TestVerify(t *testing.T) {
	x := loadSmall(t)
	ref := t.TempDir()
	mustRunSummarized(t, x, Options{Out: ref, Concurrency: 2})
	diff, err := verify(context.Background(), x, ref, Options{Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if diff != "" {
		t.Fatalf("Verify against its own run: %s", diff)
	}

	// Change one number in the reference: Verify must say where.
	path := filepath.Join(ref, SummaryFile)
	data, _ := os.ReadFile(path)
	var sum map[string]any
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	sum["cells"].([]any)[0].(map[string]any)["accuracy"] = 0.1234
	data, _ = json.Marshal(sum)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	diff, err = verify(context.Background(), x, ref, Options{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diff, ").accuracy: 0.1234 → ") {
		t.Errorf("Verify diff = %q; want it to show the changed accuracy", diff)
	}

	if _, err := verify(context.Background(), x, t.TempDir(), Options{Concurrency: 1}); err == nil {
		t.Error("Verify with no reference: got no error")
	}
}

func TestRunCancelled(t *testing.T) {
	x := loadSmall(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	res, err := runSummarized(ctx, x, Options{Out: dir, Concurrency: 2})
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Run with a cancelled context: err = %v; want ErrInterrupted and context.Canceled", err)
	}
	if res == nil || res.Summary.Episodes != 0 || !strings.Contains(res.Summary.Partial, "interrupted after 0 of") {
		t.Fatalf("result %+v; want an empty summary marked partial", res)
	}
	if err.Error() != res.Summary.Partial {
		t.Errorf("err = %q; want the partial alone, %q (it said interrupted twice, and context canceled)", err, res.Summary.Partial)
	}
	if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err != nil {
		t.Errorf("an interrupted run wrote no %s: %v", SummaryFile, err)
	}
}

func TestQuestionsHash(t *testing.T) {
	x := loadSmall(t)
	task := x.Tasks[0]
	h := task.QuestionsSHA256()
	if len(h) != 64 {
		t.Fatalf("hash %q; want 64 hex digits", h)
	}
	changed := *task
	changed.Questions = append([]tasks.Question(nil), task.Questions...)
	changed.Questions[0].Text += " "
	if changed.QuestionsSHA256() == h {
		t.Error("changing a question left the hash unchanged")
	}
	// A group is what the statistics resample, not what is played: a run
	// begun before loaders named groups resumes on the same questions.
	changed.Questions[0].Text = task.Questions[0].Text
	changed.Questions[0].Group = "article-1"
	if changed.QuestionsSHA256() != h {
		t.Error("giving a question a group changed the hash")
	}
}

func TestTournamentExpands(t *testing.T) {
	x := mustParse(t, "t.yaml", `name: t
agents:
  a: {backend: sim, skill: 0.9}
  b: {backend: sim, skill: 0.6}
  c: {backend: sim, skill: 0.3}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 4}
protocols:
  - {name: direct, judge: j}
tournament:
  debaters: [a, b, c]
  judge: j
  rounds: 2
`)
	var labels []string
	for _, p := range x.Protocols {
		labels = append(labels, p.Label)
		if p.Kind == "debate" {
			if got := len(p.Protocol.Assignments()); got != 4 {
				t.Errorf("%s: %d assignments; want 2 orders × 2 seatings", p.Label, got)
			}
			if r := p.Protocol.Rules().Rounds; r != 2 {
				t.Errorf("%s: %d rounds; want the tournament's 2", p.Label, r)
			}
		}
	}
	if got, want := strings.Join(labels, ","), "direct,a-vs-b,a-vs-c,b-vs-c"; got != want {
		t.Errorf("protocols %s; want %s", got, want)
	}
}

// TestClosedTaskSharesTheContext: on a closed task the judge's view holds
// the article (and no evidence pool); on an extractive one it holds
// neither. The judge alone then reads the answer itself.
func TestClosedTaskSharesTheContext(t *testing.T) {
	x := mustLoad(t, "../experiments/closed-vs-extractive.yaml")
	for _, task := range x.Tasks {
		q := &task.Questions[0]
		hidden, open := views(q, [2]int{0, 1})
		shared := task.Name == "closed"
		if (hidden.Context != "") != shared || hidden.Shared != shared || len(hidden.Evidence) != 0 {
			t.Errorf("%s: judge view context %q shared %v, %d claims; want context and shared %v, no claims", task.Name, hidden.Context, hidden.Shared, len(hidden.Evidence), shared)
		}
		if open.Context == "" || len(open.Evidence) == 0 || open.Shared != shared {
			t.Errorf("%s: a debater's view lacks the context or evidence", task.Name)
		}
	}
	res, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	acc := map[string]float64{}
	for _, c := range res.Summary.Cells {
		acc[c.Protocol+"/"+c.Task] = c.Accuracy
	}
	if acc["judge-alone/closed"] < 0.8 || acc["judge-alone/extractive"] > 0.65 {
		t.Errorf("judge alone: %.2f closed, %.2f extractive; want the shared article to make the difference", acc["judge-alone/closed"], acc["judge-alone/extractive"])
	}
}

// TestNoTextQuestionSaysSo: a question with no hidden text (MMLU) is
// marked so in every seat's view, the judge's included, so that no prompt
// tells the judge of a text only the debaters read; one with a text is
// not.
func TestNoTextQuestionSaysSo(t *testing.T) {
	for _, c := range []struct {
		context string
		want    bool
	}{{"", true}, {"The cooper shaped the staves.", false}} {
		q := &tasks.Question{ID: "q", Family: transcript.FamilyQA, Text: "Which tool?", Answers: [2]string{"adze", "kiln"}, Context: c.context}
		hidden, open := views(q, [2]int{1, 0})
		if hidden.NoContext != c.want || open.NoContext != c.want {
			t.Errorf("context %q: judge's view no_context %v, debater's %v; want both %v", c.context, hidden.NoContext, open.NoContext, c.want)
		}
	}
}

// TestNoSideLabelsReachAnswerers: a seat that decides or answers and may
// read the hidden context (the judge with the article, a society's
// agents, a protagonist choosing its side) gets the text but not the
// evidence pool, whose claims are labelled by the answer they argue for.
// Its episode is identical when the gold label and every claim's side
// label are permuted.
func TestNoSideLabelsReachAnswerers(t *testing.T) {
	x := loadSmall(t)
	checked := 0
	for _, ep := range x.Plan() {
		if ep.Repeat != 0 || len(ep.Question.Evidence) == 0 {
			continue
		}
		argues := false
		for _, s := range ep.Assignment.Seats {
			argues = argues || s.Act == protocols.Argue
		}
		if argues {
			continue // arguing seats read the pool; their judges read them
		}
		order := answerOrder(ep.Assignment.Order, ep.Question)
		sides := make([]int, len(ep.Assignment.Seats))
		for i, s := range ep.Assignment.Seats {
			sides[i] = seatSide(s.Stance, order, ep.Question.Correct)
		}
		var orig, got transcript.Episode
		if err := x.drive(context.Background(), &ep, order, sides, nil, &orig); err != nil {
			t.Fatal(err)
		}
		permuted := *ep.Question
		permuted.Correct = 1 - permuted.Correct
		permuted.Evidence = slices.Clone(permuted.Evidence)
		for i := range permuted.Evidence {
			permuted.Evidence[i].Answer = 1 - permuted.Evidence[i].Answer
		}
		hidden, open := views(ep.Question, order)
		for _, s := range ep.Assignment.Seats {
			req, err := request(ep.Protocol.Protocol, nil, s, transcript.NoSide, 1, hidden, open, nil, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s.SeesContext && (req.View.Context == "" || len(req.View.Evidence) > 0) {
				t.Fatalf("%s: seat %s gets context %d bytes and %d labelled claims; want the text and no claims", ep.Protocol.Label, s.Name, len(req.View.Context), len(req.View.Evidence))
			}
			// Whom a remark speaks to reaches the agent.
			s.Act, s.Addresses = protocols.Remark, "Debater B"
			if req, _ := request(ep.Protocol.Protocol, nil, s, transcript.NoSide, 1, hidden, open, nil, 1, nil); req.Addressee != "Debater B" || !req.Remark {
				t.Fatalf("%s: a remark to Debater B asked with addressee %q", ep.Protocol.Label, req.Addressee)
			}
		}
		pep := ep
		pep.Question = &permuted
		if err := x.drive(context.Background(), &pep, order, sides, nil, &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(orig.Messages, got.Messages); diff != "" || orig.Verdict != got.Verdict {
			t.Fatalf("%s: the episode changed when the gold and side labels were permuted:\n%s", ep.Protocol.Label, diff)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no episode of a seat that decides with the hidden context: the test checks nothing")
	}
}

// TestInterruptedSaysItOnce: an interruption said in its own words wraps
// ErrInterrupted and context.Canceled, and says neither again.
func TestInterruptedSaysItOnce(t *testing.T) {
	err := Interrupted("interrupted before the replicate at seed 3")
	if err.Error() != "interrupted before the replicate at seed 3" || !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Errorf("Interrupted: %q; want its words alone, wrapping ErrInterrupted and context.Canceled", err)
	}
}
