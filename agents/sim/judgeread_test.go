package sim

import (
	"math"
	"strings"
	"testing"
)

// TestJudgeHoldsNoPassageItReadAgainstASide: hearsay the judge noticed in
// a passage it found itself is set aside, not held against a side: only a
// side that quoted hearsay without its lead is misleading
// (docs/simulation.md, Fallible judges). Here the article reports B's
// answer as hearsay, in a sentence that holds the bare statement, which the
// article also makes as a sentence of its own; no side spoke. A judge of
// skill 1 at difficulty 0 finds both sentences and notices the hearsay
// (chance σ(6)), sets both aside, and states P(A) = σ(0) = 0.5; unnoticed,
// the bare statement counts +2 for B, σ(−2).
func TestJudgeHoldsNoPassageItReadAgainstASide(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Noise = 1, 0 })
	req := judgeRequest()
	req.View.Context, req.View.Difficulty = "It is said that "+soundB+" "+soundB, 0
	noticed := 0
	for seed := uint64(1); seed <= 50; seed++ {
		req.Seed = seed
		resp := mustGenerate(t, New(s), req)
		if strings.Contains(resp.Text, "misleading") {
			t.Fatalf("seed %d: the judge calls a side misleading, with no side having spoken:\n%s", seed, resp.Text)
		}
		p := resp.Probabilities[0]
		switch {
		case math.Abs(p-0.5) < 1e-9:
			noticed++
		case math.Abs(p-sig(-2)) < 1e-9:
		default:
			t.Fatalf("seed %d: P(A) = %.4f; want 0.5 (hearsay noticed) or σ(−2) = %.4f:\n%s", seed, p, sig(-2), resp.Text)
		}
	}
	if noticed < 45 {
		t.Errorf("the hearsay noticed at %d of 50 seeds; want nearly all (σ(6) ≈ 0.998)", noticed)
	}
}

// TestJudgeReadsOnlySentencesNamingOneAnswer: reading the article, a judge
// finds each sentence that names exactly one answer (docs/simulation.md,
// The judge); "Ortha Ashby carried a lantern to Kessmoor." names neither,
// so the judge does not read it, and A's quote of it is only heard:
// skimmed by a judge of skill 0 and diligence 0, it counts +1 at every
// seed. Read, it would be checked for certain and caught (it names no
// answer: −1.5) at the seeds that found it.
func TestJudgeReadsOnlySentencesNamingOneAnswer(t *testing.T) {
	const neither = "Ortha Ashby carried a lantern to Kessmoor."
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise = 0, 0, 0 })
	req := judgeRequest(cite(1, 0, vq(neither)))
	req.View.Context, req.View.Difficulty = neither, 0
	for seed := uint64(1); seed <= 50; seed++ {
		req.Seed = seed
		if got, want := mustGenerate(t, New(s), req).Probabilities[0], sig(1); math.Abs(got-want) > 1e-9 {
			t.Fatalf("seed %d: P(A) = %.4f; want σ(1) = %.4f", seed, got, want)
		}
	}
}
