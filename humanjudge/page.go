package humanjudge

import (
	"github.com/mootlab/moot/transcript"
	"strings"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
)

// stateJSON is what GET /api/state answers: the annotator's progress and
// the episode to judge now, if any is left.
type stateJSON struct {
	Annotator string       `json:"annotator"`
	Judged    int          `json:"judged"`
	Total     int          `json:"total"`
	Remaining int          `json:"remaining"`
	Episode   *episodeJSON `json:"episode,omitempty"`
}

// episodeJSON is an episode as the page shows it: only what the
// protocol's judge reads. Its fields are listed, not derived from the
// engine's types, so that a field added there reaches no page unseen.
type episodeJSON struct {
	// Position is the episode's place among the annotator's, from 1; a
	// verdict names it.
	Position int `json:"position"`
	// Key names the episode to the server without saying which it is:
	// a verdict carries it back, and one for an episode other than the
	// one to judge now is refused (a page left open while the server was
	// started again on another queue). It is an HMAC of the episode's id
	// under a secret the page never gets, kept in the annotator's folder
	// (KeyFile; Server.pageKey).
	Key    string `json:"key"`
	Format string `json:"format"`
	// Instructions are the judge's system message, as the protocol's
	// judge reads it: what it is told of the format — a consultant
	// assigned its answer at random, or one that chose it; one of two
	// debaters arguing a wrong answer — without which a person would
	// judge an assigned and an open consultancy alike.
	Instructions string `json:"instructions,omitempty"`
	Question     string `json:"question"`
	Exhibit      string `json:"exhibit,omitempty"`
	// Context is set only when the protocol's judge reads it.
	Context string `json:"context,omitempty"`
	// NoContext is set where the question has no hidden text at all
	// (MMLU): the speakers read only what the person reads.
	NoContext bool `json:"no_context,omitempty"`
	// Reference is the reference answer the protocol's judge reads
	// (reference:, docs/judges.md), as the judge's prompt gives it.
	Reference string `json:"reference,omitempty"`
	// Answers are the options in the order shown, A then B; none where
	// the judge grades one answer (Graded), which it reads alone.
	Answers []string `json:"answers,omitempty"`
	// Graded is set where the protocol's judge grades one seat's answer
	// (pointwise grading): that answer, whose reasons are the turns. The
	// verdict "A" calls it correct, "B" incorrect.
	Graded         string     `json:"graded,omitempty"`
	QuotesVerified bool       `json:"quotes_verified"`
	Rounds         int        `json:"rounds"`
	Turns          []turnJSON `json:"turns"`
}

// turnJSON is one turn the judge read.
type turnJSON struct {
	Round   int    `json:"round"`
	Speaker string `json:"speaker"`
	Role    string `json:"role"`
	// Argues is the slot ("A" or "B") the speaker argues for, "" for none.
	Argues string     `json:"argues,omitempty"`
	Parts  []partJSON `json:"parts"`
}

// partJSON is a run of a turn's text: plain, or a quote with its mark.
type partJSON struct {
	Text string `json:"text"`
	// Quote is "verified" (found in the context), "unverified" (not
	// found) or "unchecked" (quotes are not verified); "" for plain text.
	Quote string `json:"quote,omitempty"`
}

// pageEpisode is seat's episode, at position, as the page shows it: the
// engine's request to the judge, field by field.
func pageEpisode(seat *engine.JudgeSeat, position int) *episodeJSON {
	req := &seat.Request
	ep := &episodeJSON{
		Position: position, Format: seat.Kind, Question: req.View.Question, Exhibit: req.View.Exhibit,
		Context: req.View.Context, NoContext: req.View.NoContext, Answers: req.View.Answers[:], QuotesVerified: req.QuotesVerified, Rounds: req.Rounds,
		Turns: make([]turnJSON, 0, len(req.Transcript)), Graded: seat.Graded,
	}
	for _, m := range req.Messages {
		if m.Role == "system" {
			ep.Instructions = m.Content
			break
		}
	}
	// The reference as the protocol's judge reads it: which answer it
	// gives (in the letters of this page), whether it is the gold answer,
	// and an agent's reasons without their verdict line, which name the
	// options as that agent read them.
	if note, err := protocols.ReferenceNote(req.View, seat.Graded != ""); err == nil {
		ep.Reference = strings.NewReplacer("<reference>\n", "\n", "\n</reference>", "").Replace(note)
	}
	if ep.Graded != "" {
		// A grader reads the one answer and its reasons, as the
		// protocol's prompt gives them: not the options, nor the letter
		// the candidate chose among them.
		ep.Answers = nil
	}
	for _, t := range req.Transcript {
		text := t.Text
		if ep.Graded != "" {
			text = protocols.Reasons(text)
		}
		tj := turnJSON{Round: t.Round, Speaker: t.Name, Role: string(t.Role), Parts: splitQuotes(text)}
		if t.Role == transcript.RoleQuestioner {
			// An interactive protocol's questions were asked by the
			// run's own judge: the consultant answered them, and the
			// person reads them as the record has them, not as theirs.
			tj.Speaker = t.Name + " (the run's model judge, not you)"
		}
		if (t.Side == 0 || t.Side == 1) && ep.Graded == "" {
			tj.Argues = string(rune('A' + t.Side))
		}
		ep.Turns = append(ep.Turns, tj)
	}
	return ep
}

// quoteMarks are the marks each kind of quote is shown with.
var quoteMarks = map[quotes.Status]string{quotes.Verified: "verified", quotes.Unverified: "unverified", quotes.Unchecked: "unchecked"}

// splitQuotes cuts text into plain runs and quotes, the tags taken off;
// an unclosed tag stays in the text as it is.
func splitQuotes(text string) []partJSON {
	parts := []partJSON{}
	for p := range quotes.Parts(text) {
		part := partJSON{Text: p.Text}
		if p.Quote {
			part.Quote = quoteMarks[p.Status]
		}
		parts = append(parts, part)
	}
	return parts
}
