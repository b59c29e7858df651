package sinks

import (
	"fmt"
	"slices"

	"github.com/mootlab/moot/analysis"
)

// MaxUnparsedShare is the share of a judge's verdicts that may be left
// unparsed before a run warns: beyond it, its accuracy mostly measures
// its answer format.
const MaxUnparsedShare = 0.20

// unparsedWarnings warns of each judge that left more than
// MaxUnparsedShare of its verdicts unparsed.
func unparsedWarnings(sum analysis.Summary) []analysis.Warning {
	type tally struct{ n, unparsed int }
	byJudge := map[string]*tally{}
	var judges []string
	for _, c := range sum.Cells {
		t := byJudge[c.Judge]
		if t == nil {
			t = &tally{}
			byJudge[c.Judge] = t
			judges = append(judges, c.Judge)
		}
		t.n += c.N
		t.unparsed += c.Unparsed
	}
	slices.Sort(judges)
	var ws []analysis.Warning
	for _, j := range judges {
		t := byJudge[j]
		if t.n == 0 || float64(t.unparsed) <= MaxUnparsedShare*float64(t.n) {
			continue
		}
		ws = append(ws, analysis.Warning{Kind: analysis.WarnUnparsedVerdicts, Message: fmt.Sprintf(
			"judge %s left %d of %d verdicts unparsed (%.0f%%, over %.0f%%): its accuracy counts them as wrong; check that its answers end in \"Answer: A\" or \"Answer: B\"",
			j, t.unparsed, t.n, 100*float64(t.unparsed)/float64(t.n), 100*MaxUnparsedShare)})
	}
	return ws
}
