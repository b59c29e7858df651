package experiments_test

import (
	"fmt"

	"github.com/mootlab/moot/analysis"
	_ "github.com/mootlab/moot/protocols/grade"
)

// The judge studies' findings (docs/judges.md), checked and tabled with
// the others.
func init() { findings = append(findings, judgeFindings...) }

// grading is the grading of the grade cell of judges-grade.yaml at a
// leniency and with the article read or not.
func (s *summary) grading(leniency string, context bool) *analysis.Grading {
	s.t.Helper()
	c := s.sweepCell("grade", "hidden-qa", fmt.Sprintf("grader.leniency=%s,grade.context=%v", leniency, context))
	if c.Grading == nil {
		s.t.Fatalf("%s: cell %s has no grading", s.Experiment, c.Cell)
	}
	return c.Grading
}

func gradeNumbers(g *analysis.Grading) string {
	return fmt.Sprintf("agreement %.1f%%, κ %s, lenient %.1f%%, strict %.1f%%, τ %s",
		100*g.Agreement, g.KappaText(), 100*g.Leniency, 100*g.Strictness, g.TauText())
}

var judgeFindings = []finding{
	{
		id:         "J1",
		claim:      "Percent agreement hides disagreement that Cohen's kappa shows: when most graded answers are right, a lenient grader agrees with the truth often while its kappa is near zero.",
		source:     "Thakur et al. 2024 (Judging the Judges)",
		experiment: "judges-grade.yaml",
		effect:     "agreement − kappa, lenient grader without the article, minus 0.4",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			g := s.grading("0.8", false)
			c.expect(g.BaseRate > 0.65, "base rate %.2f: want most answers right", g.BaseRate)
			c.expect(g.Agreement > 0.65 && g.Kappa < 0.25, "agreement %.3f, kappa %.3f: want agreement above 65%% and kappa below 0.25", g.Agreement, g.Kappa)
			return fmt.Sprintf("%.0f%% of answers right · lenient grader without the article: %s", 100*g.BaseRate, gradeNumbers(g)), g.Agreement - g.Kappa - 0.4
		},
	},
	{
		id:         "J2",
		claim:      "Graders are lenient: a grader that cannot answer the question itself calls more wrong answers correct than right answers incorrect, even with no lean of its own; reading the text the question is about makes it less lenient.",
		source:     "Thakur et al. 2024 (Judging the Judges)",
		experiment: "judges-grade.yaml",
		effect:     "leniency without the article − leniency with it, neutral grader (leniency 0.5)",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			blind := s.grading("0.5", false)
			reader := s.grading("0.5", true)
			c.expect(blind.Leniency > blind.Strictness+0.1, "neutral grader without the article: lenient %.3f, strict %.3f: want leniency above strictness by 10 points", blind.Leniency, blind.Strictness)
			c.expect(reader.Leniency < blind.Leniency-0.1, "lenient with the article %.3f, without %.3f: want it 10 points lower", reader.Leniency, blind.Leniency)
			return fmt.Sprintf("neutral grader — without the article: %s · with it: %s", gradeNumbers(blind), gradeNumbers(reader)), blind.Leniency - reader.Leniency
		},
	},
	{
		id:         "J3",
		claim:      "A grader can rank the exam-takers rightly while agreeing poorly with the truth on single answers.",
		source:     "Thakur et al. 2024 (Judging the Judges)",
		experiment: "judges-grade.yaml",
		effect:     "Kendall's τ of the ranking − Cohen's κ of the grades, strict grader without the article, minus 0.5",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			g := s.grading("0.2", false)
			c.expect(g.TauDefined && g.Tau >= 0.6, "strict grader without the article: tau %.2f: want 0.6 or more", g.Tau)
			c.expect(g.Agreement < 0.5 && g.Kappa < 0.2, "agreement %.3f, kappa %.3f: want poor agreement", g.Agreement, g.Kappa)
			return "strict grader without the article: " + gradeNumbers(g), g.Tau - g.Kappa - 0.5
		},
	},
	{
		id:         "J4",
		claim:      "A reference helps a judge that cannot answer the question itself and a wrong one misleads it; a judge that can answer itself leans on it little.",
		source:     "Krumdick et al. 2025 (No Free Labels)",
		experiment: "judges-reference.yaml",
		effect:     "the small judge's accuracy when the poor reference is right minus when it is wrong, less the large judge's, minus 0.3",
		want:       holds,
		check: func(c *checker, s *summary) (string, float64) {
			small, large := s.cell("small-poor-ref").Reference, s.cell("large-poor-ref").Reference
			smallGap, largeGap := small.Right.Accuracy-small.Wrong.Accuracy, large.Right.Accuracy-large.Wrong.Accuracy
			gain := s.versus("small", "small-good-ref")
			c.expect(gain.CILow > 0, "small judge, good reference − none: %s: want a gain", change(gain))
			c.expect(smallGap > 0.5 && largeGap < smallGap-0.3, "accuracy when the reference is right − wrong: small judge %.3f, large %.3f: want the small one misled, the large one much less", smallGap, largeGap)
			part := func(p analysis.Part) string { return analysis.CountPercent(p.Correct, p.N, p.Accuracy) }
			return fmt.Sprintf("poor reference right %.0f%% of the time · small judge when it is right %s, wrong %s · large judge %s, %s · small judge, good reference − none %s",
				100*small.Accuracy, part(small.Right), part(small.Wrong), part(large.Right), part(large.Wrong), change(gain)), smallGap - largeGap - 0.3
		},
	},
	{
		id:         "J5",
		claim:      "Reference quality matters more than judge size: a small judge with a good reference is more accurate than a large judge with a poor one.",
		source:     "Zhang et al. 2024 (RevisEval)",
		experiment: "judges-reference.yaml",
		effect:     "small judge with the good reference − large judge with the poor one (paired)",
		want:       partial,
		check: func(c *checker, s *summary) (string, float64) {
			d := s.versus("large-poor-ref", "small-good-ref")
			c.expect(d.Difference > 0, "small judge with a good reference − large judge with a poor one: %s: want above 0", change(d))
			return fmt.Sprintf("small judge: alone %v, poor reference %v, good %v, gold %v · large judge: alone %v, poor reference %v, good %v, gold %v · small with good − large with poor %s",
				s.acc("small"), s.acc("small-poor-ref"), s.acc("small-good-ref"), s.acc("small-gold"),
				s.acc("large"), s.acc("large-poor-ref"), s.acc("large-good-ref"), s.acc("large-gold"), change(d)), d.Difference
		},
	},
}
