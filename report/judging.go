package report

import (
	"fmt"
	"slices"

	"github.com/mootlab/moot/analysis"
)

// judgingSection is the table of graders and references: for each cell
// whose judge graded answers or read a reference, the reference (a gold
// one marked as the upper bound it is), the judge's accuracy where the
// reference was right and wrong, and a grader's agreement, kappa,
// leniency, strictness and ranking of the exam-takers (docs/judges.md).
func judgingSection(cells []analysis.Cell) section {
	over := "questions"
	if slices.ContainsFunc(cells, func(c analysis.Cell) bool { return c.Grading != nil && c.Groups > 1 }) {
		over += analysis.GroupsNote
	}
	s := section{ID: "judging", Title: "Graders and references", NumericFrom: 4,
		Note: "Reference: the answer the judge was given to compare with, at the end of its prompt (gold: an upper bound, no deployable judge has it). " +
			"Right/wrong: the judge's accuracy where the reference was right or wrong (a reference whose answer did not parse counts as wrong). Lenient: P(called correct | answer wrong); " +
			"strict: P(called incorrect | answer right); τ: Kendall's tau-b between the rankings of the exam-takers by their true and their judged accuracies " +
			"(Exam-takers, below); κ and τ with their 95% intervals, bootstrap over " + over + ".",
		Header: []string{"Protocol", "Task", "Judge", "Reference", "Reference right", "Judge when right", "Judge when wrong",
			"Agreement", "κ", "Lenient", "Strict", "τ [95% CI]"}}
	for _, c := range cells {
		if c.Grading == nil && c.Reference == nil {
			continue
		}
		row := make([]string, len(s.Header))
		row[0], row[1], row[2] = withCell(c.Protocol, c.Cell), c.Task, c.Judge
		if f := c.Reference; f != nil {
			row[3] = f.SourceText()
			if !f.UpperBound && !f.GoldInPart && f.Agent != "" {
				row[3] = f.Source + ": " + f.Agent
			}
			row[4], row[5], row[6] = percent(f.Accuracy), partRate(f.Right), partRate(f.Wrong)
		}
		if g := c.Grading; g != nil {
			row[7], row[8], row[11] = percent(g.Agreement), g.KappaText(), g.TauText()
			row[9], row[10] = analysis.RatePercent(g.Leniency, g.WrongN), analysis.RatePercent(g.Strictness, g.RightN)
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

func partRate(p analysis.Part) string {
	if p.N == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%s (n %d)", analysis.CountPercent(p.Correct, p.N, p.Accuracy), p.N)
}

// examTakersSection is, for each cell whose judge graded answers, each
// exam-taker's true accuracy and the accuracy the judge gave it: what τ
// ranks.
func examTakersSection(cells []analysis.Cell) section {
	s := section{ID: "exam-takers", Title: "Exam-takers", NumericFrom: 4,
		Note:   analysis.GradingNote(cells),
		Header: []string{"Protocol", "Task", "Judge", "Exam-taker", "n", "True", "Judged"}}
	for _, c := range cells {
		if c.Grading == nil {
			continue
		}
		for _, e := range c.Grading.ExamTakers {
			s.Rows = append(s.Rows, []string{withCell(c.Protocol, c.Cell), c.Task, c.Judge, e.Agent,
				thousands(e.N), percent(e.Accuracy), percent(e.Judged)})
		}
	}
	return s
}

// timeSection is, for each cell whose judge is a person whose verdicts
// were timed (moot judge), the time a verdict took: active (the page
// measured the person at it) and wall (from shown to sent, breaks
// included), as docs/human-judging.md tells them apart.
func timeSection(cells []analysis.Cell) section {
	s := section{ID: "judge-time", Title: "Time per verdict", NumericFrom: 3,
		Note: "Seconds a verdict. Active: the time the page measured the person at the episode (visible, focused, not idle), " +
			"the time to report per judgement; wall: from the episode shown to the verdict sent, breaks included. " +
			"Median [first quartile, third quartile] (linear interpolation, type 7) and mean; n: verdicts timed.",
		Header: []string{"Protocol", "Task", "Judge", "n", "Active median [Q1, Q3]", "Active mean", "Wall median [Q1, Q3]", "Wall mean"}}
	for _, c := range cells {
		t := c.JudgeTime
		if t == nil {
			continue
		}
		row := []string{withCell(c.Protocol, c.Cell), c.Task, c.Judge, thousands(t.Wall.N), "n/a", "n/a", timeQuartiles(t.Wall), seconds(t.Wall.Mean)}
		if a := t.Active; a != nil {
			row[4], row[5] = timeQuartiles(*a), seconds(a.Mean)
			if a.N != t.Wall.N {
				row[4] += fmt.Sprintf(" (n %s)", thousands(a.N))
			}
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

func seconds(x float64) string { return fmt.Sprintf("%.1f s", x) }

func timeQuartiles(t analysis.TimeStats) string {
	return fmt.Sprintf("%s [%.1f, %.1f]", seconds(t.Median), t.Q1, t.Q3)
}
