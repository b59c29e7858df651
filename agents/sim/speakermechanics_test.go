package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// lanternContext is an article for the lantern question: a sound sentence
// for each answer and one for A that lacks the key term "kessmoor".
const lanternContext = soundA + " " + soundB + " " + offPlaceA

// lanternSpeaker is Debater A's (side 0) or B's request on the lantern
// question, the article in view, with evidence for it and the turns seen.
func lanternSpeaker(side int, verified bool, evidence []string, seen ...transcript.Turn) agents.Request {
	v := transcript.View{
		QuestionID: "lantern", Family: "qa", Question: lanternQuestion,
		Answers: [2]string{"red", "blue"}, Context: lanternContext, Difficulty: 0.5,
	}
	for _, e := range evidence {
		v.Evidence = append(v.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: side, Text: e})
	}
	return agents.Request{
		Role: transcript.RoleDebater, Name: "Debater " + slot(side), Side: side, Round: 2, Rounds: 3,
		QuotesVerified: verified, View: v, Transcript: seen,
		Messages: []transcript.ChatMessage{{Role: "user", Content: "Write your turn."}},
	}
}

// citedShare is the share of seeds 1..n whose turn cites text as new
// evidence ("The article says").
func citedShare(t *testing.T, s Settings, req agents.Request, text string, n int) float64 {
	t.Helper()
	a := New(s)
	hits := 0
	for seed := 1; seed <= n; seed++ {
		req.Seed = uint64(seed)
		if strings.Contains(mustGenerate(t, a, req).Text, "The article says "+quotes.Wrap(text)) {
			hits++
		}
	}
	return float64(hits) / float64(n)
}

// TestSpeakerFindsBySharedKeyTerms: a speaker finds a piece of evidence
// with chance 1 − (1 − σ(6·(skill − difficulty)))^hooks, hooks the key
// terms it shares with the question (docs/simulation.md, Finding
// evidence). At skill = difficulty each hook catches with chance ½: a
// sentence sharing one key term is found with chance 0.5, one sharing two
// with 0.75, four 0.9375; at skill 1 and difficulty 0.75 one hook catches
// with σ(1.5) ≈ 0.82. Skill 1 values without noise, and each is worth
// citing (3 − 0.7 × the terms it lacks > 0).
func TestSpeakerFindsBySharedKeyTerms(t *testing.T) {
	for _, tt := range []struct {
		sentence   string
		difficulty float64
		want       float64
	}{
		{"The red lantern was old.", 1, 0.5},                         // lantern
		{"The red lantern came from Kessmoor.", 1, 0.75},             // lantern, kessmoor
		{"Ortha Ashby carried a red lantern home.", 1, 0.9375},       // lantern, ortha, ashby, carried
		{"The red lantern was old.", 0.75, 1 / (1 + math.Exp(-1.5))}, // one hook, σ(6 × 0.25)
	} {
		t.Run(tt.sentence, func(t *testing.T) {
			req := lanternSpeaker(0, true, []string{tt.sentence})
			req.View.Context += " " + tt.sentence
			req.View.Difficulty = tt.difficulty
			if got := citedShare(t, Settings{Skill: 1}, req, tt.sentence, seeds); math.Abs(got-tt.want) > 0.03 {
				t.Errorf("difficulty %g: share of turns citing it = %.3f; want %.4f ± 0.03", tt.difficulty, got, tt.want)
			}
		})
	}
}

// TestSpeakerCitesANewClaimWithinHalfOfItsBest: a speaker cites the best
// new claim if it is within 0.5 of the best it has already cited, and
// values a verbatim quote at 3 − 0.7 × the key terms it lacks; with quotes
// not verified, an invented one at 3·deception − 0.7 × missed
// (docs/simulation.md, Speakers, 2 and 3). Its sound quote, cited before,
// is worth 3. Skill 1 values without noise.
func TestSpeakerCitesANewClaimWithinHalfOfItsBest(t *testing.T) {
	const (
		invented      = "Ortha Ashby carried a red lantern to Kessmoor at dusk."
		inventedShort = "Ortha Ashby carried a red lantern at dusk." // lacks kessmoor
	)
	earlier := turn(1, 0, "I argue that the answer is A.\nThe article says "+quotes.Wrap(soundA)+"\n")
	for _, tt := range []struct {
		name      string
		evidence  string
		deception float64
		want      float64 // share of turns citing it
	}{
		// Found always (3 − 0.7 = 2.3 < 2.5): never cited.
		{"a true quote lacking a key term, 2.3", offPlaceA, 0, 0},
		// At hand with chance deception, 2.7 ≥ 2.5: cited whenever at hand.
		{"an invented sound quote at deception 0.9, 2.7", invented, 0.9, 0.9},
		{"an invented sound quote at deception 0.7, 2.1", invented, 0.7, 0},
		{"an invented quote lacking a key term at deception 1, 2.3", inventedShort, 1, 0},
		{"an invented sound quote at deception 1, 3", invented, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := lanternSpeaker(0, false, []string{tt.evidence}, earlier)
			if got := citedShare(t, Settings{Skill: 1, Deception: tt.deception}, req, tt.evidence, seeds); math.Abs(got-tt.want) > 0.03 {
				t.Errorf("share of turns citing it = %.3f; want %.2f ± 0.03", got, tt.want)
			}
		})
	}
}

// TestSpeakerNamesALongAnswerByItsLetter: an answer too long to say again
// within half the word limit is named by its letter (docs/simulation.md,
// Speakers): the stance line "I argue that the answer is A:" is 7 words, so
// a 4-word answer is said within a limit of 22 (11 ≤ 11) and named by its
// letter within 20 (11 > 10).
func TestSpeakerNamesALongAnswerByItsLetter(t *testing.T) {
	for _, tt := range []struct {
		limit int
		want  string
	}{
		{22, "I argue that the answer is A: \"a deep crimson red\".\n"},
		{20, "I argue that the answer is A.\n"},
		{0, "I argue that the answer is A: \"a deep crimson red\".\n"},
	} {
		req := lanternSpeaker(0, true, nil)
		req.View.Answers[0], req.WordLimit, req.Seed = "a deep crimson red", tt.limit, 1
		text := mustGenerate(t, New(Settings{Skill: 1}), req).Text
		if got, _, _ := strings.Cut(text, "\n"); got+"\n" != tt.want {
			t.Errorf("limit %d: stance line %q; want %q", tt.limit, got+"\n", tt.want)
		}
	}
}

// TestOnlyASpeakerWithoutAStrongCaseCastsDoubt: a deceptive speaker casts
// doubt on a sound opposing quote only with no strong case of its own — no
// claim missing nothing (docs/simulation.md, Speakers, 4). B's sound quote
// has no flaw to name; A at deception 1 doubts it when its own best claim
// lacks a key term, and never when its best, cited before or found this
// turn, lacks none.
func TestOnlyASpeakerWithoutAStrongCaseCastsDoubt(t *testing.T) {
	opponent := turn(1, 1, "I argue that the answer is B.\nThe article says "+quotes.Wrap(soundB)+"\n")
	for _, tt := range []struct {
		name     string
		own      string // its claim cited before, if any
		evidence []string
		doubt    bool
	}{
		{"its best lacks nothing", soundA, nil, false},
		{"its best lacks a key term", offPlaceA, nil, true},
		// Skill 1 finds the sound quote at every seed: worth 3, strong.
		{"it finds a sound quote this turn", "", []string{soundA}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen := []transcript.Turn{opponent}
			if tt.own != "" {
				seen = []transcript.Turn{turn(1, 0, "I argue that the answer is A.\nThe article says "+quotes.Wrap(tt.own)+"\n"), opponent}
			}
			a := New(Settings{Skill: 1, Deception: 1})
			for seed := uint64(1); seed <= 20; seed++ {
				req := lanternSpeaker(0, true, tt.evidence, seen...)
				req.Seed = seed
				text := mustGenerate(t, a, req).Text
				if got := strings.Contains(text, "taken out of context"); got != tt.doubt {
					t.Fatalf("seed %d: casts doubt %v; want %v:\n%s", seed, got, tt.doubt, text)
				}
			}
		})
	}
}

// TestSpeakerCitesNoClaimWorthNothing: with quotes verified, an invented
// quote is worth its value less 3 × (1 − bluff) (docs/simulation.md, The
// parameters: bluff), so a sound invented quote is worth 0 at bluff 0 —
// nothing, and a speaker of skill 1 (no misjudging) that has nothing else
// never cites it — and 1.5 at bluff 0.5, cited whenever at hand (deception
// 1: always).
func TestSpeakerCitesNoClaimWorthNothing(t *testing.T) {
	const invented = "Ortha Ashby carried a red lantern to Kessmoor at dusk."
	for _, tt := range []struct {
		bluff, want float64
	}{{0, 0}, {0.5, 1}} {
		req := lanternSpeaker(0, true, []string{invented})
		if got := citedShare(t, Settings{Skill: 1, Deception: 1, Bluff: tt.bluff}, req, invented, 200); got != tt.want {
			t.Errorf("bluff %g: share of turns citing the invented quote = %.3f; want %g", tt.bluff, got, tt.want)
		}
	}
}
