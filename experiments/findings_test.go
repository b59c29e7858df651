// Package experiments_test reproduces the published findings the sim
// agents are meant to show from their mechanics (docs/simulation.md,
// Findings). Each finding runs its experiment file at 30 seeds (replicates:
// the file's own and 29 derived from it, as moot run --replicates 30
// does) and checks the finding with a margin in each; it holds if it passes
// at 9 seeds in 10 or more and its pooled effect's 95% interval (Student t
// over the seeds) lies above 0. The test fails if a finding's status is
// not the one recorded for it, and it writes the table of
// docs/simulation.md: go test ./experiments/ -update. These are slow: they
// run where MOOT_SLOW_TESTS=1 (.ci/run sets it); otherwise, and with
// -short, the test plays two replicates and checks only that every finding
// can be computed.
package experiments_test

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	_ "github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/debate"
	_ "github.com/mootlab/moot/protocols/direct"
	_ "github.com/mootlab/moot/protocols/mad"
	_ "github.com/mootlab/moot/protocols/society"
	"github.com/mootlab/moot/sinks"
	_ "github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/transcript"
	"gonum.org/v1/gonum/stat/distuv"
)

var update = flag.Bool("update", false, "rewrite the table of findings in docs/simulation.md")

// seedOffset draws the findings' seeds anew: each experiment's replicate
// seeds of its seed plus the offset, a draw of seeds the table was not
// made at. The test then logs each finding's pass rate at them, and
// checks neither its status nor the table (run with MOOT_SLOW_TESTS=1 and
// -v; docs/simulation.md gives the rates at offsets 1000 to 8000).
var seedOffset = flag.Uint64("seed-offset", 0, "play the findings at the replicate seeds of each file's seed plus this, and log their pass rates without checking them")

// seeds are the replicate seeds a finding plays of the experiment x.
func seeds(x *engine.Experiment, n int) []uint64 {
	return engine.ReplicateSeeds(x.Seed+*seedOffset, n)
}

// finding is one published result and how moot reproduces it.
type finding struct {
	id, claim, source string
	experiment        string // the file under experiments/
	// want is the status moot shows (holds, partial or fails), recorded
	// from the replicates: the test fails if it changes.
	want string
	// effect says what check's effect measures, in points (×100) unless
	// elo.
	effect string
	elo    bool
	// check tests the finding on one replicate's summary through c and
	// returns moot's numbers, as the docs table shows them, and the
	// finding's effect: a number that is above 0 where the finding shows.
	check func(c *checker, s *summary) (numbers string, effect float64)
}

// checker collects what one replicate of a finding fails.
type checker struct{ failed []string }

// expect records the finding's numbers when ok is false.
func (c *checker) expect(ok bool, format string, args ...any) {
	if !ok {
		c.failed = append(c.failed, fmt.Sprintf(format, args...))
	}
}

// summary wraps a run's summary with lookups that fail the test, and the
// run's episodes without their messages, for comparisons of its own.
type summary struct {
	analysis.Summary
	episodes []transcript.Episode
	t        *testing.T
}

// cell is the cell of protocol (the first, if the run has several tasks).
func (s *summary) cell(protocol string) analysis.Cell {
	s.t.Helper()
	return s.find(func(c analysis.Cell) bool { return c.Protocol == protocol }, "protocol "+protocol)
}

// find is the first cell that matches, or fails the test naming what.
func (s *summary) find(match func(analysis.Cell) bool, what string) analysis.Cell {
	s.t.Helper()
	for _, c := range s.Cells {
		if match(c) {
			return c
		}
	}
	s.t.Fatalf("%s: no cell for %s", s.Experiment, what)
	return analysis.Cell{}
}

// rate is an accuracy with its interval.
type rate struct{ p, lo, hi float64 }

func (r rate) String() string { return fmt.Sprintf("%.1f%% [%.1f, %.1f]", 100*r.p, 100*r.lo, 100*r.hi) }

// sweepCell is the cell of protocol on task in the sweep cell named cell.
func (s *summary) sweepCell(protocol, task, cell string) analysis.Cell {
	s.t.Helper()
	return s.find(func(c analysis.Cell) bool { return c.Protocol == protocol && c.Task == task && c.Cell == cell },
		fmt.Sprintf("protocol %s on %s in sweep cell %s", protocol, task, cell))
}

func part(c analysis.Cell, assignment string) rate {
	for _, p := range c.Breakdown {
		if p.Assignment == assignment {
			return rate{p.Accuracy, p.CILow, p.CIHigh}
		}
	}
	return rate{math.NaN(), math.NaN(), math.NaN()}
}

func (s *summary) acc(protocol string) rate {
	c := s.cell(protocol)
	return rate{c.Accuracy, c.CILow, c.CIHigh}
}

// parts pools the breakdown parts of a protocol whose assignment ends in
// suffix (both orders, say), with the interval a cell's would have over
// the questions of its finished episodes: a question may have an episode
// in each pooled part, and they are not independent.
func (s *summary) parts(protocol, suffix string) rate {
	s.t.Helper()
	var keys []string
	byQuestion := map[string]*analysis.Count{}
	for i := range s.episodes {
		ep := &s.episodes[i]
		if ep.Protocol != protocol || !strings.HasSuffix(ep.Assignment, suffix) || ep.Error != "" {
			continue
		}
		k := ep.Task + "\x00" + ep.QuestionID
		c := byQuestion[k]
		if c == nil {
			c = &analysis.Count{}
			byQuestion[k] = c
			keys = append(keys, k)
		}
		c.N++
		if ep.Correct && ep.Verdict.Answer != transcript.Unparsed {
			c.Correct++
		}
	}
	if len(keys) == 0 {
		s.t.Fatalf("%s: %s has no finished episode whose assignment ends in %q", s.Experiment, protocol, suffix)
	}
	slices.Sort(keys)
	counts := make([]analysis.Count, len(keys))
	var correct, n int
	for i, k := range keys {
		counts[i] = *byQuestion[k]
		correct, n = correct+counts[i].Correct, n+counts[i].N
	}
	h := fnv.New64a()
	h.Write([]byte(protocol + "\x00" + suffix))
	ci := analysis.QuestionInterval(counts, s.Seed, h.Sum64())
	return rate{float64(correct) / float64(n), ci.CILow, ci.CIHigh}
}

func (s *summary) pairRule(protocol, rule string) float64 {
	s.t.Helper()
	if p := s.cell(protocol).Position; p != nil {
		for _, r := range p.PairAccuracy {
			if r.Rule == rule {
				return r.Accuracy
			}
		}
	}
	s.t.Fatalf("%s: %s has no %s pair accuracy", s.Experiment, protocol, rule)
	return 0
}

func (s *summary) elo(player string) analysis.Rating {
	s.t.Helper()
	for _, r := range s.Elo {
		if r.Player == player {
			return r
		}
	}
	s.t.Fatalf("%s: no Elo rating for %q", s.Experiment, player)
	return analysis.Rating{}
}

// contrast compares protocol on task between two sweep cells, paired by
// question, over the episodes of the given assignment ("" for all).
func (s *summary) contrast(protocol, task, assignment, from, to string) analysis.Paired {
	s.t.Helper()
	var eps []transcript.Episode
	var judge string
	for _, ep := range s.episodes {
		if ep.Protocol == protocol && ep.Task == task && (assignment == "" || ep.Assignment == assignment) {
			eps = append(eps, ep)
			judge = ep.Judge
		}
	}
	if len(eps) == 0 {
		s.t.Fatalf("%s: no episodes of %s on %s (%q)", s.Experiment, protocol, task, assignment)
	}
	a := analysis.CellKey{Protocol: protocol, Task: task, Judge: judge, Cell: from}
	b := a
	b.Cell = to
	return analysis.Compare(eps, a, b, analysis.Resamples, s.Seed)
}

// versus compares protocol b with protocol a (b − a), paired by question:
// both judged the same questions of the run's first task.
func (s *summary) versus(a, b string) analysis.Paired {
	s.t.Helper()
	ca, cb := s.cell(a), s.cell(b)
	return analysis.Compare(s.episodes, analysis.CellKey{Protocol: a, Task: ca.Task, Judge: ca.Judge},
		analysis.CellKey{Protocol: b, Task: cb.Task, Judge: cb.Judge}, analysis.Resamples, s.Seed)
}

// change is a paired difference with its interval, in points, rounded
// as a table rounds it (Paired.Round: to nine places, then to the
// digit shown), so that a bound at a half reads as in table.md.
func change(p analysis.Paired) string {
	p.Round()
	return fmt.Sprintf("%+.1f pp [%+.1f, %+.1f]", 100*p.Difference, 100*p.CILow, 100*p.CIHigh)
}

func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func pp(x float64) string { return fmt.Sprintf("%+.1f pp", 100*x) }

var findings = []finding{
	{
		id:         "1",
		claim:      "With the article hidden, a weak judge is more accurate with debate than with consultancy and than alone; with the article it is best.",
		source:     "Khan et al. 2024; Kenton et al. 2024",
		experiment: "quickstart.yaml",
		effect:     "the smaller of debate − consultancy and with article − debate (paired)",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			alone, article := s.acc("qa-without-article"), s.acc("qa-with-article")
			cons, deb := s.acc("consultancy"), s.acc("debate")
			overCons, overArticle := s.versus("consultancy", "debate"), s.versus("debate", "qa-with-article")
			c.expect(deb.p > cons.p+0.08 && overCons.CILow > 0, "debate %v, consultancy %v (paired %s): want debate ahead by 8 points", deb, cons, change(overCons))
			c.expect(deb.p > alone.p+0.15, "debate %v, judge alone %v: want debate ahead by 15 points", deb, alone)
			c.expect(article.p > deb.p+0.03 && overArticle.CILow > 0, "with the article %v, debate %v (paired %s): want the article best", article, deb, change(overArticle))
			return fmt.Sprintf("alone %v · consultancy %v · debate %v · with article %v · paired: debate − consultancy %s, with article − debate %s",
				alone, cons, deb, article, change(overCons), change(overArticle)), min(overCons.Difference, overArticle.Difference)
		},
	},
	{
		id:         "2",
		claim:      "In self-play debate, judge accuracy rises as debater skill rises; in consultancy, accuracy on assigned-incorrect questions falls as consultant skill rises.",
		source:     "Khan et al. 2024",
		experiment: "sweep-skill.yaml",
		effect:     "the smaller of debate's rise and consultancy's assigned-incorrect fall, least to most skilled, hard questions (paired)",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			if s.Sweep == nil || len(s.Sweep.Axes) != 1 {
				s.t.Fatalf("sweep-skill: want a sweep over one axis, got %+v", s.Sweep)
			}
			axis := s.Sweep.Axes[0]
			var debate []float64
			var deb, inc []string
			for _, v := range axis.Values {
				cell := axis.Name + "=" + v
				d := s.sweepCell("debate", "hard-qa", cell)
				c := part(s.sweepCell("consultancy", "hard-qa", cell), "assigned-incorrect")
				debate = append(debate, d.Accuracy)
				deb = append(deb, fmt.Sprintf("%s: %v", v, rate{d.Accuracy, d.CILow, d.CIHigh}))
				inc = append(inc, fmt.Sprintf("%s: %v", v, c))
			}
			last := len(debate) - 1
			first, lastValue := axis.Name+"="+axis.Values[0], axis.Name+"="+axis.Values[last]
			// The least against the most skilled, paired by question (the
			// cells share their random draws).
			rise := s.contrast("debate", "hard-qa", "", first, lastValue)
			fall := s.contrast("consultancy", "hard-qa", "assigned-incorrect", first, lastValue)
			c.expect(rise.CILow > 0, "debate accuracy by skill %v: want the paired rise from the least to the most skilled (%+.3f [%+.3f, %+.3f]) above 0", deb, rise.Difference, rise.CILow, rise.CIHigh)
			half := len(debate) / 2
			c.expect(mean(debate[half:]) > mean(debate[:half])+0.05, "debate accuracy by skill %v: want the more skilled half 5 points above the less skilled", deb)
			c.expect(fall.CIHigh < 0, "consultancy assigned-incorrect by skill %v: want the paired fall (%+.3f [%+.3f, %+.3f]) below 0", inc, fall.Difference, fall.CILow, fall.CIHigh)
			// The easier questions: reported, not checked.
			easy := func(protocol string, c func(analysis.Cell) rate) string {
				return fmt.Sprintf("%v → %v", c(s.sweepCell(protocol, "easy-qa", first)), c(s.sweepCell(protocol, "easy-qa", lastValue)))
			}
			whole := func(c analysis.Cell) rate { return rate{c.Accuracy, c.CILow, c.CIHigh} }
			incorrectPart := func(c analysis.Cell) rate { return part(c, "assigned-incorrect") }
			return fmt.Sprintf("hard questions (difficulty 0.85) — debate by debater skill: %s; paired change from %s to %s %s · consultancy, assigned incorrect, by consultant skill: %s; paired change %s · easier questions (0.6), skill %s → %s — debate %s · consultancy, assigned incorrect %s",
				strings.Join(deb, ", "), axis.Values[0], axis.Values[last], change(rise), strings.Join(inc, ", "), change(fall),
				axis.Values[0], axis.Values[last], easy("debate", whole), easy("consultancy", incorrectPart)), min(rise.Difference, -fall.Difference)
		},
	},
	{
		id:         "3",
		claim:      "When the judge can check claims itself (a closed task: it reads the text too), debate's advantage over the judge alone shrinks or disappears.",
		source:     "Kenton et al. 2024 (closed tasks)",
		experiment: "closed-vs-extractive.yaml",
		effect:     "debate's gain over the judge alone, extractive minus closed",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			gain := map[string]float64{}
			var out []string
			for _, task := range []string{"extractive", "closed"} {
				on := func(protocol string) analysis.Cell {
					return s.find(func(c analysis.Cell) bool { return c.Task == task && c.Protocol == protocol }, protocol+" on "+task)
				}
				alone, deb := on("judge-alone"), on("debate")
				gain[task] = deb.Accuracy - alone.Accuracy
				out = append(out, fmt.Sprintf("%s: alone %.1f%%, debate %.1f%% (%s)", task, 100*alone.Accuracy, 100*deb.Accuracy, pp(gain[task])))
			}
			c.expect(gain["extractive"] > 0.2, "debate's gain on the extractive task %s: want over 20 points", pp(gain["extractive"]))
			c.expect(gain["closed"] < gain["extractive"]/2, "debate's gain closed %s, extractive %s: want it at least halved", pp(gain["closed"]), pp(gain["extractive"]))
			return strings.Join(out, " · "), gain["extractive"] - gain["closed"]
		},
	},
	{
		id:         "4",
		claim:      "Open roles: in open consultancy the judge is convinced about as often when the consultant chose wrong as when it chose right; in open debate the judge does much better than in open consultancy when the protagonist is wrong.",
		source:     "Kenton et al. 2024",
		experiment: "open-roles-lax-judge.yaml",
		effect:     "protagonist wrong: open debate − open consultancy",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			right, wrong := s.parts("open-consultancy", "/chose-correct"), s.parts("open-consultancy", "/chose-incorrect")
			convincedRight, convincedWrong := right.p, 1-wrong.p
			debWrong, debRight := s.parts("open-debate", "/chose-incorrect"), s.parts("open-debate", "/chose-correct")
			c.expect(math.Abs(convincedWrong-convincedRight) < 0.15, "open consultancy convinces %.1f%% when right, %.1f%% when wrong: want within 15 points", 100*convincedRight, 100*convincedWrong)
			c.expect(debWrong.p > wrong.p+0.1, "protagonist wrong: open debate %v, open consultancy %v: want debate ahead by 10 points", debWrong, wrong)
			// The careful judge: reported, not checked (docs/simulation.md
			// says the first half does not hold for it).
			carefulRight := s.parts("open-consultancy-careful-judge", "/chose-correct")
			carefulWrong := s.parts("open-consultancy-careful-judge", "/chose-incorrect")
			return fmt.Sprintf("lax judge — open consultancy: convinced %.1f%% when right, %.1f%% when wrong · judge accuracy when the protagonist is wrong: open consultancy %v, open debate %v (when right: %v, %v) · careful judge — open consultancy: convinced %.1f%% when right, %.1f%% when wrong",
				100*convincedRight, 100*convincedWrong, wrong, debWrong, right, debRight, 100*carefulRight.p, 100*(1-carefulWrong.p)), debWrong.p - wrong.p
		},
	},
	{
		id:         "5",
		claim:      "A judge with position bias is inconsistent under swapped order; judging both orders and combining them recovers its accuracy.",
		source:     "Zheng et al. 2023 (MT-Bench); Zhu et al. 2023 (JudgeLM)",
		experiment: "position-bias.yaml",
		effect:     "consistency, fair judge − biased judge",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			fair, biased := s.cell("debate-fair-judge"), s.cell("debate-biased-judge")
			// Like for like: both judges' swap-average, which also pools
			// two debates a question and drops the sim judge's decision
			// noise (its stated probability has none), so it runs above
			// single-order accuracy for any judge.
			swap := s.pairRule("debate-biased-judge", analysis.RuleSwapAverage)
			fairSwap := s.pairRule("debate-fair-judge", analysis.RuleSwapAverage)
			c.expect(biased.Position.Consistency < fair.Position.Consistency-0.1, "consistency biased %.2f, fair %.2f: want the biased judge less consistent by 0.1", biased.Position.Consistency, fair.Position.Consistency)
			c.expect(biased.Accuracy < fair.Accuracy-0.04, "accuracy biased %.3f, fair %.3f: want the bias to cost accuracy", biased.Accuracy, fair.Accuracy)
			c.expect(swap > fairSwap-0.02, "both orders averaged: biased %.3f, fair %.3f: want the bias's cost gone (within 2 points)", swap, fairSwap)
			return fmt.Sprintf("consistency fair %.0f%%, biased %.0f%% · one order: fair %v, biased %v · both orders averaged: fair %.1f%%, biased %.1f%%",
				100*fair.Position.Consistency, 100*biased.Position.Consistency, s.acc("debate-fair-judge"), s.acc("debate-biased-judge"), 100*fairSwap, 100*swap), fair.Position.Consistency - biased.Position.Consistency
		},
	},
	{
		id:         "6",
		claim:      "Correct-side debaters earn a higher Elo than incorrect-side ones, and the gap grows with skill.",
		source:     "Khan et al. 2024; Kenton et al. 2024",
		experiment: "tournament.yaml",
		elo:        true,
		effect:     "correct − incorrect Elo gap, the smaller of mid and strong minus weak",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			gaps := map[string]float64{}
			var out []string
			for _, d := range []string{"weak", "mid", "strong"} {
				right, w := s.elo(d+"/correct"), s.elo(d+"/incorrect")
				c.expect(right.CILow > w.CIHigh, "%s: correct-side Elo %.0f [%.0f, %.0f], incorrect-side %.0f [%.0f, %.0f]: want the intervals apart", d, right.Rating, right.CILow, right.CIHigh, w.Rating, w.CILow, w.CIHigh)
				gaps[d] = math.Round(right.Rating) - math.Round(w.Rating)
				out = append(out, fmt.Sprintf("%s %.0f − %.0f = %.0f", d, right.Rating, w.Rating, gaps[d]))
			}
			c.expect(gaps["mid"] > gaps["weak"]+30 && gaps["strong"] > gaps["weak"]+30, "Elo gaps %v: want mid and strong above weak by 30", gaps)
			return "correct − incorrect Elo: " + strings.Join(out, " · "), min(gaps["mid"], gaps["strong"]) - gaps["weak"]
		},
	},
	{
		id:         "7",
		claim:      "Society-of-minds debate improves on a single agent, and most of the gain is already in the round-0 majority vote.",
		source:     "Du et al. 2023; Choi et al. 2025 (debate or vote)",
		experiment: "society.yaml",
		effect:     "able readers: the vote's gain over one agent minus the rounds' gain over the vote",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			var out []string
			var effect float64
			for _, r := range []string{"able", "weak"} {
				single := s.acc("single-" + r + "-reader")
				vote, soc := s.acc("vote-"+r+"-readers"), s.acc("society-"+r+"-readers")
				c.expect(soc.p > single.p+0.1, "%s readers: society %v, single %v: want a gain of 10 points", r, soc, single)
				out = append(out, fmt.Sprintf("%s readers: single %v, vote %v, society %v", r, single, vote, soc))
				voteGain := s.versus("single-"+r+"-reader", "vote-"+r+"-readers")
				roundsGain := s.versus("vote-"+r+"-readers", "society-"+r+"-readers")
				out[len(out)-1] += fmt.Sprintf("; paired gains: vote %s, rounds %s", change(voteGain), change(roundsGain))
				if r == "able" {
					effect = voteGain.Difference - roundsGain.Difference
					c.expect(voteGain.Difference > roundsGain.Difference, "able readers: the vote gains %s, the rounds %s: want most in the vote", change(voteGain), change(roundsGain))
				} else {
					// The limit the docs state: weak readers pool what
					// they find, so the rounds add more than the vote.
					c.expect(roundsGain.Difference > voteGain.Difference, "weak readers: the vote gains %s, the rounds %s: want most in the rounds", change(voteGain), change(roundsGain))
				}
			}
			return strings.Join(out, " · "), effect
		},
	},
	{
		id:         "8",
		claim:      "With evidence that genuinely misleads (the wrong answer reported as hearsay in the text itself), debate on a closed task hurts a weak judge against answering alone and helps a strong one: the sign of debate's effect depends on the judge.",
		source:     "Kenton et al. 2024 (closed tasks: debate against the judge alone mixed)",
		experiment: "misleading.yaml",
		effect:     "debate's gain over the judge alone at judge skill 0.8 minus at 0.2 (closed task, misleading)",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			gain := map[string]float64{}
			var out []string
			for _, skill := range []string{"0.2", "0.8"} {
				cell := "judge.skill=" + skill
				alone, deb := s.sweepCell("judge-alone", "closed-misleading", cell), s.sweepCell("debate", "closed-misleading", cell)
				gain[skill] = deb.Accuracy - alone.Accuracy
				out = append(out, fmt.Sprintf("judge skill %s: alone %.1f%%, debate %.1f%% (%s)", skill, 100*alone.Accuracy, 100*deb.Accuracy, pp(gain[skill])))
			}
			c.expect(gain["0.2"] < 0, "debate's gain for the weak judge %s: want below 0", pp(gain["0.2"]))
			c.expect(gain["0.8"] > 0, "debate's gain for the strong judge %s: want above 0", pp(gain["0.8"]))
			return strings.Join(out, " · "), gain["0.8"] - gain["0.2"]
		},
	},
	{
		id:         "C1",
		claim:      "Control: with quote verification off and a judge that trusts unverified quotes fully, debate's advantage from hidden information largely disappears.",
		source:     "moot (mechanism check)",
		experiment: "controls.yaml",
		effect:     "half of debate's gain over the judge alone minus the unverified credulous debate's gain",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			alone, deb, off := s.acc("judge-alone"), s.acc("debate"), s.acc("debate-unverified-credulous")
			c.expect(off.p-alone.p < (deb.p-alone.p)/2, "gain over the judge alone: verified %s, unverified and credulous %s: want it at least halved", pp(deb.p-alone.p), pp(off.p-alone.p))
			return fmt.Sprintf("alone %v · debate %v · verification off, credulous judge %v", alone, deb, off), (deb.p-alone.p)/2 - (off.p - alone.p)
		},
	},
	{
		id:         "C2",
		claim:      "Control: with judge diligence zero and no verification, deceptive debaters win.",
		source:     "moot (mechanism check)",
		experiment: "controls.yaml",
		effect:     "50% − the careless judge's accuracy",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			careless := s.acc("debate-unverified-careless")
			c.expect(careless.hi < 0.5, "careless judge without verification %v: want the interval below 50%%", careless)
			return fmt.Sprintf("diligence 0, verification off: %v", careless), 0.5 - careless.p
		},
	},
	{
		id:         "C3",
		claim:      "Control: where speakers bluff, the judge's trust in unverified quotes lowers consultancy's accuracy when the consultant argues the wrong answer; where they do not, it changes nothing.",
		source:     "moot (mechanism check); Khan et al. 2024 (quote verification)",
		experiment: "bluff.yaml",
		effect:     "consultancy assigned incorrect, trust 0 − trust 0.9, bluffing speakers (paired)",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			cell := func(bluff, trust string) string {
				return "strong.bluff=" + bluff + ",weak-judge.trust_unverified=" + trust
			}
			incorrect := func(bluff, trust string) rate {
				return part(s.sweepCell("consultancy", "hidden-qa", cell(bluff, trust)), "assigned-incorrect")
			}
			fall := s.contrast("consultancy", "hidden-qa", "assigned-incorrect", cell("0.5", "0"), cell("0.5", "0.9"))
			inert := s.contrast("consultancy", "hidden-qa", "assigned-incorrect", cell("0", "0"), cell("0", "0.9"))
			c.expect(fall.CIHigh < 0, "bluffing: assigned incorrect %v at trust 0, %v at 0.9 (paired %s): want the fall below 0", incorrect("0.5", "0"), incorrect("0.5", "0.9"), change(fall))
			c.expect(inert.Difference == 0, "not bluffing: assigned incorrect %v at trust 0, %v at 0.9: want no change", incorrect("0", "0"), incorrect("0", "0.9"))
			return fmt.Sprintf("consultancy, assigned incorrect, trust 0 → 0.9 — bluff 0.5: %v → %v, paired %s · bluff 0: %v → %v",
				incorrect("0.5", "0"), incorrect("0.5", "0.9"), change(fall), incorrect("0", "0"), incorrect("0", "0.9")), -fall.Difference
		},
	},
}

// replicates is how many seeds each finding is checked at. Until
// 2026-11-30 it was 10, where finding 8 passed at 9; an outside trial found
// it at 7 of 11 other seeds, and at 30 it passed at 20 (26 since
// 2026-12-04): at 10 seeds a pass rate is too coarse to tell 90% from 70%.
const replicates = 30

// runs caches each experiment's replicates: several findings share one.
var runs sync.Map // file + seed → *runResult

type runResult struct {
	once     sync.Once
	sum      analysis.Summary
	episodes []transcript.Episode
	err      error
}

// run plays the experiment file at seed (a replicate, as moot run
// --replicates does) and returns its summary and episodes.
func run(t *testing.T, file string, seed uint64) *summary {
	t.Helper()
	r := play(file, seed)
	if r.err != nil {
		t.Fatalf("%s at seed %d: %v", file, seed, r.err)
	}
	return &summary{Summary: r.sum, episodes: r.episodes, t: t}
}

// prefetch plays the replicates of the findings go test's -run selects
// (prefetched), as many at once as there are CPUs: a run's summary (its
// bootstraps) takes one core.
func prefetch(n int) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for _, file := range prefetched(flag.Lookup("test.run").Value.String()) {
		x, err := engine.Load(file)
		if err != nil {
			continue // the finding's own run reports it
		}
		for _, seed := range seeds(x, n) {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				play(file, seed)
			})
		}
	}
	wg.Wait()
}

// prefetched are the experiment files, each once, of the findings whose
// subtests the -run pattern selects: all of them without one. Until
// 2026-12-05 every finding's file was played, so that -run
// 'TestFindings/J' (docs/judges.md) played every experiment at 30 seeds
// to check the judge studies' five. The pattern is split at each slash,
// as go test splits it; one that does not compile selects every finding
// (a finding not prefetched is played when its subtest asks for it).
func prefetched(pattern string) []string {
	var top, sub *regexp.Regexp
	if pattern != "" {
		parts := strings.SplitN(pattern, "/", 3)
		var err error
		if top, err = regexp.Compile(parts[0]); err != nil {
			top = nil
		}
		if len(parts) > 1 {
			if sub, err = regexp.Compile(parts[1]); err != nil {
				top, sub = nil, nil
			}
		}
	}
	var files []string
	for _, f := range findings {
		if top != nil && (!top.MatchString("TestFindings") || sub != nil && !sub.MatchString(f.id)) {
			continue
		}
		if !slices.Contains(files, f.experiment) {
			files = append(files, f.experiment)
		}
	}
	return files
}

// play runs the experiment file at seed once, caching the result.
func play(file string, seed uint64) *runResult {
	v, _ := runs.LoadOrStore(fmt.Sprintf("%s@%d", file, seed), &runResult{})
	r := v.(*runResult)
	r.once.Do(func() {
		x, err := engine.LoadSeeded(file, seed)
		if err != nil {
			r.err = err
			return
		}
		dir, err := os.MkdirTemp("", "moot-finding-")
		if err != nil {
			r.err = err
			return
		}
		defer os.RemoveAll(dir)
		z := sinks.NewSummary(dir, x.Name, x.Seed)
		keep := &collector{}
		if _, err := engine.Run(context.Background(), x, engine.Options{Out: dir, Fresh: true, Sinks: []engine.Sink{z, keep}}); err != nil {
			r.err = err
			return
		}
		r.sum, r.episodes = z.Summary(), keep.episodes
	})
	return r
}

// collector keeps each finished episode without its messages: the
// findings' own comparisons need no more, and it saves reading the log.
type collector struct{ episodes []transcript.Episode }

func (c *collector) Episode(rec *transcript.Episode, _ bool) error {
	e := *rec
	e.Messages, e.Seats = nil, slices.Clone(rec.Seats) // the record is not ours to keep
	c.episodes = append(c.episodes, e)
	return nil
}

// outcome is a finding over its replicates.
type outcome struct {
	passed, of int
	// effects are the finding's effect at each seed; mean, lo and hi their
	// mean and its 95% Student t interval.
	effects       []float64
	mean, lo, hi  float64
	status        string
	first         string   // the numbers at the file's own seed
	firstFailures []string // what failed there
}

// The statuses of a finding.
const (
	holds   = "holds"
	partial = "partial"
	fails   = "fails"
)

// judge gives a finding its status: it holds if it passes at 9 seeds in
// 10 or more and its pooled effect's interval lies above 0; it fails if
// it passes at fewer than half the seeds and the interval does not lie
// above 0; it holds in part otherwise.
func (o *outcome) judge() {
	o.mean = mean(o.effects)
	var ss float64
	for _, e := range o.effects {
		ss += (e - o.mean) * (e - o.mean)
	}
	half := 0.0
	if n := len(o.effects); n > 1 {
		half = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975) * math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n))
	}
	o.lo, o.hi = o.mean-half, o.mean+half
	switch {
	case 10*o.passed >= 9*o.of && o.lo > 0:
		o.status = holds
	case 2*o.passed < o.of && o.lo <= 0:
		o.status = fails
	default:
		o.status = partial
	}
}

// slowTests is whether the slow checks run: MOOT_SLOW_TESTS=1, as .ci/run
// sets it, or -update. Without them the findings play two replicates and
// check only that every finding can be computed, so that go test ./...
// stays quick.
func slowTests() bool { return (os.Getenv("MOOT_SLOW_TESTS") != "" || *update) && !testing.Short() }

func TestFindings(t *testing.T) {
	n := replicates
	if !slowTests() {
		n = 2
	}
	prefetch(n)
	var rows []string
	for _, f := range findings {
		t.Run(f.id, func(t *testing.T) {
			file, err := engine.Load(f.experiment)
			if err != nil {
				t.Fatal(err)
			}
			o := outcome{of: n}
			for i, seed := range seeds(file, n) {
				c := &checker{}
				numbers, effect := f.check(c, run(t, f.experiment, seed))
				o.effects = append(o.effects, effect)
				if len(c.failed) == 0 {
					o.passed++
				}
				if i == 0 {
					o.first, o.firstFailures = numbers, c.failed
				}
			}
			o.judge()
			t.Logf("%s: %s, %d of %d seeds, effect %+.3f [%+.3f, %+.3f]; at the first seed: %v", f.id, o.status, o.passed, o.of, o.mean, o.lo, o.hi, o.firstFailures)
			if n < replicates || *seedOffset != 0 {
				return // too few seeds to give a status, or not the table's
			}
			if o.status != f.want {
				t.Errorf("finding %s %s (%d of %d seeds; effect %+.3f [%+.3f, %+.3f]); it is recorded as %s. At the file's seed: %s %v",
					f.id, o.status, o.passed, o.of, o.mean, o.lo, o.hi, f.want, o.first, o.firstFailures)
			}
			scale, unit := 100.0, "pp"
			if f.elo {
				scale, unit = 1, "Elo"
			}
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | **%s** — %d of %d seeds | %s: %+.1f %s [%+.1f, %+.1f] | %s | `moot run experiments/%s --replicates %d --out runs/%s-%d` |",
				f.id, f.claim, f.source, o.status, o.passed, o.of, f.effect, scale*o.mean, unit, scale*o.lo, scale*o.hi, o.first, f.experiment, replicates, strings.TrimSuffix(f.experiment, ".yaml"), replicates))
		})
	}
	if t.Failed() || len(rows) < len(findings) {
		return // the table is written only from every finding at its recorded status
	}
	checkDoc(t, rows)
}

const (
	docPath     = "../docs/simulation.md"
	beginMarker = "<!-- findings table: written by go test ./experiments/ -update -->"
	endMarker   = "<!-- end of findings table -->"
)

// checkDoc compares the findings table in docs/simulation.md with rows, or
// rewrites it with -update.
func checkDoc(t *testing.T, rows []string) {
	t.Helper()
	table := "| # | Finding | Source | Status | Effect, mean over seeds [95% CI] | moot's numbers at the file's seed (95% CI) | Reproduce |\n|:--|:--|:--|:--|:--|:--|:--|\n" + strings.Join(rows, "\n") + "\n"
	data, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, beginMarker), strings.Index(doc, endMarker)
	if i < 0 || j < i {
		t.Fatalf("%s: no findings table between %q and %q", docPath, beginMarker, endMarker)
	}
	want := doc[:i+len(beginMarker)] + "\n" + table + doc[j:]
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != doc {
		t.Errorf("%s: the findings table is out of date; run go test ./experiments/ -update", filepath.Base(docPath))
	}
}
