package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// hearsayB is soundB as hearsay: every key term, the wrong answer, in the
// text, but only reported.
const hearsayB = "It is said that " + soundB

// noticeRate plays req over seeds and returns the share of verdicts whose
// notes say note.
func noticeRate(t *testing.T, s Settings, note string, req func(seed uint64) agents.Request, n int) float64 {
	t.Helper()
	noticed := 0
	for seed := range uint64(n) {
		resp := mustGenerate(t, New(s), req(seed+1))
		if strings.Contains(resp.Text, note) {
			noticed++
		}
	}
	return float64(noticed) / float64(n)
}

// TestHearsayIsNoticedBySkillAgainstDifficulty: a judge that checks every
// claim notices that a quoted sentence is hearsay at the rate its skill
// against the question's difficulty finds a sentence (findChance with one
// hook) — from a weak judge at a hard question to a strong one at an easy
// one — and a quote of the hearsay without its lead only when it reads the
// text the quote was taken from.
func TestHearsayIsNoticedBySkillAgainstDifficulty(t *testing.T) {
	const n = seeds
	for _, c := range []struct{ skill, difficulty float64 }{{0.2, 0.8}, {0.5, 0.6}, {0.9, 0.3}} {
		s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence = c.skill, 1 })
		want := findChance(c.skill, c.difficulty, 1)
		full := noticeRate(t, s, "only reports hearsay", func(seed uint64) agents.Request {
			r := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(hearsayB)))
			r.View.Difficulty, r.Seed = c.difficulty, seed
			return r
		}, n)
		// (The judge reading the text also finds the hearsay sentence
		// itself, a claim of its own: only the quote's note counts here.)
		stripped := noticeRate(t, s, "leaves out", func(seed uint64) agents.Request {
			r := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB)))
			r.View.Difficulty, r.Seed = c.difficulty, seed
			r.View.Context = "Ortha Ashby was born in Kessmoor. " + hearsayB + " " + soundA
			return r
		}, n)
		blind := noticeRate(t, s, "hearsay", func(seed uint64) agents.Request {
			r := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB)))
			r.View.Difficulty, r.Seed = c.difficulty, seed
			return r
		}, n)
		tol := 4 * math.Sqrt(want*(1-want)/n)
		if math.Abs(full-want) > tol || math.Abs(stripped-want) > tol {
			t.Errorf("skill %g, difficulty %g: hearsay noticed %.3f quoted whole, %.3f quoted without its lead from the text; want %.3f ± %.3f", c.skill, c.difficulty, full, stripped, want, tol)
		}
		if blind != 0 {
			t.Errorf("skill %g: a judge without the text noticed a quote stripped of its lead as hearsay (%.3f)", c.skill, blind)
		}
	}
}

// TestStrippedHearsayIsHeldAgainstItsSide: noticed, a quote that left out
// the words that make it hearsay discredits the side that cited it; the
// whole hearsay sentence is only set aside.
func TestStrippedHearsayIsHeldAgainstItsSide(t *testing.T) {
	s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise = 1, 1, 0 })
	stripped := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(soundB)))
	stripped.View.Difficulty, stripped.View.Context = 0, hearsayB+" "+soundA
	whole := judgeRequest(cite(1, 0, vq(soundA)), cite(1, 1, vq(hearsayB)))
	whole.View.Difficulty = 0
	for _, c := range []struct {
		name string
		req  agents.Request
		note string
	}{{"stripped", stripped, "is misleading"}, {"whole", whole, "only reports hearsay"}} {
		resp := mustGenerate(t, New(s), c.req)
		if !strings.Contains(resp.Text, c.note) || !strings.HasSuffix(resp.Text, "Answer: A\n") {
			t.Errorf("%s: verdict %q; want the note %q and A", c.name, resp.Text, c.note)
		}
	}
}

// TestMisreadFlipsCloseChecks: with misread, a judge that checks every
// claim passes one that misses a key term at the rate misread ×
// difficulty × (1 − skill), and none at misread 0.
func TestMisreadFlipsCloseChecks(t *testing.T) {
	for _, misread := range []float64{0, 0.8} {
		s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Misread = 0.25, 1, misread })
		passed := 0
		for seed := range uint64(seeds) {
			r := judgeRequest(cite(1, 0, vq(offPlaceA)))
			r.View.Difficulty, r.Seed = 0.75, seed+1
			if strings.Contains(mustGenerate(t, New(s), r).Text, "supports A") {
				passed++
			}
		}
		want := misread * 0.75 * (1 - 0.25)
		got := float64(passed) / seeds
		if tol := 4*math.Sqrt(want*(1-want)/seeds) + 1e-9; math.Abs(got-want) > tol {
			t.Errorf("misread %g: a claim missing a term passed %.3f of close checks; want %.3f ± %.3f", misread, got, want, tol)
		}
	}
}

// TestPersuasionMovesOnlySusceptibleJudges: a persuasive speaker frames its
// turn (two lines at persuasion 1, none at 0), and framing moves a judge
// by its susceptibility: with no evidence on either side, the framed side
// gains sigmoid(susceptibility × faceWorth) of the probability.
func TestPersuasionMovesOnlySusceptibleJudges(t *testing.T) {
	for _, p := range []float64{0, 1} {
		q := realQuestions(t)[0]
		req := speakerRequest(transcript.RoleDebater, q, [2]int{0, 1}, 0, 1)
		text := mustGenerate(t, New(Settings{Skill: 0.5, Persuasion: p}), req).Text
		n := 0
		for _, line := range strings.Split(text, "\n") {
			if isFraming(line) {
				n++
			}
		}
		if want := int(p * framingLines); n != want {
			t.Errorf("persuasion %g: %d framing lines; want %d:\n%s", p, n, want, text)
		}
	}
	framed := turn(1, 0, "I argue that the answer is A.\n"+framings[0]+"\n"+framings[1]+"\n")
	plain := turn(1, 1, "I argue that the answer is B.\n")
	for _, sus := range []float64{0, 1} {
		s := judgeSettings(func(s *Settings) { s.Susceptibility = sus })
		pA := mustGenerate(t, New(s), judgeRequest(framed, plain)).Probabilities[0]
		if want := sigmoid(sus * faceWorth); math.Abs(pA-want) > 1e-12 {
			t.Errorf("susceptibility %g: P(A) %.4f; want %.4f", sus, pA, want)
		}
	}
}

// TestBluffCitesUnverifiableQuotes: arguing the incorrect answer with
// quotes verified, a speaker that does not bluff never cites a quote that
// is not in the article; one that bluffs fully does, where it finds one.
func TestBluffCitesUnverifiableQuotes(t *testing.T) {
	qs := realQuestions(t)
	for _, bluff := range []float64{0, 1} {
		a := New(Settings{Skill: 0.9, Deception: 1, Bluff: bluff})
		cited := 0
		for _, q := range qs {
			invented, _ := trapClaims(q)
			order := [2]int{0, 1}
			for seed := range uint64(20) {
				text := mustGenerate(t, a, speakerRequest(transcript.RoleConsultant, q, order, 1-correctSlot(q, order), seed+1)).Text
				for _, c := range invented {
					if strings.Contains(text, c) {
						cited++
					}
				}
			}
		}
		if (cited > 0) != (bluff > 0) {
			t.Errorf("bluff %g: %d turns cited an invented quote", bluff, cited)
		}
	}
}
