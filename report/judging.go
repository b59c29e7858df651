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
		Note: "Reference: the answer the judge read first (gold: an upper bound, no deployable judge has it). " +
			"Right/wrong: the judge's accuracy where the reference was right or wrong. Lenient: P(called correct | answer wrong); " +
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
