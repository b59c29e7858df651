package sim

import (
	"fmt"
	"strings"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/transcript"
)

// Advise implements agents.Advisor. A sim speaker values a quote by the
// question's key terms it holds, and a judge sets aside a quote that a
// rebuttal shows to lack one: on a question whose evidence has no true
// quote holding all of its key terms (the text states the answer in other
// words than the question), the side that is right has nothing a sim
// reader takes as on point, and debate can fall below the judge alone.
// Advise counts those questions, among the views with evidence, and says
// so when they are a tenth or more of them.
func (a *Agent) Advise(views []transcript.View) string {
	withEvidence, offPoint, example := 0, 0, ""
	for i := range views {
		v := &views[i]
		if len(v.Evidence) == 0 {
			continue
		}
		withEvidence++
		if onPoint(v) {
			continue
		}
		offPoint++
		if example == "" {
			example = fmt.Sprintf("%s: %s", v.QuestionID, quoteAll(keyTerms(v.Question)))
		}
	}
	if offPoint == 0 || offPoint*10 < withEvidence {
		return ""
	}
	none := ""
	if n := len(views) - withEvidence; n > 0 {
		// Counted apart, so that "1 of 1" does not read as the whole task.
		none = fmt.Sprintf(" (of the questions with evidence to quote; %d of the task's %d have none)", n, len(views))
	}
	return fmt.Sprintf("for %d of %d questions%s no true quote in the evidence holds every key term of the question "+
		"(the first, %s): the sim's readers find nothing squarely on point there, a rebuttal naming a missing term "+
		"sets even a true quote aside, and the sim's debate can do worse than the judge alone (docs/simulation.md, Limits of version 1)",
		offPoint, withEvidence, none, example)
}

// onPoint says whether some true quote of v's evidence misses none of
// the question's key terms.
func onPoint(v *transcript.View) bool {
	key := keyTerms(v.Question)
	for _, c := range v.Evidence {
		if foundIn(c.Text, v.Context) && reading.Missing(key, c.Text) == 0 {
			return true
		}
	}
	return false
}

func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}
