package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// noSharedQuestion says why runs a and b, of the folders dirA and dirB,
// with cells in common, have no question that both judged.
func noSharedQuestion(a, b []transcript.Episode, dirA, dirB, runA, runB string, headA, headB runHead) error {
	if dir := allFailed(a, b, dirA, dirB); dir != "" {
		return fmt.Errorf("%w: the runs have cells in common but no question that both judged: every episode of %s failed, and a failed episode has no verdict (see the error field of its transcripts)", errUsage, dir)
	}
	why := "each judged other questions of their cells in common (a sample, a shard; annotators of a study in different slots judge each question under another protocol: --slot N judges what an annotator of slot N judges)"
	if variants := otherVariants(a, b, runA, runB); variants != "" {
		return fmt.Errorf("%w: the runs have cells in common but no episode that both judged: they judged the same questions in other variants (%s); compare pairs each episode with the same variant (assignment and repeat) of the same question, so a run with swap: true and one without share none (compare their tables with moot table A B)", errUsage, variants)
	}
	if other := otherSources(dirA, dirB); other != "" {
		why = other + ", so they share no question (compare their tables with moot table A B)"
	} else if otherSeeds(headA, headB) {
		why = fmt.Sprintf("generated questions are drawn from the seed, and the runs are at seeds %d and %d, so they share none (compare runs of one seed, or their tables with moot table A B)", headA.Seed, headB.Seed)
	}
	return fmt.Errorf("%w: the runs have cells in common but no question that both judged: compare pairs episodes by question, and %s", errUsage, why)
}

// pairCells appends to comparisons the comparison of cell ka of run A
// with cell kb of run B, over the variants both judged, and to leftOut
// how many episodes of each it left out, if any.
func pairCells(comparisons []analysis.Paired, leftOut []string, eps []transcript.Episode, ka, kb analysis.CellKey, unlike map[string]bool, seed uint64, runA, runB string) ([]analysis.Paired, []string) {
	shared, left := sharedEpisodes(eps, ka, kb)
	if left != (unshared{}) && len(shared) > 0 { // none shared: said as no question judged in both
		k := analysis.CellKey{Protocol: strings.TrimPrefix(ka.Protocol, runA+":"), Task: ka.Task, Cell: ka.Cell}
		note := fmt.Sprintf("%s: %d judged by %s alone, %d by %s alone", noteName(k), left.onlyA, runA, left.onlyB, runB)
		if left.neither > 0 {
			note += fmt.Sprintf(", %d by neither (failed)", left.neither)
		}
		leftOut = append(leftOut, note)
	}
	p := analysis.Compare(shared, ka, kb, analysis.Resamples, seed)
	if unlike != nil {
		n := countUnlike(shared, unlike)
		p.UnlikeQuestions = &n
	}
	// The judges' agreement on this cell's episodes alone: pooled over
	// cells, a reference or a baseline may hide how far they part on a
	// protocol. Where every episode both judged was left out (a judge
	// that never gave a verdict that parsed), it has no item, and says
	// how many it left out.
	on, ja, jb := agreementOf(shared, ka.Judge, kb.Judge, runA, runB)
	if ag := analysis.JudgeAgreement(on, ja, jb); ag.Items > 0 || ag.Skipped > 0 {
		p.Agreement = &ag
	}
	p.Round() // as a run's summary has it
	return append(comparisons, p), leftOut
}

// unshared counts the variants of a question (assignment, repeat) of two
// cells that were not compared: judged by cell A's run alone (the other
// lacks it, or its episode failed), by B's alone, or by neither (played,
// and failed, in one or both).
type unshared struct{ onlyA, onlyB, neither int }

// sharedEpisodes keeps, of the episodes of cells a and b, those whose
// variant of a question (assignment, repeat) both cells played and
// judged (a failed episode is not judged): an
// annotator of moot judge, say, judges one variant of each question, and
// the run's accuracy over all its variants would not be like for like.
// left counts the variants it leaves out, each once.
func sharedEpisodes(eps []transcript.Episode, a, b analysis.CellKey) (shared []transcript.Episode, left unshared) {
	type variant struct {
		task, question, assignment string
		repeat                     int
	}
	of := func(ep *transcript.Episode) variant {
		return variant{ep.Task, ep.QuestionID, ep.Assignment, ep.Repeat}
	}
	in := func(ep *transcript.Episode, k analysis.CellKey) bool {
		return ep.Protocol == k.Protocol && ep.Task == k.Task && ep.Judge == k.Judge && ep.Cell == k.Cell
	}
	inA, inB := map[variant]bool{}, map[variant]bool{}
	played := map[variant]bool{}
	var order []variant
	for i := range eps {
		ep := &eps[i]
		if !in(ep, a) && !in(ep, b) {
			continue
		}
		if v := of(ep); !played[v] {
			played[v] = true
			order = append(order, v)
		}
		switch {
		case ep.Error != "":
			// A failed episode has no verdict: its variant, judged in
			// the other run, would be compared with nothing.
		case in(ep, a):
			inA[of(ep)] = true
		default:
			inB[of(ep)] = true
		}
	}
	for i := range eps {
		if ep := &eps[i]; (in(ep, a) || in(ep, b)) && inA[of(ep)] && inB[of(ep)] {
			shared = append(shared, *ep)
		}
	}
	for _, v := range order {
		switch {
		case inA[v] && inB[v]:
		case inA[v]:
			left.onlyA++
		case inB[v]:
			left.onlyB++
		default:
			left.neither++
		}
	}
	return shared, left
}

// allFailed names the run, dirA's a or dirB's b, every one of whose
// episodes failed; "" where each judged one.
func allFailed(a, b []transcript.Episode, dirA, dirB string) string {
	failed := func(eps []transcript.Episode) bool {
		return !slices.ContainsFunc(eps, func(ep transcript.Episode) bool { return ep.Error == "" })
	}
	switch {
	case failed(a):
		return dirA
	case failed(b):
		return dirB
	}
	return ""
}

// agreementOf is what the agreement of judge ja of run A with judge jb of
// run B is measured on: eps, the protocols' run names taken off, so that
// an episode judged in both runs is one item, and the two judges' names.
// Judges of one name (the same judge run again with other settings, a
// prompt changed, or at another seed) are told apart by their runs'
// names, RUN:JUDGE: by the name alone, their verdicts would be one
// judge's.
func agreementOf(eps []transcript.Episode, ja, jb, runA, runB string) (_ []transcript.Episode, _, _ string) {
	if ja != jb {
		return unprefixed(eps, runA, runB), ja, jb
	}
	out := make([]transcript.Episode, 0, len(eps))
	for _, ep := range eps {
		for _, r := range []string{runA, runB} {
			if rest, ok := strings.CutPrefix(ep.Protocol, r+":"); ok && ep.Judge == ja {
				ep.Protocol, ep.Judge = rest, r+":"+ep.Judge
				break
			}
		}
		out = append(out, ep)
	}
	return unprefixed(out, runA, runB), runA + ":" + ja, runB + ":" + jb
}
