package engine

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestInteractiveConsultancy: the judge asks the consultant between rounds,
// quoting the claim it asks about; the consultant reads the question; and
// because asking directs the judge's scrutiny, a misleading consultant is
// caught more often than without questions.
func TestInteractiveConsultancy(t *testing.T) {
	x := mustParse(t, "int.yaml", `name: interactive
seed: 5
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 200, difficulty: 0.6}
protocols:
  - {name: consultancy, judge: judge, consultant: strong}
  - {name: consultancy, label: interactive, judge: judge, consultant: strong, interactive: true}
`)
	res, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	incorrect := map[string]float64{}
	for _, c := range res.Summary.Cells {
		for _, p := range c.Breakdown {
			if p.Assignment == "assigned-incorrect" {
				incorrect[c.Protocol] = p.Accuracy
			}
		}
	}
	if incorrect["interactive"] <= incorrect["consultancy"]+0.05 {
		t.Errorf("judge accuracy when the consultant is assigned the wrong answer: %.2f interactive, %.2f not; want questions to help", incorrect["interactive"], incorrect["consultancy"])
	}
	for _, ep := range x.Plan()[:6] {
		if ep.Protocol.Label != "interactive" {
			continue
		}
		rec := x.play(context.Background(), &ep)
		var questions int
		for i, m := range rec.Messages {
			if m.Role != transcript.RoleQuestioner {
				continue
			}
			questions++
			if next := rec.Messages[i+1]; next.Role != transcript.RoleConsultant || next.Round != m.Round+1 {
				t.Errorf("%s: after the question of round %d comes %s in round %d; want the consultant's next turn", ep.ID, m.Round, next.Role, next.Round)
			}
			if !strings.HasSuffix(strings.TrimSpace(m.Text), "?") {
				t.Errorf("%s: the judge's question %q is not a question", ep.ID, m.Text)
			}
		}
		if questions != 2 {
			t.Errorf("%s: %d questions; want one after each of the first two rounds", ep.ID, questions)
		}
	}
}

// TestQuotesOfSeatsThatCannotReadAreNotChecked: the judge's questions
// quote the consultant's claims, but the judge may not read the text, and
// a check of its quotes would tell it whether a sentence of its choosing
// is there: they stay as written (no shown text), where the consultant's
// are marked. On a closed task, where the judge reads the text too, a
// check tells it nothing new: every seat's quotes are marked. A rejudge
// by the same judge rebuilds the turns the same way: it reads the prompts
// the run's judge read, to the hash.
func TestQuotesOfSeatsThatCannotReadAreNotChecked(t *testing.T) {
	for _, closed := range []bool{false, true} {
		task := "{name: qa, generator: qa, n: 3}"
		if closed {
			task = "{name: qa, generator: qa, n: 3, variant: closed}"
		}
		x := mustParse(t, "int.yaml", `name: interactive
seed: 5
agents:
  strong: {backend: sim, skill: 0.9}
  judge: {backend: sim, skill: 0.5, diligence: 0.2}
tasks:
  - `+task+`
protocols:
  - {name: consultancy, judge: judge, consultant: strong, interactive: true}
`)
		run, again := t.TempDir(), t.TempDir()
		mustRunSummarized(t, x, Options{Out: run})
		if _, err := rejudgeSummarized(context.Background(), x, run, "judge", Options{Out: again}); err != nil {
			t.Fatal(err)
		}
		played := readTranscripts(t, run)
		asked, marked := questionQuotes(t, played, closed)
		if asked == 0 || marked == 0 {
			t.Errorf("closed %v: %d questions quoting a claim, %d consultant turns with a verified quote; want both", closed, asked, marked)
		}
		for i, ep := range readTranscripts(t, again) {
			if a, b := judgePrompts(played[i]), judgePrompts(ep); !slices.Equal(a, b) {
				t.Errorf("closed %v, %s: the rejudge's judge read prompts %q; the run's judge read %q", closed, played[i].QuestionID, b, a)
			}
		}
	}
}

// questionQuotes checks that the judge's questions in eps were shown with
// their quotes marked if and only if checked says so (else as written,
// with no shown text). It counts the questions that quote and the
// consultant turns shown with a verified quote.
func questionQuotes(t *testing.T, eps []transcript.Episode, checked bool) (asked, marked int) {
	t.Helper()
	for _, ep := range eps {
		for _, m := range ep.Messages {
			switch m.Role {
			case transcript.RoleQuestioner:
				if !checked && m.Shown != "" {
					t.Errorf("%s: the judge's question %q was shown as %q; want it as written", ep.QuestionID, m.Text, m.Shown)
				}
				if !strings.Contains(m.Text, "<quote>") {
					continue
				}
				asked++
				if checked && !strings.Contains(m.Shown, "_quote>") {
					t.Errorf("%s: the judge's question %q was shown as %q; want its quotes checked", ep.QuestionID, m.Text, m.Shown)
				}
			case transcript.RoleConsultant:
				if strings.Contains(m.Shown, "<v_quote>") {
					marked++
				}
			}
		}
	}
	return asked, marked
}

// judgePrompts are the hashes of the prompts the judge of ep read.
func judgePrompts(ep transcript.Episode) []string {
	var out []string
	for _, m := range ep.Messages {
		if m.Role == transcript.RoleJudge {
			out = append(out, m.PromptSHA256)
		}
	}
	return out
}
