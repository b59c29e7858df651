package analysis

import (
	"math"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// ReferenceSplit is the judge accuracy of a cell whose judge read a
// reference answer (Episode.Reference), split by whether the reference was
// right (No Free Labels; RevisEval). A gold reference is always right: the
// cell is an upper bound, which every table says.
type ReferenceSplit struct {
	// Source is transcript.ReferenceGold or transcript.ReferenceAgent;
	// Agent names the agent when all the cell's references come from one.
	Source     string `json:"source"`
	Agent      string `json:"agent,omitempty"`
	UpperBound bool   `json:"upper_bound,omitempty"`
	// GoldInPart is set for a pool of cells (moot table --by) whose
	// references are mixed, the gold among them, or some of whose
	// episodes had none: in part an upper bound.
	GoldInPart bool `json:"gold_in_part,omitempty"`
	// Accuracy is the share of episodes whose reference was right.
	Accuracy float64 `json:"reference_accuracy"`
	// Right and Wrong are the judge's accuracy where the reference was
	// right and where it was wrong (or gave no answer that parsed), each
	// with its interval made as a breakdown part's (Cell.Breakdown);
	// NoAnswer counts the latter.
	Right    Part `json:"right"`
	Wrong    Part `json:"wrong"`
	NoAnswer int  `json:"no_answer,omitempty"`
}

// The marks of a cell whose judge read the gold answer, as the tables
// write them after a protocol's label (MarkUpperBound), a judge's name
// (JudgeMark) or a reference's source (SourceText).
const (
	MarkUpperBound      = " (upper bound)"
	markGoldInPart      = " (gold in part: upper bound in part)"
	markJudgeGold       = " (gold reference: upper bound)"
	markJudgeGoldInPart = " (gold reference in part: in part an upper bound)"
)

// JudgeMark is what follows the judge's name of a cell with reference f:
// a mark if it read the gold answer, in all or in part; "" otherwise.
func JudgeMark(f *ReferenceSplit) string {
	switch {
	case f == nil:
		return ""
	case f.UpperBound:
		return markJudgeGold
	case f.GoldInPart:
		return markJudgeGoldInPart
	}
	return ""
}

// SourceText is the reference's source as the CSV and the report write it,
// marked if it is the gold answer, in all or in part.
func (f *ReferenceSplit) SourceText() string {
	switch {
	case f.UpperBound:
		return f.Source + MarkUpperBound
	case f.GoldInPart:
		return f.Source + markGoldInPart
	}
	return f.Source
}

// referenceTally counts a cell's finished episodes by their reference,
// and per question, for the intervals.
type referenceTally struct {
	source, agent          label
	gold                   bool // a gold reference among them
	none                   int  // episodes with no reference (a pool's)
	right, wrong           Part
	rightTally, wrongTally questionTally
	noAnswer               int
}

// add counts ep, of question qk in unit uk (questionTally.add), judged
// correctly or not.
func (r *referenceTally) add(ep *transcript.Episode, qk, uk string, correct bool) {
	ref := ep.Reference
	if ref == nil {
		r.none++
		return
	}
	r.source.add(ref.Source)
	r.agent.add(ref.Agent)
	r.gold = r.gold || ref.Source == transcript.ReferenceGold
	p, t := &r.wrong, &r.wrongTally
	if ref.Answer == ep.CorrectAnswer {
		p, t = &r.right, &r.rightTally
	} else if ref.Answer < 0 {
		r.noAnswer++
	}
	p.N++
	if correct {
		p.Correct++
	}
	t.add(qk, uk, correct)
}

// finish makes the split, each side's interval by interval (a cell
// builder's partInterval).
func (r *referenceTally) finish(interval func(t *questionTally, p *Part) Interval) *ReferenceSplit {
	n := r.right.N + r.wrong.N
	if n == 0 {
		return nil
	}
	source := r.source.String()
	if source == "" || r.none > 0 {
		// References of several kinds, or some episodes with none: a
		// pool of cells (moot table --by).
		source = "mixed"
	}
	out := &ReferenceSplit{Source: source, Agent: r.agent.String(), UpperBound: source == transcript.ReferenceGold,
		Accuracy: ratio(r.right.N, n), Right: r.right, Wrong: r.wrong, NoAnswer: r.noAnswer}
	out.GoldInPart = r.gold && !out.UpperBound
	out.Right.Assignment, out.Wrong.Assignment = "reference right", "reference wrong"
	for _, side := range []struct {
		p *Part
		t *questionTally
	}{{&out.Right, &r.rightTally}, {&out.Wrong, &r.wrongTally}} {
		side.p.Accuracy = ratio(side.p.Correct, side.p.N)
		side.p.Interval = interval(side.t, side.p)
		side.p.Groups = side.t.groupCount()
	}
	return out
}

// gradingNotes are the table notes of a cell's grading and reference: a
// gold reference marked as an upper bound; an agent's reference's
// accuracy and the judge's where it was right and wrong; a grader's
// kappa, leniency, strictness and tau.
func gradingNotes(c Cell) []string {
	var notes []string
	if f := c.Reference; f != nil {
		if f.UpperBound {
			notes = append(notes, "gold reference: upper bound")
		} else {
			if f.GoldInPart {
				notes = append(notes, "gold reference in part: in part an upper bound")
			}
			notes = append(notes, "reference right "+percent(f.Accuracy),
				"judge when it is right "+partPercent(f.Right)+", wrong "+partPercent(f.Wrong))
		}
	}
	if g := c.Grading; g != nil {
		notes = append(notes, "κ "+g.KappaText(), "lenient "+RatePercent(g.Leniency, g.WrongN), "strict "+RatePercent(g.Strictness, g.RightN))
		if g.TauDefined {
			notes = append(notes, "τ "+g.TauText())
		}
	}
	return notes
}

func partPercent(p Part) string {
	if p.N == 0 {
		return "n/a"
	}
	return CountPercent(p.Correct, p.N, p.Accuracy)
}

// RatePercent is x, a share of n things counted (leniency: of the wrong
// answers, those called correct) rounded to 4 places as a summary keeps
// it, as a table shows it: from the count, recovered as x·n, rounded once
// (177 of 188 reads 94.1%, where 0.9415 would read 94.2%); n/a where n is
// 0. The count is exact for n up to 10,000.
func RatePercent(x float64, n int) string {
	if n == 0 {
		return "n/a"
	}
	return percent(math.Round(x*float64(n)) / float64(n))
}

// rateText is x, a rate over n, for CSV: empty where n is 0.
func rateText(x float64, n int) string {
	if n == 0 {
		return ""
	}
	return ftoa(x)
}

// judgingColumns are the CSV columns of graders and references: none in
// a run without them, so that its CSV keeps the columns it always had.
// values gives a row's: a cell's own row has them, its parts' rows not.
func judgingColumns(s Summary) (values func(c Cell, own bool) []string, header []string) {
	has := slices.ContainsFunc(s.Cells, func(c Cell) bool { return c.Grading != nil || c.Reference != nil })
	if !has {
		return func(Cell, bool) []string { return nil }, nil
	}
	header = []string{"reference", "reference_accuracy", "accuracy_reference_right", "accuracy_reference_wrong",
		"kappa", "kappa_ci_low", "kappa_ci_high", "leniency", "strictness", "tau", "tau_ci_low", "tau_ci_high"}
	return func(c Cell, own bool) []string {
		row := make([]string, len(header))
		if !own {
			return row
		}
		// A rate over no episodes is left empty, not 0: a gold
		// reference is never wrong, and a grader may see no wrong answer.
		if f := c.Reference; f != nil {
			row[0], row[1] = f.SourceText(), ftoa(f.Accuracy)
			row[2], row[3] = rateText(f.Right.Accuracy, f.Right.N), rateText(f.Wrong.Accuracy, f.Wrong.N)
		}
		if g := c.Grading; g != nil {
			if g.KappaDefined {
				row[4] = ftoa(g.Kappa)
			}
			if ci := g.KappaCI; ci != nil {
				row[5], row[6] = ftoa(ci.CILow), ftoa(ci.CIHigh)
			}
			row[7], row[8] = rateText(g.Leniency, g.WrongN), rateText(g.Strictness, g.RightN)
			if g.TauDefined {
				row[9] = ftoa(g.Tau)
			}
			if ci := g.TauCI; ci != nil {
				row[10], row[11] = ftoa(ci.CILow), ftoa(ci.CIHigh)
			}
		}
		return row
	}, header
}
