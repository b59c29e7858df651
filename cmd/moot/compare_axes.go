package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// onShared renames the sweep cell of every episode of a and b to its
// values on the axes both runs have, so that cells pair on those and pool
// over a run's other axes.
//
// It returns, for each run, the axes the other run does not vary, with
// their values, as "agents.arguer.skill (0.3, 0.6, 0.9)": pooled where a
// cell renamed holds several of their values, tied where each holds one
// (an axis zipped with one both runs vary).
func onShared(a, b []transcript.Episode) (pooledA, pooledB []otherAxis, pooledJudges map[string]bool) {
	pooledJudges = map[string]bool{}
	axes := func(eps []transcript.Episode) map[string]bool {
		out := map[string]bool{}
		for i := range eps {
			for _, v := range transcript.ParseCell(eps[i].Cell) {
				out[v.Axis] = true
			}
		}
		return out
	}
	inA, inB := axes(a), axes(b)
	pooled := [2][]otherAxis{}
	type inCell struct{ axis, protocol, task, cell string }
	for r, eps := range [][]transcript.Episode{a, b} {
		values := map[string][]string{}
		var order []string
		pooling := make([]bool, len(eps))
		var dropped []transcript.AxisValue
		seen := map[inCell]string{} // a renamed cell's value of an axis dropped
		several := map[string]bool{}
		for i := range eps {
			var kept []transcript.AxisValue
			dropped = dropped[:0]
			for _, v := range transcript.ParseCell(eps[i].Cell) {
				if inA[v.Axis] && inB[v.Axis] {
					kept = append(kept, v)
					continue
				}
				if _, ok := values[v.Axis]; !ok {
					order = append(order, v.Axis)
				}
				if !slices.Contains(values[v.Axis], v.Value) {
					values[v.Axis] = append(values[v.Axis], v.Value)
				}
				dropped = append(dropped, v)
				pooling[i] = true
			}
			eps[i].Cell = transcript.CellName(kept)
			for _, v := range dropped {
				k := inCell{v.Axis, eps[i].Protocol, eps[i].Task, eps[i].Cell}
				if was, ok := seen[k]; ok && was != v.Value {
					several[v.Axis] = true
				}
				seen[k] = v.Value
			}
		}
		poolJudges(eps, pooling, pooledJudges)
		for _, axis := range order {
			pooled[r] = append(pooled[r], otherAxis{fmt.Sprintf("%s (%s)", axis, strings.Join(values[axis], ", ")), several[axis]})
		}
	}
	return pooled[0], pooled[1], pooledJudges
}

// otherAxis is an axis of one run that the other does not vary, with its
// values (text), and whether a cell compared pools several of them.
type otherAxis struct {
	text   string
	pooled bool
}

// poolJudges names the judge of each pooled cell (an episode whose cell
// lost an axis, pooling[i]) that holds the episodes of several judges (a
// judge sweep the other run does not vary) by those that judged, joined
// by "+", so that the cell is compared whole, as the note under the table
// says, and not one judge's episodes of it. A judge all of whose episodes
// failed judged nothing and is not named. It adds the joined names of
// several judges to pooled: no one judge's agreement is theirs.
func poolJudges(eps []transcript.Episode, pooling []bool, pooled map[string]bool) {
	type cell struct{ protocol, task, cell string }
	all, judged := map[cell][]string{}, map[cell][]string{}
	for i := range eps {
		c := cell{eps[i].Protocol, eps[i].Task, eps[i].Cell}
		if !pooling[i] {
			continue
		}
		if !slices.Contains(all[c], eps[i].Judge) {
			all[c] = append(all[c], eps[i].Judge)
		}
		if eps[i].Error == "" && !slices.Contains(judged[c], eps[i].Judge) {
			judged[c] = append(judged[c], eps[i].Judge)
		}
	}
	for i := range eps {
		c := cell{eps[i].Protocol, eps[i].Task, eps[i].Cell}
		if !pooling[i] || len(all[c]) < 2 {
			continue
		}
		js := judged[c]
		if len(js) == 0 {
			js = all[c]
		}
		eps[i].Judge = strings.Join(js, "+")
		if len(js) > 1 {
			pooled[eps[i].Judge] = true
		}
	}
}

// warnOtherKinds warns of each protocol label that the runs in dirA and
// dirB (their episodes a and b) give to protocols of different kinds:
// compare pairs cells by label, so such a cell compares two protocols.
func warnOtherKinds(warn io.Writer, dirA, dirB string, a, b []transcript.Episode) {
	kinds := func(eps []transcript.Episode) map[string]string {
		out := map[string]string{}
		for _, e := range eps {
			out[e.Protocol] = e.Kind
		}
		return out
	}
	inA, inB := kinds(a), kinds(b)
	for _, label := range slices.Sorted(maps.Keys(inA)) {
		if kb, ok := inB[label]; ok && kb != inA[label] {
			fmt.Fprintf(warn, "moot: warning: %s's %s is a %s and %s's a %s: cells are paired by their protocol's label, so these compare two protocols\n",
				dirA, label, inA[label], dirB, kb)
		}
	}
}

// writePooled says which of run's sweep axes, which other does not vary,
// its side of each comparison pools, and which go with the axes both
// vary, one value in each cell (an axis zipped with a shared one).
func writePooled(out io.Writer, run, other string, axes []otherAxis) {
	var pooled, tied []string
	for _, a := range axes {
		if a.pooled {
			pooled = append(pooled, a.text)
		} else {
			tied = append(tied, a.text)
		}
	}
	if len(pooled) > 0 {
		fmt.Fprintf(out, "Pooled in %s, which %s does not vary: %s; each of its cells above holds the episodes of every value. "+
			"To compare one value, compare with a run of that value alone, or use moot table --by.\n", run, other, strings.Join(pooled, "; "))
	}
	if len(tied) > 0 {
		fmt.Fprintf(out, "Varied in %s alone, one value in each cell above (with the axes both vary): %s.\n", run, strings.Join(tied, "; "))
	}
}

// unpairedCells lists the cells (protocol, task, cell on the shared axes:
// onShared has renamed them) of each run that the other run does not
// have, in order of appearance.
func unpairedCells(a, b []transcript.Episode) (onlyA, onlyB []string) {
	cells := func(eps []transcript.Episode) ([]string, map[string]bool) {
		var order []string
		seen := map[string]bool{}
		for _, ep := range eps {
			k := ep.Protocol + " on " + ep.Task
			if ep.Cell != "" {
				k += " [" + ep.Cell + "]"
			}
			if !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
		return order, seen
	}
	ca, inA := cells(a)
	cb, inB := cells(b)
	for _, k := range ca {
		if !inB[k] {
			onlyA = append(onlyA, k)
		}
	}
	for _, k := range cb {
		if !inA[k] {
			onlyB = append(onlyB, k)
		}
	}
	return onlyA, onlyB
}

// writeUnpaired says which cells of a run the other run has no match for.
func writeUnpaired(out io.Writer, run string, cells []string) {
	if len(cells) > 0 {
		fmt.Fprintf(out, "Not paired, only in %s: %s.\n", run, strings.Join(cells, "; "))
	}
}

// sameNumbers renames the sweep values of b that a writes otherwise as the
// same number (0.5 and 0.50, 1 and 1.0) to a's text, on every axis both
// runs vary, so that their cells pair: a cell is named by its values as
// the file writes them (numberNames). It returns each renaming, as
// "agents.judge.diligence 0.5 as 0.50".
func sameNumbers(a, b []transcript.Episode) []string {
	spellings := func(eps []transcript.Episode) numberSpellings {
		s := numberSpellings{}
		for i := range eps {
			for _, v := range transcript.ParseCell(eps[i].Cell) {
				s.add(v.Axis, v.Value)
			}
		}
		return s
	}
	rename, renamed := numberNames([]numberSpellings{spellings(a), spellings(b)})
	for i := range b {
		b[i].Cell = rename(b[i].Cell)
	}
	return *renamed
}

// numberSpellings are the texts a run writes each number of each sweep
// axis as, in the order first written: axis → number → texts.
type numberSpellings map[string]map[float64][]string

// add counts value, of axis, if it is plainly a number (plainNumber).
func (s numberSpellings) add(axis, value string) {
	x, ok := plainNumber(value)
	if !ok {
		return
	}
	if s[axis] == nil {
		s[axis] = map[float64][]string{}
	}
	if !slices.Contains(s[axis][x], value) {
		s[axis][x] = append(s[axis][x], value)
	}
}

// numberNames gives each number of a sweep axis one name across runs,
// whose spellings are runs, in order: rename(cell) writes each value of a
// run's cell that an earlier run writes otherwise as the same number in
// the earliest run's text. An axis where any run writes one number two
// ways (agents named 1.1 and 1.10) is left as it is, and so is a value
// that is not plainly a number. renamed gathers each renaming made, as
// "agents.judge.diligence 0.5 as 0.50", once. The renamings are worked
// out here, once: rename, called for every episode, only looks them up,
// and returns a cell of no axis renamed as it is.
func numberNames(runs []numberSpellings) (rename func(cell string) string, renamed *[]string) {
	to := map[string]map[string]string{} // axis → a value as written → its name
	for _, run := range runs {
	axes:
		for axis, numbers := range run {
			for _, other := range runs {
				for _, texts := range other[axis] {
					if len(texts) > 1 {
						continue axes // one number written two ways in one run
					}
				}
			}
			for x, texts := range numbers {
				name := texts[0]
				for _, earlier := range runs {
					if t := earlier[axis][x]; len(t) > 0 {
						name = t[0]
						break
					}
				}
				if name != texts[0] {
					if to[axis] == nil {
						to[axis] = map[string]string{}
					}
					to[axis][texts[0]] = name
				}
			}
		}
	}
	renamed = new([]string)
	done := map[string]bool{}
	rename = func(cell string) string {
		if len(to) == 0 {
			return cell
		}
		values := transcript.ParseCell(cell)
		changed := false
		for j, v := range values {
			name, ok := to[v.Axis][v.Value]
			if !ok {
				continue
			}
			if note := fmt.Sprintf("%s %s as %s", v.Axis, v.Value, name); !done[note] {
				done[note] = true
				*renamed = append(*renamed, note)
			}
			values[j].Value, changed = name, true
		}
		if !changed {
			return cell
		}
		return transcript.CellName(values)
	}
	return rename, renamed
}

// plainNumber reads s as a number written plainly in decimals (-0.5, 3, .25,
// 1e-3): not inf, nan, hex or digits with underscores, which name rather
// than count.
func plainNumber(s string) (float64, bool) {
	if strings.ContainsAny(s, "_xXpPiInN") {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil
}
