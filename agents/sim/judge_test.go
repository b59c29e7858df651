package sim

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// An invented question whose key terms are lantern, ortha, ashby, carried
// and kessmoor, and quotes about it.
const (
	lanternQuestion = "What color was the lantern that Ortha Ashby carried to Kessmoor?"
	// soundA and soundB contain every key term and their answer.
	soundA = "Ortha Ashby carried a red lantern to Kessmoor."
	soundB = "Ortha Ashby carried a blue lantern to Kessmoor."
	// offPlaceA lacks the key term "kessmoor".
	offPlaceA = "Ortha Ashby carried a red lantern to Dalemere."
	offPlaceB = "Ortha Ashby carried a blue lantern to Dalemere."
)

// seeds is how many seeds a statistical test plays.
const seeds = 2000

func vq(s string) string { return "<v_quote>" + s + "</v_quote>" }
func uq(s string) string { return "<u_quote>" + s + "</u_quote>" }
func pq(s string) string { return "<quote>" + s + "</quote>" }

// turn is a debater's turn as a judge reads it.
func turn(round, side int, text string) transcript.Turn {
	return transcript.Turn{Round: round, Role: transcript.RoleDebater, Name: "Debater " + slot(side), Side: side, Text: text}
}

// cite is a turn that argues for side and quotes q (already tagged).
func cite(round, side int, q string) transcript.Turn {
	return turn(round, side, fmt.Sprintf("I argue that the answer is %s.\nThe article says %s\n", slot(side), q))
}

// judgeRequest is what the engine gives a judge of the lantern question.
func judgeRequest(seen ...transcript.Turn) agents.Request {
	return agents.Request{
		Role: transcript.RoleJudge, Name: "Judge", Side: transcript.NoSide, Round: 3, Rounds: 2,
		Messages: []transcript.ChatMessage{{Role: "user", Content: "Which answer is correct?"}},
		View: transcript.View{
			QuestionID: "lantern", Family: "qa", Question: lanternQuestion,
			Answers: [2]string{"red", "blue"}, Difficulty: 0.5,
		},
		Transcript: seen,
	}
}

// judgeSettings are neutral judge settings that a test then adjusts.
func judgeSettings(adjust func(*Settings)) Settings {
	s := Settings{Skill: 0, Deception: 0, Diligence: 0.5, TrustUnverified: 0.5, Noise: 0.5}
	if adjust != nil {
		adjust(&s)
	}
	return s
}

func mustGenerate(t *testing.T, a *Agent, req agents.Request) agents.Response {
	t.Helper()
	resp, err := a.Generate(context.Background(), req)
	if err != nil {
		t.Fatalf("Generate(%s, seed %d): %v", req.Role, req.Seed, err)
	}
	return resp
}

// judgeStats plays req over seeds 1..n and returns the share of verdicts
// for A, the share of seeds whose probability for A is below one half, and
// the mean probability for A.
func judgeStats(t *testing.T, s Settings, req agents.Request, n int) (shareA, lowA, meanA float64) {
	t.Helper()
	a := New(s)
	var nA, nLow int
	var sum float64
	for seed := 1; seed <= n; seed++ {
		req.Seed = uint64(seed)
		resp := mustGenerate(t, a, req)
		got, how := protocols.ParseVerdict(resp.Text)
		if got < 0 {
			t.Fatalf("seed %d: verdict %q unparsed (%s)", seed, resp.Text, how)
		}
		if got == 0 {
			nA++
		}
		if resp.Probabilities[0] < 0.5 {
			nLow++
		}
		sum += resp.Probabilities[0]
	}
	return float64(nA) / float64(n), float64(nLow) / float64(n), sum / float64(n)
}

func TestJudgeDeterministic(t *testing.T) {
	reqs := map[string]agents.Request{
		"no transcript": judgeRequest(),
		"balanced":      judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB))),
		"unverified and challenged": judgeRequest(
			cite(1, 0, uq(offPlaceA)), cite(1, 1, vq(soundB)),
			turn(2, 1, "My opponent quotes "+uq(offPlaceA)+", but it does not mention \"kessmoor\".")),
	}
	for name, req := range reqs {
		t.Run(name, func(t *testing.T) {
			a := New(DefaultSettings())
			for seed := uint64(1); seed <= 50; seed++ {
				req.Seed = seed
				first := mustGenerate(t, a, req)
				second := mustGenerate(t, New(DefaultSettings()), req)
				if !reflect.DeepEqual(first, second) {
					t.Fatalf("seed %d: got %+v then %+v; want the same response", seed, first, second)
				}
			}
		})
	}
}

func TestJudgeSeedsVaryVerdict(t *testing.T) {
	reqs := map[string]agents.Request{
		"no evidence": judgeRequest(),
		"balanced":    judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB))),
	}
	for name, req := range reqs {
		t.Run(name, func(t *testing.T) {
			shareA, _, _ := judgeStats(t, DefaultSettings(), req, 200)
			if shareA < 0.2 || shareA > 0.8 {
				t.Errorf("share of A over 200 seeds = %.2f; want between 0.2 and 0.8", shareA)
			}
		})
	}
}

func TestJudgePositionBias(t *testing.T) {
	tests := []struct {
		name     string
		bias     float64
		noise    float64
		min, max float64
	}{
		{"unbiased picks A about half the time", 0, 1, 0.40, 0.60},
		{"biased towards A", 2, 0.5, 0.85, 1},
		{"biased towards B", -2, 0.5, 0, 0.15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := judgeSettings(func(s *Settings) { s.PositionBias, s.Noise = tt.bias, tt.noise })
			shareA, _, _ := judgeStats(t, s, judgeRequest(), seeds)
			if shareA < tt.min || shareA > tt.max {
				t.Errorf("share of A with position_bias %g, noise %g = %.3f; want in [%.2f, %.2f]", tt.bias, tt.noise, shareA, tt.min, tt.max)
			}
		})
	}
}

// TestJudgeFollowsEvidence covers how a judge weighs one side's quote
// against nothing from the other side.
func TestJudgeFollowsEvidence(t *testing.T) {
	tests := []struct {
		name   string
		adjust func(*Settings)
		turns  []transcript.Turn
		// winner is the side that should win in most seeds.
		winner int
	}{
		{
			name:   "verified sound quote for B",
			adjust: func(s *Settings) { s.Diligence = 0.5 },
			turns:  []transcript.Turn{turn(1, 0, "I argue for A."), cite(1, 1, vq(soundB))},
			winner: 1,
		},
		{
			name:   "verified sound quote for A",
			adjust: func(s *Settings) { s.Diligence = 0.5 },
			turns:  []transcript.Turn{cite(1, 0, vq(soundA)), turn(1, 1, "I argue for B.")},
			winner: 0,
		},
		{
			name:   "diligent judge catches a verified quote missing a key term",
			adjust: func(s *Settings) { s.Diligence = 1 },
			turns:  []transcript.Turn{cite(1, 0, vq(offPlaceA)), turn(1, 1, "I argue for B.")},
			winner: 1,
		},
		{
			name:   "diligent judge catches it for B too",
			adjust: func(s *Settings) { s.Diligence = 1 },
			turns:  []transcript.Turn{turn(1, 0, "I argue for A."), cite(1, 1, vq(offPlaceB))},
			winner: 0,
		},
		{
			name:   "careless unskilled judge takes it at face value",
			adjust: func(s *Settings) { s.Diligence, s.Skill = 0, 0 },
			turns:  []transcript.Turn{cite(1, 0, vq(offPlaceA)), turn(1, 1, "I argue for B.")},
			winner: 0,
		},
		{
			name:   "quote that does not mention its answer is caught",
			adjust: func(s *Settings) { s.Diligence = 1 },
			turns:  []transcript.Turn{cite(1, 0, vq("Ortha Ashby carried a lantern to Kessmoor.")), turn(1, 1, "I argue for B.")},
			winner: 1,
		},
		{
			name:   "distrustful judge holds an unverified quote against A",
			adjust: func(s *Settings) { s.TrustUnverified = 0 },
			turns:  []transcript.Turn{cite(1, 0, uq(soundA)), turn(1, 1, "I argue for B.")},
			winner: 1,
		},
		{
			name:   "distrustful judge holds an unverified quote against B",
			adjust: func(s *Settings) { s.TrustUnverified = 0 },
			turns:  []transcript.Turn{turn(1, 0, "I argue for A."), cite(1, 1, uq(soundB))},
			winner: 0,
		},
		{
			name:   "trusting judge counts an unverified quote",
			adjust: func(s *Settings) { s.TrustUnverified = 1 },
			turns:  []transcript.Turn{cite(1, 0, uq(soundA)), turn(1, 1, "I argue for B.")},
			winner: 0,
		},
		{
			name:   "distrust of one unverified quote outweighs a verified one",
			adjust: func(s *Settings) { s.TrustUnverified, s.Diligence = 0, 0 },
			turns:  []transcript.Turn{cite(1, 0, uq(soundA)+" and "+vq("Ortha Ashby carried the red lantern to Kessmoor.")), turn(1, 1, "I argue for B.")},
			winner: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shareA, _, _ := judgeStats(t, judgeSettings(tt.adjust), judgeRequest(tt.turns...), seeds)
			share := shareA
			if tt.winner == 1 {
				share = 1 - shareA
			}
			if share <= 0.8 {
				t.Errorf("share of verdicts for %s = %.3f; want > 0.8", slot(tt.winner), share)
			}
		})
	}
}

// TestJudgeSkimCatchesBySkill: a judge that checks nothing still notices,
// by its skill, that a quote misses a key term, and then does not count it.
func TestJudgeSkimCatchesBySkill(t *testing.T) {
	req := judgeRequest(cite(1, 0, vq(offPlaceA)), turn(1, 1, "I argue for B."))
	unskilled, _, _ := judgeStats(t, judgeSettings(func(s *Settings) { s.Diligence, s.Skill = 0, 0 }), req, seeds)
	skilled, _, _ := judgeStats(t, judgeSettings(func(s *Settings) { s.Diligence, s.Skill = 0, 1 }), req, seeds)
	if skilled < 0.4 || skilled > 0.6 {
		t.Errorf("share of A with skill 1 = %.3f; want in [0.4, 0.6]: the flawed quote is set aside", skilled)
	}
	if unskilled-skilled < 0.2 {
		t.Errorf("share of A with skill 0 = %.3f, with skill 1 = %.3f; want skill to lower it by > 0.2", unskilled, skilled)
	}
}

func TestJudgeChallenges(t *testing.T) {
	t.Run("a true challenge raises the catch rate", func(t *testing.T) {
		// A's only evidence lacks "kessmoor"; a judge that catches it gives
		// A less than one half, one that does not more (skill 0: no skim).
		s := judgeSettings(func(s *Settings) { s.Diligence, s.Skill = 0.3, 0 })
		quiet := judgeRequest(cite(1, 0, vq(offPlaceA)), turn(1, 1, "I argue for B."))
		challenged := judgeRequest(cite(1, 0, vq(offPlaceA)),
			turn(1, 1, "I argue for B.\nMy opponent quotes "+vq(offPlaceA)+", but it does not mention \"kessmoor\".\n"))
		_, without, _ := judgeStats(t, s, quiet, seeds)
		_, with, _ := judgeStats(t, s, challenged, seeds)
		if without < 0.22 || without > 0.38 {
			t.Errorf("catch rate without a challenge = %.3f; want about the diligence, 0.3", without)
		}
		if with-without < 0.1 {
			t.Errorf("catch rate with a challenge = %.3f, without = %.3f; want the challenge to raise it by > 0.1", with, without)
		}
	})
	t.Run("a false challenge discredits the challenger", func(t *testing.T) {
		// A's quote does mention "kessmoor". B challenges it, and cites a
		// sound quote of its own: once the judge sees that B's challenge
		// is false, it no longer takes B's unchecked claims on trust.
		checkFalseChallenge(t, "kessmoor")
	})
	t.Run("a challenge naming a term the question lacks is false", func(t *testing.T) {
		// "dalemere" is missing from soundA but is no key term.
		checkFalseChallenge(t, "dalemere")
	})
}

// checkFalseChallenge checks that when B, citing soundB, challenges A's
// sound quote for not mentioning term, the judge's mean probability for A
// ends higher than after a challenge that names nothing.
func checkFalseChallenge(t *testing.T, term string) {
	t.Helper()
	s := judgeSettings(func(s *Settings) { s.Diligence, s.Skill = 0.5, 0 })
	challenged := func(but string) agents.Request {
		return judgeRequest(cite(1, 0, vq(soundA)),
			turn(1, 1, "I argue for B.\nThe article says "+vq(soundB)+"\nMy opponent quotes "+vq(soundA)+", but "+but+".\n"))
	}
	_, _, meanFalse := judgeStats(t, s, challenged("it does not mention \""+term+"\""), seeds)
	_, _, meanUnnamed := judgeStats(t, s, challenged("it is taken out of context"), seeds)
	if meanFalse-meanUnnamed < 0.02 {
		t.Errorf("mean probability of A after a false challenge naming %q = %.3f, after an unnamed one = %.3f; want the false one higher by > 0.02", term, meanFalse, meanUnnamed)
	}
}

func TestJudgeLengthBias(t *testing.T) {
	filler := strings.Repeat("This point deserves a great deal of careful and lengthy attention from the judge. ", 5)
	longA := judgeRequest(
		turn(1, 0, "I argue that the answer is A.\nThe article says "+vq(soundA)+"\n"+filler),
		cite(1, 1, vq(soundB)))
	longB := judgeRequest(
		cite(1, 0, vq(soundA)),
		turn(1, 1, "I argue that the answer is B.\nThe article says "+vq(soundB)+"\n"+filler))
	tests := []struct {
		name     string
		req      agents.Request
		bias     float64
		min, max float64
	}{
		{"no bias, A longer", longA, 0, 0.4, 0.6},
		{"positive bias favours the longer A", longA, 2, 0.75, 1},
		{"positive bias favours the longer B", longB, 2, 0, 0.25},
		{"negative bias favours the shorter B", longA, -2, 0, 0.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Diligence 1: both quotes are checked and worth the same.
			s := judgeSettings(func(s *Settings) { s.Diligence, s.LengthBias = 1, tt.bias })
			shareA, _, _ := judgeStats(t, s, tt.req, seeds)
			if shareA < tt.min || shareA > tt.max {
				t.Errorf("share of A with length_bias %g = %.3f; want in [%.2f, %.2f]", tt.bias, shareA, tt.min, tt.max)
			}
		})
	}
}

func TestJudgeOutput(t *testing.T) {
	reqs := map[string]agents.Request{
		"no transcript": judgeRequest(),
		"balanced":      judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB))),
		"unverified":    judgeRequest(cite(1, 0, uq(soundA)), cite(1, 1, vq(offPlaceB))),
		"unchecked":     judgeRequest(cite(1, 0, pq(soundA)), cite(1, 1, pq(offPlaceB))),
		"challenged": judgeRequest(cite(1, 0, vq(offPlaceA)), cite(1, 1, vq(soundB)),
			turn(2, 1, "My opponent quotes "+vq(offPlaceA)+", but it does not mention \"kessmoor\".")),
	}
	settings := map[string]Settings{
		"default":   DefaultSettings(),
		"noiseless": judgeSettings(func(s *Settings) { s.Noise, s.Diligence, s.Skill = 0, 0.7, 0.5 }),
		"biased":    judgeSettings(func(s *Settings) { s.PositionBias, s.LengthBias, s.Noise = 3, -4, 1 }),
	}
	for rname, req := range reqs {
		for sname, s := range settings {
			t.Run(rname+"/"+sname, func(t *testing.T) {
				a := New(s)
				for seed := uint64(1); seed <= 100; seed++ {
					req.Seed = seed
					resp := mustGenerate(t, a, req)
					lines := strings.Split(strings.TrimRight(resp.Text, "\n"), "\n")
					last := lines[len(lines)-1]
					if last != "Answer: A" && last != "Answer: B" {
						t.Fatalf("seed %d: last line %q; want \"Answer: A\" or \"Answer: B\"", seed, last)
					}
					got, how := protocols.ParseVerdict(resp.Text)
					if want := int(last[len(last)-1] - 'A'); got != want || how != protocols.ParsedAnswerLine {
						t.Fatalf("seed %d: ParseVerdict = %d (%s); want %d (%s)", seed, got, how, want, protocols.ParsedAnswerLine)
					}
					p := resp.Probabilities
					if len(p) != 2 || p[0] < 0 || p[1] < 0 || math.Abs(p[0]+p[1]-1) > 1e-9 {
						t.Fatalf("seed %d: Probabilities = %v; want two probabilities that sum to 1", seed, p)
					}
					if s.Noise == 0 && p[0] != 0.5 && (p[0] > 0.5) != (got == 0) {
						t.Fatalf("seed %d: noiseless judge chose %s with P(A) = %.3f; want the likelier answer", seed, slot(got), p[0])
					}
				}
			})
		}
	}
}

// TestJudgeIgnoresSpeakersWithoutSide: a turn with no side (a moderator, a
// judge's question) neither counts as evidence nor as words.
func TestJudgeIgnoresSpeakersWithoutSide(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Diligence, s.LengthBias = 1, 3 })
	base := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB)))
	withAside := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB)),
		transcript.Turn{Round: 1, Role: transcript.RoleJudge, Name: "Judge", Side: transcript.NoSide,
			Text: "Is it true that " + vq(soundA) + "? " + strings.Repeat("words ", 50)})
	a := New(s)
	for seed := uint64(1); seed <= 50; seed++ {
		base.Seed, withAside.Seed = seed, seed
		want := mustGenerate(t, a, base)
		got := mustGenerate(t, a, withAside)
		if !reflect.DeepEqual(got.Probabilities, want.Probabilities) {
			t.Fatalf("seed %d: Probabilities with a sideless turn = %v; want %v", seed, got.Probabilities, want.Probabilities)
		}
	}
}

// TestJudgeTiesAreCoinTosses: with no evidence, no bias and no noise the
// judge must not lean towards either slot.
func TestJudgeTiesAreCoinTosses(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Noise = 0 })
	for name, req := range map[string]agents.Request{
		"no evidence":    judgeRequest(),
		"equal evidence": judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB))),
	} {
		t.Run(name, func(t *testing.T) {
			if name == "equal evidence" {
				// Equal only if both claims fare the same: check always.
				s.Diligence = 1
			}
			shareA, _, _ := judgeStats(t, s, req, seeds)
			if shareA < 0.4 || shareA > 0.6 {
				t.Errorf("share of A = %.2f; want about 0.5", shareA)
			}
		})
	}
}

// TestJudgeSeesFlawsWithoutVerification: with verification off, a quote
// that misses a key term is still caught by a judge who checks it, however
// little it trusts unverifiable quotes.
func TestJudgeSeesFlawsWithoutVerification(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Diligence, s.TrustUnverified = 1, 0 })
	shareA, _, _ := judgeStats(t, s, judgeRequest(cite(1, 0, pq(offPlaceA))), seeds)
	if shareA > 0.2 {
		t.Errorf("share of A for a misleading plain quote = %.2f; want the judge to hold it against A (< 0.2)", shareA)
	}
}

// TestYesOrNoQuotesAreRead: a quote for no need not say "no": a judge that
// checks it reads whether it negates, and a true quote that says the
// council did not approve the tower supports no; before, every such quote
// was caught as not answering the question, and the side that quoted
// nothing won.
func TestYesOrNoQuotesAreRead(t *testing.T) {
	said := "The council of Northam did not approve the tower."
	req := judgeRequest(cite(1, 1, vq(said)), turn(1, 0, "I argue that the answer is A.\nI have not yet found a passage to quote.\n"))
	req.View.Question = "Did the council of Northam approve the tower?"
	req.View.Answers = [2]string{"yes", "no"}
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence = 0.9, 1 })
	if got := shareA(t, s, req); got > 0.3 {
		t.Errorf("a verified quote that the council did not approve, for no: the judge chose yes %.3f; want seldom", got)
	}
	// And a judge reading the article finds it for itself.
	alone := judgeRequest()
	alone.View.Question, alone.View.Answers, alone.View.Context = req.View.Question, req.View.Answers, "Northam is a market town. "+said
	if got := shareA(t, s, alone); got > 0.3 {
		t.Errorf("the judge reading an article that says the council did not approve: chose yes %.3f; want seldom", got)
	}
}

// TestJudgeCountsAPassageOnce: a passage the judge finds itself and also
// hears a side quote, whole or in part, for the answer it reads it for is
// one piece of evidence, checked for certain against the whole passage,
// not two; quoted for the other answer, it
// stays a claim of its own, which a skim finds beside the point. The
// grader, reading the article for the candidate's answer, counts it once
// too. Skill 1 finds the passage at every seed; diligence 0 checks no
// quote by chance, so only the reader's having read the passage checks
// it; the quotes are plain, so only that reading believes them; noise 0
// and an even leniency leave the stated probability the evidence alone.
func TestJudgeCountsAPassageOnce(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise, s.Leniency = 1, 0, 0, 0.5 })
	article := "The road to Dalemere floods in spring. " + soundA
	for _, tt := range []struct {
		what    string
		req     agents.Request
		want    float64
		article string // "" for article
	}{
		{"judge, A quotes the passage for A", judgeRequest(cite(1, 0, pq(soundA))), sigmoid(checkedWorth), ""},
		{"judge, B quotes it for B", judgeRequest(cite(1, 1, pq(soundA))), sigmoid(checkedWorth), ""},
		{"grader, the candidate quotes it for its answer", gradeRequest(0, "Answer: A\nThe article says "+pq(soundA)+"\n"), sigmoid(checkedWorth), ""},
		{"judge, A quotes the passage without its opening words", judgeRequest(cite(1, 0, pq(soundA))), sigmoid(checkedWorth), leadIn + soundA},
		{"judge, A quotes a part that lacks key terms the passage has", judgeRequest(cite(1, 0, pq("a red lantern to Kessmoor"))), sigmoid(checkedWorth), ""},
		{"grader, the candidate quotes part of it", gradeRequest(0, "Answer: A\nThe article says "+pq(soundA)+"\n"), sigmoid(checkedWorth), leadIn + soundA},
		{"judge, A quotes the passage whole and a part of it", judgeRequest(cite(1, 0, pq(soundA)), cite(2, 0, pq(soundAInner))), sigmoid(checkedWorth), ""},
		{"judge, A quotes a part from within the passage", judgeRequest(cite(1, 0, pq(soundAInner))), sigmoid(checkedWorth), leadIn + soundAInner + ", as the letters say."},
		{"judge, A quotes a part that has every key term but not the answer", judgeRequest(cite(1, 0, pq("Ortha Ashby carried the lantern to Kessmoor"))), sigmoid(checkedWorth), lanternRed},
		{"judge, A quotes a part of two passages for A", judgeRequest(cite(1, 0, pq("a red lantern"))), sigmoid(checkedWorth * (1 + decay)), soundA + " In winter Ortha Ashby carried a red lantern to Kessmoor again."},
	} {
		tt.req.View.Context, tt.req.View.Difficulty = article, 0
		if tt.article != "" {
			tt.req.View.Context = tt.article
		}
		for seed := uint64(1); seed <= 50; seed++ {
			tt.req.Seed = seed
			if got := mustGenerate(t, New(s), tt.req).Probabilities[0]; math.Abs(got-tt.want) > 1e-12 {
				t.Fatalf("%s, seed %d: P(A) = %.4f; want %.4f", tt.what, seed, got, tt.want)
			}
		}
	}
}

// TestAnswerKeepsToItsWordLimit: a seat the sim answers as a judge (an
// exam-taker) keeps to the word limit its prompt gives: it drops notes,
// never its answer line; with room to spare it says everything.
func TestAnswerKeepsToItsWordLimit(t *testing.T) {
	req := judgeRequest()
	req.Role, req.Name, req.Transcript = "exam-taker", "Exam-taker", nil
	req.View.Context = soundA + " The road to Dalemere floods in spring. " + "In the end Ortha Ashby carried the red lantern to Kessmoor."
	req.View.Difficulty = 0
	s := judgeSettings(func(s *Settings) { s.Skill, s.Noise = 1, 0 })
	req.Seed = 1
	full := mustGenerate(t, New(s), req).Text
	if n := countWords(full); n <= 12 {
		t.Fatalf("with no limit the answer has %d words; the test needs more than 12:\n%s", n, full)
	}
	for _, limit := range []int{12, countWords(full)} {
		req.WordLimit = limit
		got := mustGenerate(t, New(s), req).Text
		if n := countWords(got); n > limit {
			t.Errorf("limit %d: %d words:\n%s", limit, n, got)
		}
		if !strings.HasSuffix(got, "Answer: A\n") || !strings.HasPrefix(full, strings.TrimSuffix(got, "Answer: A\n")) {
			t.Errorf("limit %d: %q; want the first notes of %q and its answer line", limit, got, full)
		}
		if limit == countWords(full) && got != full {
			t.Errorf("limit %d, the answer's own length: %q; want it whole, %q", limit, got, full)
		}
	}
}

// leadIn opens a sentence of which a quote of soundA is only a part;
// lanternRed names the answer only after every key term.
const (
	leadIn     = "In the spring of that year "
	lanternRed = "Ortha Ashby carried the lantern to Kessmoor, and it was red."
	// soundAInner is soundA without its full stop: every key term and
	// the answer, so that a skim finds nothing missing from it.
	soundAInner = "Ortha Ashby carried a red lantern to Kessmoor"
)

// TestPartOf: a quote is part of a passage where it is a run of whole
// words of it; an empty quote is part of nothing.
func TestPartOf(t *testing.T) {
	for _, tt := range []struct {
		part string
		want bool
	}{
		{soundA, true}, {"a red lantern", true}, {"Ortha", true}, {"Kessmoor.", true},
		{"Kess", false}, {"moor.", false}, {"rtha Ashby", false}, {"", false}, {"a blue lantern", false},
	} {
		if got := partOf(tt.part, soundA); got != tt.want {
			t.Errorf("partOf(%q, %q) = %v; want %v", tt.part, soundA, got, tt.want)
		}
	}
}

// TestJudgeHoldsAQuoteWithoutItsHearsayLeadAgainstItsSide: B quotes the
// key fact with its answer, leaving out the lead that makes the article's
// sentence hearsay. A judge that has read that sentence knows the quote
// for part of it: one piece of evidence, checked for certain, and once it
// notices the lead (all but one time in 400 at skill 1) the quote is held
// against B. Counted beside the judge's own reading (which it sets aside
// as hearsay), the quote went unchecked at diligence 0 and kept its face
// value for B.
func TestJudgeHoldsAQuoteWithoutItsHearsayLeadAgainstItsSide(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise, s.Leniency = 1, 0, 0, 0.5 })
	for _, b := range [][]transcript.Turn{
		{cite(1, 1, pq(soundB))},
		// Quoted whole as well, the passage is still one claim, and the
		// quote that left the lead out is the one held.
		{cite(1, 1, pq(hearsayB)), cite(2, 1, pq(soundB))},
	} {
		req := judgeRequest(append([]transcript.Turn{cite(1, 0, pq(soundA))}, b...)...)
		req.View.Context, req.View.Difficulty = "The road to Dalemere floods in spring. "+hearsayB+" "+soundA, 0
		caught, want := 0, sigmoid(checkedWorth-caughtWorth)
		for seed := uint64(1); seed <= 50; seed++ {
			req.Seed = seed
			got := mustGenerate(t, New(s), req)
			switch p := got.Probabilities[0]; {
			case math.Abs(p-want) < 1e-12 && strings.Contains(got.Text, "leaves out that the article only reports it as hearsay"):
				caught++
			case math.Abs(p-0.5) < 1e-12:
				// The lead went unnoticed: B's quote checks out as sound.
			default:
				t.Fatalf("B quotes %d times, seed %d: P(A) = %.4f; want %.4f (B caught) or 0.5:\n%s", len(b), seed, p, want, got.Text)
			}
		}
		if caught < 45 {
			t.Errorf("B quotes %d times: caught leaving out the hearsay lead at %d of 50 seeds; want nearly all", len(b), caught)
		}
	}
}
