package sim

import (
	"math"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// More sound quotes for A of the lantern question: each has every key term
// and names red.
const (
	soundA2 = "Ortha Ashby carried the red lantern to Kessmoor."
	soundA3 = "At Kessmoor, Ortha Ashby carried a red lantern."
)

// sig is σ, the logistic function, written here apart from the code's.
func sig(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// challengeOf is B's turn challenging A's quote q (already tagged) with a
// doubt that names no term.
func challengeOf(q string) transcript.Turn {
	return turn(1, 1, "I argue that the answer is B.\nMy opponent quotes "+q+", but it is taken out of context.\n")
}

// TestJudgeWeighsClaimsByTheDocumentedWorths: with no noise and every
// chance 0 or 1, a judge's P(A) is σ of the log-odds docs/simulation.md
// (The judge) gives, worked by hand: a sound claim checked closely +2, one
// caught −1.5, one skimmed +1, one skimmed that the other side challenged
// +0.5, a side's sound claims weighed 1, ½, ¼ from the strongest down,
// and, with nothing verified, each claim times trust_unverified.
func TestJudgeWeighsClaimsByTheDocumentedWorths(t *testing.T) {
	forB := turn(1, 1, "I argue that the answer is B.\n")
	tests := []struct {
		name   string
		adjust func(*Settings)
		turns  []transcript.Turn
		logit  float64 // worked by hand from the docs
	}{
		{"a sound claim checked closely counts +2", func(s *Settings) { s.Diligence = 1 },
			[]transcript.Turn{cite(1, 0, vq(soundA)), forB}, 2},
		{"a claim caught missing a key term counts -1.5", func(s *Settings) { s.Diligence = 1 },
			[]transcript.Turn{cite(1, 0, vq(offPlaceA)), forB}, -1.5},
		{"a sound claim skimmed counts +1", func(s *Settings) { s.Diligence = 0 },
			[]transcript.Turn{cite(1, 0, vq(soundA)), forB}, 1},
		{"a skimmed claim the other side challenged counts +0.5", func(s *Settings) { s.Diligence = 0 },
			[]transcript.Turn{cite(1, 0, vq(soundA)), challengeOf(vq(soundA))}, 0.5},
		{"a second sound claim weighs one half", func(s *Settings) { s.Diligence = 1 },
			[]transcript.Turn{cite(1, 0, vq(soundA)+" and "+vq(soundA2)), forB}, 2 + 1},
		{"a third sound claim weighs one quarter", func(s *Settings) { s.Diligence = 1 },
			[]transcript.Turn{cite(1, 0, vq(soundA)+" and "+vq(soundA2)+" and "+vq(soundA3)), forB}, 2 + 1 + 0.5},
		{"the strongest claim weighs in full, cited first or not", func(s *Settings) { s.Diligence = 0 },
			// soundA, cited first, is challenged (+0.5); soundA2 is not (+1).
			[]transcript.Turn{cite(1, 0, vq(soundA)+" and "+vq(soundA2)), challengeOf(vq(soundA))}, 1 + 0.5*0.5},
		{"a disbelieved unverified quote counts -1.5 and voids its side's unchecked claims",
			func(s *Settings) { s.Diligence, s.TrustUnverified = 0, 0 },
			[]transcript.Turn{cite(1, 0, uq(soundA)+" and "+vq(soundA2)), forB}, -1.5},
		{"with nothing verified, a skimmed claim counts trust times +1",
			func(s *Settings) { s.Diligence, s.TrustUnverified = 0, 0.5 },
			[]transcript.Turn{cite(1, 0, pq(soundA)), forB}, 0.5 * 1},
		{"with nothing verified, a checked claim counts trust times +2",
			func(s *Settings) { s.Diligence, s.TrustUnverified = 1, 0.5 },
			[]transcript.Turn{cite(1, 0, pq(soundA)), forB}, 0.5 * 2},
		{"with nothing verified, a caught claim counts -1.5 in full",
			func(s *Settings) { s.Diligence, s.TrustUnverified = 1, 0.5 },
			[]transcript.Turn{cite(1, 0, pq(offPlaceA)), forB}, -1.5},
		{"a claim its own side cites again is not challenged", func(s *Settings) { s.Diligence = 0 },
			[]transcript.Turn{cite(1, 0, vq(soundA)), forB, cite(2, 0, vq(soundA))}, 1},
		{"claims for B count against A", func(s *Settings) { s.Diligence = 1 },
			[]transcript.Turn{cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB)+" and "+vq(offPlaceB))}, 2 - (2 - 1.5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := judgeSettings(tt.adjust)
			s.Noise = 0
			req := judgeRequest(tt.turns...)
			req.Seed = 1
			got := mustGenerate(t, New(s), req).Probabilities[0]
			if want := sig(tt.logit); math.Abs(got-want) > 1e-9 {
				t.Errorf("P(A) = %.6f; want σ(%g) = %.6f", got, tt.logit, want)
			}
		})
	}
}

// shareAt plays req over seeds 1..n with no noise and returns the share
// of seeds whose P(A) is want.
func shareAt(t *testing.T, s Settings, req agents.Request, n int, want float64) float64 {
	t.Helper()
	s.Noise = 0
	a := New(s)
	hits := 0
	for seed := 1; seed <= n; seed++ {
		req.Seed = uint64(seed)
		if math.Abs(mustGenerate(t, a, req).Probabilities[0]-want) < 1e-9 {
			hits++
		}
	}
	return float64(hits) / float64(n)
}

// TestJudgeSkimNoticesEachMissingTerm: skimming, a judge notices each key
// term a claim lacks with chance skill (docs/simulation.md, The judge), so
// a claim lacking m terms is set aside (P(A) = σ(0)) with chance
// 1 − (1 − skill)^m: at skill 0.5, 0.5 for one term and 0.75 for two.
func TestJudgeSkimNoticesEachMissingTerm(t *testing.T) {
	for _, tt := range []struct {
		quote string
		want  float64
	}{
		{offPlaceA, 0.5}, // lacks kessmoor
		{"Ortha Ashby took a red lantern to Dalemere.", 0.75}, // lacks carried and kessmoor
	} {
		t.Run(tt.quote, func(t *testing.T) {
			s := judgeSettings(func(s *Settings) { s.Diligence, s.Skill = 0, 0.5 })
			req := judgeRequest(cite(1, 0, vq(tt.quote)), turn(1, 1, "I argue that the answer is B.\n"))
			if got := shareAt(t, s, req, seeds, 0.5); math.Abs(got-tt.want) > 0.04 {
				t.Errorf("share set aside = %.3f; want %.2f ± 0.04", got, tt.want)
			}
		})
	}
}

// TestJudgeChecksWhatItAskedAbout: a claim the judge asked about is
// checked at the verdict with the chance of a challenged one,
// 1 − (1 − diligence)² (docs/simulation.md, Other roles: Questioner): at
// diligence 0.3, 0.51, where one not asked about is checked with 0.3. A
// checked claim lacking a key term is caught: P(A) = σ(−1.5).
func TestJudgeChecksWhatItAskedAbout(t *testing.T) {
	claim := cite(1, 0, vq(offPlaceA))
	asked := transcript.Turn{Round: 1, Role: transcript.RoleQuestioner, Name: "Judge", Side: transcript.NoSide,
		Text: "You quote " + quotes.Wrap(offPlaceA) + ". Where does the text say this about what the question asks?\n"}
	s := judgeSettings(func(s *Settings) { s.Diligence, s.Skill = 0.3, 0 })
	for _, tt := range []struct {
		name  string
		turns []transcript.Turn
		want  float64
	}{
		{"not asked about", []transcript.Turn{claim}, 0.3},
		{"asked about", []transcript.Turn{claim, asked}, 1 - 0.7*0.7},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := shareAt(t, s, judgeRequest(tt.turns...), seeds, sig(-1.5)); math.Abs(got-tt.want) > 0.04 {
				t.Errorf("share caught = %.3f; want %.2f ± 0.04", got, tt.want)
			}
		})
	}
}
