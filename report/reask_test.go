package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// answer is a message of seat "Agent 1", an answerer, in round, its ask
// sample (0 the first) with its text and shown text.
func answer(round, sample int, text, shown string) transcript.Message {
	return transcript.Message{Round: round, Name: "Agent 1", Role: transcript.RoleAnswerer, Agent: "ace", Text: text, Shown: shown, Sample: sample}
}

// checkShown checks what the page shows of each of msgs, one episode's
// messages.
func checkShown(t *testing.T, msgs []transcript.Message, want []string) {
	t.Helper()
	ep := testEpisodes()[0]
	ep.Messages = msgs
	var got []string
	for _, m := range newEpisodeView(&ep).Messages {
		got = append(got, m.Text)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the messages read (-want +got):\n%s", diff)
	}
}

// TestAnAnswerAskedAgainShowsEachReplyOnce: an answer whose verdict line
// was missing was read as its first reply's reasons and its last reply
// together, which the last message's shown text holds. The page shows
// each reply once, with its quotes marked as they were read: the reasons
// under the first message, the verdict line under the last (before, the
// reasons stood twice). A reply between them, which no one read, stays as
// it was written; a seat's other turns and a shown text that does not
// split are left whole.
func TestAnAnswerAskedAgainShowsEachReplyOnce(t *testing.T) {
	reasons := "The keeper is named: <quote>the keeper locked the gate</quote>.\n\nSo it is the keeper.\n"
	marked := "The keeper is named: <v_quote>the keeper locked the gate</v_quote>.\n\nSo it is the keeper."
	msgs := []transcript.Message{
		answer(1, 0, "<quote>a gate</quote> Answer: B", "<u_quote>a gate</u_quote> Answer: B"),
		answer(2, 0, reasons, ""),
		answer(2, 1, "I cannot say.", ""),
		answer(2, 2, "Answer: A", marked+"\n\nAnswer: A"),
		answer(3, 0, "Answer: <quote>open", ""),
		answer(3, 1, "the gate</quote> Answer: A", "Answer: <v_quote>open\n\nthe gate</v_quote> Answer: A"),
	}
	want := []string{
		"<u_quote>a gate</u_quote> Answer: B",
		marked,
		"I cannot say.",
		"Answer: A",
		"Answer: <quote>open",
		"Answer: <v_quote>open\n\nthe gate</v_quote> Answer: A",
	}
	checkShown(t, msgs, want)
}

// TestAnAnswerAskedAgainWhoseQuoteSpansItsRepliesIsNotSplit: a first
// reply whose last quote tag opens after its last close (as many tags
// opened as closed, but one left open) had its quote closed, and marked,
// in the reply asked again; split there, each message would show half a
// marked quote. It is left whole, as a tag left open is. A first reply
// whose quotes all close splits, a tag inside a quote included.
func TestAnAnswerAskedAgainWhoseQuoteSpansItsRepliesIsNotSplit(t *testing.T) {
	msgs := []transcript.Message{
		answer(1, 0, "A stray </quote>, then <quote>the keeper", ""),
		answer(1, 1, "locked the gate</quote> Answer: A", "A stray </quote>, then <v_quote>the keeper\n\nlocked the gate</v_quote> Answer: A"),
		answer(2, 0, "<quote>the <quote>keeper</quote> So A.", ""),
		answer(2, 1, "Answer: A", "<u_quote>the <quote>keeper</u_quote> So A.\n\nAnswer: A"),
	}
	want := []string{
		"A stray </quote>, then <quote>the keeper",
		"A stray </quote>, then <v_quote>the keeper\n\nlocked the gate</v_quote> Answer: A",
		"<u_quote>the <quote>keeper</u_quote> So A.",
		"Answer: A",
	}
	checkShown(t, msgs, want)
}

// TestAnAnswerAskedAgainIsSplitWithItsOwnFirstAsk: the reasons an answer
// asked again was read with are its own first ask's: the nearest message
// before it of the same seat, role and round that was neither an ask
// again nor a candidate. Another seat's message, another role's, another
// round's or a candidate that reads otherwise is not taken for it, nor is
// an earlier answer of the seat in the round; an ask again whose first ask
// is not there is left whole, whatever message stands first.
func TestAnAnswerAskedAgainIsSplitWithItsOwnFirstAsk(t *testing.T) {
	msg := func(name string, role transcript.Role, round, sample, candidate int, text, shown string) transcript.Message {
		return transcript.Message{Round: round, Name: name, Role: role, Agent: "ace", Text: text, Shown: shown, Sample: sample, Candidate: candidate}
	}
	ans := transcript.RoleAnswerer
	msgs := []transcript.Message{
		msg("Agent 2", ans, 1, 0, 0, "So it is the gate.", ""),
		msg("Agent 1", ans, 1, 1, 0, "Answer: B", "So it is the gate.\n\nAnswer: B"),
		msg("Agent 1", ans, 2, 0, 0, "Earlier: <quote>a gate</quote>.", ""),
		msg("Agent 1", ans, 2, 1, 0, "Answer: B", "Earlier: <v_quote>a gate</v_quote>.\n\nAnswer: B"),
		msg("Agent 1", ans, 2, 0, 0, "Named: <quote>the keeper</quote>.", ""),
		msg("Agent 2", ans, 2, 0, 0, "Another seat.", ""),
		msg("Agent 1", transcript.RoleJudge, 2, 0, 0, "Another role.", ""),
		msg("Agent 1", ans, 1, 0, 0, "Another round.", ""),
		msg("Agent 1", ans, 2, 0, 1, "A candidate.", ""),
		msg("Agent 1", ans, 2, 2, 0, "Answer: A", "Named: <v_quote>the keeper</v_quote>.\n\nAnswer: A"),
	}
	want := []string{
		"So it is the gate.",
		"So it is the gate.\n\nAnswer: B",
		"Earlier: <v_quote>a gate</v_quote>.",
		"Answer: B",
		"Named: <v_quote>the keeper</v_quote>.",
		"Another seat.",
		"Another role.",
		"Another round.",
		"A candidate.",
		"Answer: A",
	}
	checkShown(t, msgs, want)
}

// TestAnAnswerAskedAgainBeforeItsFirstRepliesWereReadIsNotSplit: in a
// record written before 2026-12-07 an answer asked again was read as its
// last reply alone, which its shown text is. A last reply that repeats
// the first before its verdict line does not split there: the first
// reply, which no one read, shows as it was written, and the last whole.
func TestAnAnswerAskedAgainBeforeItsFirstRepliesWereReadIsNotSplit(t *testing.T) {
	msgs := []transcript.Message{
		answer(1, 0, "See <quote>the gate</quote>.", ""),
		answer(1, 1, "See <quote>the gate</quote>.\n\nAnswer: A", "See <v_quote>the gate</v_quote>.\n\nAnswer: A"),
	}
	want := []string{"See <quote>the gate</quote>.", "See <v_quote>the gate</v_quote>.\n\nAnswer: A"}
	checkShown(t, msgs, want)
}
