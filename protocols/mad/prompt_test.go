package mad_test

import (
	"flag"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestPromptsGolden(t *testing.T) {
	p := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\n")
	seats := p.Assignments()[0].Seats // affirmative, negative, moderator, judge
	turns := []transcript.Turn{
		{Round: 1, Role: transcript.RoleDebater, Name: "Affirmative", Side: 0,
			Text: "I argue that the answer is A: \"teal\".\nThe article says " + quotes.Wrap(protocoltest.KeyQuote) + "\n"},
		{Round: 1, Role: transcript.RoleDebater, Name: "Negative", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(protocoltest.NearMiss) + "\n"},
	}
	answerer := seats[0]
	answerer.Role = transcript.RoleAnswerer
	all := map[string]protocols.Prompt{
		"answerer": {Seat: answerer, Side: transcript.NoSide, Rounds: 3, QuotesVerified: true, View: protocoltest.View(true)},
		"negative": {Seat: seats[1], Side: 1, Round: 2, Rounds: 3, WordLimit: 150, QuotesVerified: true, View: protocoltest.View(true), Transcript: turns},
		// The affirmative speaks first in a round, the negative reading it.
		"affirmative": {Seat: seats[0], Side: 0, Round: 2, Rounds: 3, WordLimit: 150, QuotesVerified: true, View: protocoltest.View(true), Transcript: turns},
		"moderator":   {Seat: seats[2], Side: transcript.NoSide, Round: 1, Rounds: 3, QuotesVerified: true, View: protocoltest.View(false), Transcript: protocoltest.Verified(turns)},
		"judge":       {Seat: seats[3], Side: transcript.NoSide, Round: 4, Rounds: 3, QuotesVerified: true, View: protocoltest.View(false), Transcript: protocoltest.Verified(turns)},
		// One round: no moderator spoke, and the judge is told of none.
		"judge-one-round": {Seat: seats[3], Side: transcript.NoSide, Round: 2, Rounds: 1, QuotesVerified: true, View: protocoltest.View(false), Transcript: protocoltest.Verified(turns)},
	}
	// One round: no moderator speaks, and the debaters are told of none.
	one := all["negative"]
	one.Round, one.Rounds, one.Transcript = 1, 1, nil
	all["negative-one-round"] = one
	// Two rounds: the moderator speaks after the first alone, and the
	// debaters are told it may end the debate early.
	two := all["negative"]
	two.Rounds = 2
	all["negative-two-rounds"] = two
	// Quotes left unchecked (verify_quotes: false): the debaters are told.
	unverified := all["negative"]
	unverified.QuotesVerified = false
	all["negative-unverified"] = unverified
	protocoltest.NoText(all, "negative", "moderator", "judge")
	protocoltest.RenderGolden(t, p, all, *update)
}

// TestPromptsGoldenSettled: with verdict: moderator the moderator is told
// which round is over, and when it is the last, where "Preference: none"
// no longer lets the debate go on but leaves it to the judge; the judge
// is told it decides only what the moderator left undecided, and the
// debaters that the side the moderator prefers wins.
func TestPromptsGoldenSettled(t *testing.T) {
	p := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\nverdict: moderator\n")
	seats := p.Assignments()[0].Seats
	turns := protocoltest.Verified([]transcript.Turn{
		{Round: 1, Role: transcript.RoleDebater, Name: "Affirmative", Side: 0, Text: "I argue for A.\n"},
		{Round: 1, Role: transcript.RoleDebater, Name: "Negative", Side: 1, Text: "I argue for B.\n"},
		{Round: 1, Role: transcript.RoleModerator, Name: "Moderator", Side: transcript.NoSide, Text: "Preference: none\n"},
	})
	all := map[string]protocols.Prompt{
		"settles-moderator-1":    {Seat: seats[2], Side: transcript.NoSide, Round: 1, Rounds: 3, QuotesVerified: true, View: protocoltest.View(false), Transcript: turns[:2]},
		"settles-moderator-last": {Seat: seats[2], Side: transcript.NoSide, Round: 3, Rounds: 3, QuotesVerified: true, View: protocoltest.View(false), Transcript: turns},
		"settles-negative":       {Seat: seats[1], Side: 1, Round: 2, Rounds: 3, WordLimit: 150, QuotesVerified: true, View: protocoltest.View(true), Transcript: turns},
		"settles-judge":          {Seat: seats[3], Side: transcript.NoSide, Round: 4, Rounds: 3, QuotesVerified: true, View: protocoltest.View(false), Transcript: turns},
	}
	protocoltest.RenderGolden(t, p, all, *update)
}
