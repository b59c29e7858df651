package report

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mootlab/moot/internal/browsertest"
	"github.com/mootlab/moot/transcript"
)

// TestReportShowsWhatTheJudgeRead: a grader's verdict reads as the grade
// of one seat's answer, not as a choice of the answer under its slot (B
// read as "walnut" where the grader said "incorrect"); a best-of-N
// candidate set aside and a call no seat read (a scorer's, an interim
// verdict) are marked as such, not drawn as turns the judge read; a link
// to an episode pasted into the open page opens it; a model's reasoning is
// folded beside its reply, the model a server said answered is named, and
// an answer asked again says so.
func TestReportShowsWhatTheJudgeRead(t *testing.T) {
	ctx := browsertest.New(t, 1280, 1100, 2*time.Minute)
	dir := t.TempDir()
	eps := testEpisodes()
	eps[0].Graded = &transcript.Graded{Seat: "Exam-taker", Agent: "ace", Answer: 0, Call: transcript.GradeIncorrect}
	score := 0.25
	m := &eps[1].Messages[0]
	m.Candidate, m.Discarded, m.Score, m.Aside = 2, true, &score, true
	eps[2].Messages[0].Reasoning = "The passage names the keeper twice."
	eps[2].Messages[0].ServedModel = "m-2026-01-01"
	eps[2].Messages[2].Sample = 1
	eps[1].Verdict.Parse = transcript.ParsedModerator
	writeRun(t, dir, eps, "")
	openReport(t, ctx, dir)
	open := func(i string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`#episode-rows tr[data-index="`+i+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#detail .conversation`)),
		); err != nil {
			t.Fatalf("opening episode %s: %v", i, err)
		}
	}
	open("0")
	verdict := browsertest.Eval[string](t, ctx, `document.getElementById("verdict").textContent`)
	if !strings.Contains(verdict, "graded Exam-taker's answer") || !strings.Contains(verdict, ": incorrect") {
		t.Errorf("a grader's verdict reads %q; want the grade of Exam-taker's answer", verdict)
	}
	if tags := browsertest.Eval[string](t, ctx, `document.querySelector("#detail .answers").textContent`); strings.Contains(tags, "judge's choice") {
		t.Errorf("a grader's answers read %q; want no judge's choice among them", tags)
	}

	// A link pasted into the open page opens its episode.
	browsertest.Eval[chromedp.Void](t, ctx, `location.hash = "#episode=`+eps[2].EpisodeID+`"`)
	shown := ""
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && shown != eps[2].EpisodeID; time.Sleep(50 * time.Millisecond) {
		shown = browsertest.Eval[string](t, ctx, `(document.querySelector("#detail dl.meta dd") || {}).textContent || ""`)
	}
	if shown != eps[2].EpisodeID {
		t.Errorf("a link to episode %s pasted into the open page shows %q", eps[2].EpisodeID, shown)
	}
	// A model's thinking beside its reply is there, folded, and marked as
	// read by no other seat; a message without has none.
	thought := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll("#detail .msg")].map(m => { const d = m.querySelector("details.reasoning"); return d ? (d.open ? "open:" : "") + d.textContent : "-"; }).join(" | ")`)
	if !strings.HasPrefix(thought, "reasoning (no other seat read it)The passage names the keeper twice. | -") {
		t.Errorf("the messages' reasoning reads %q; want the first message's, folded, and none on the next", thought)
	}
	// The model the server said answered is named in the message's head.
	if head := browsertest.Eval[string](t, ctx, `document.querySelector("#detail .msg .sub").textContent`); !strings.Contains(head, "served by m-2026-01-01") {
		t.Errorf("the first message's head reads %q; want the model that served it", head)
	}

	// A judge asked again, its verdict line missing, is said to be so
	// from its first ask again (sample 1, which read as no ask again).
	if head := browsertest.Eval[string](t, ctx, `document.querySelectorAll("#detail .msg")[2].querySelector(".sub").textContent`); !strings.Contains(head, "asked again (1)") {
		t.Errorf("the judge's message asked again has a head reading %q; want it said asked again (1)", head)
	}

	// A debate MAD's moderator settled names the moderator's choice.
	open("1")
	if tags := browsertest.Eval[string](t, ctx, `document.querySelector("#detail .answers").textContent`); !strings.Contains(tags, "moderator's choice") || strings.Contains(tags, "judge's choice") {
		t.Errorf("a settled debate's answers read %q; want the moderator's choice, no judge's", tags)
	}

	open("1")
	first := browsertest.Eval[string](t, ctx, `(() => { const m = document.querySelector("#detail .msg"); return m.className + " | " + m.textContent; })()`)
	for _, want := range []string{"unread", "candidate 2 (score 0.25)", "set aside", "aside: no seat read it"} {
		if !strings.Contains(first, want) {
			t.Errorf("a candidate set aside reads %q; want %q in it", first, want)
		}
	}
}
