package analysis

import (
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// ErrUnknownField is returned for a grouping field that SummarizeBy does not
// know.
var ErrUnknownField = errors.New("unknown field")

// Fields a Summary can be grouped by (see SummarizeBy).
const (
	FieldProtocol   = "protocol"
	FieldKind       = "kind"
	FieldTask       = "task"
	FieldJudge      = "judge"
	FieldAssignment = "assignment"
	FieldRepeat     = "repeat"
)

// GroupFields lists the fields SummarizeBy accepts, in their usual order;
// the axes of a sweep are accepted too (see FieldCell).
var GroupFields = []string{FieldProtocol, FieldKind, FieldCell, FieldTask, FieldJudge, FieldAssignment, FieldRepeat}

// DefaultGroup is the grouping of Summarize: protocol × task × judge, and
// the sweep cell for an episode that has one (see defaultWithCell).
var DefaultGroup = []string{FieldProtocol, FieldTask, FieldJudge}

// defaultWithCell is the default grouping of an episode of a sweep.
var defaultWithCell = []string{FieldProtocol, FieldTask, FieldJudge, FieldCell}

// fieldValue returns the value of field (one of GroupFields) for ep.
func fieldValue(field string, ep *transcript.Episode) string {
	switch field {
	case FieldProtocol:
		return ep.Protocol
	case FieldKind:
		return ep.Kind
	case FieldTask:
		return ep.Task
	case FieldJudge:
		return ep.Judge
	case FieldAssignment:
		return ep.Assignment
	case FieldRepeat:
		return strconv.Itoa(ep.Repeat)
	case FieldCell:
		return ep.Cell
	}
	if isAxisField(field) {
		return transcript.CellValue(ep.Cell, field)
	}
	panic("analysis: fieldValue: unknown field " + field)
}

// CheckGroup validates a grouping before any episode is read: every field
// known (a sweep's axis is known only from the episodes: SummarizeBy
// checks it), none twice.
func CheckGroup(by []string) error {
	seen := make(map[string]bool, len(by))
	for _, f := range by {
		if !slices.Contains(GroupFields, f) && !isAxisField(f) {
			return fmt.Errorf("%w %q (known: %s, or a sweep's axis)", ErrUnknownField, f, strings.Join(GroupFields, ", "))
		}
		if seen[f] {
			return fmt.Errorf("analysis: field %q given twice", f)
		}
		seen[f] = true
	}
	return nil
}

// SummarizeBy is Summarize with cells keyed by the fields by, any subset of
// GroupFields in any order (an empty by gives one cell for everything). It
// returns an error that lists the known fields if by names another.
//
// A cell's Protocol, Kind, Task and Judge are set when they are grouped on
// or when all of the cell's episodes share them, and are empty otherwise;
// Assignment and Repeat are set only when grouped on. Comparisons are made
// only in the default grouping (protocol, task, judge), where cells are the
// protocol × task × judge cells they compare; Summary.By is set only for
// other groupings.
func SummarizeBy(experiment string, seed uint64, eps []transcript.Episode, by []string) (Summary, error) {
	return SummarizeByEach(experiment, seed, by, nil, func(add func(*transcript.Episode, bool)) error {
		for i := range eps {
			add(&eps[i], false)
		}
		return nil
	})
}

// SummarizeByEach is SummarizeBy over the episodes that each gives to add,
// one at a time, so that its caller need not hold them: a command that
// reads runs of any size. An episode given as a repeat is a draw one given
// before holds too (Summarizer.AddRepeat). declared are the orders the
// runs declared their sweep's axes in (Summarizer.DeclareAxes). each's
// error is returned as it is.
func SummarizeByEach(experiment string, seed uint64, by []string, declared []SweepAxis, each func(add func(ep *transcript.Episode, repeat bool)) error) (Summary, error) {
	z, err := NewSummarizerBy(experiment, seed, by)
	if err != nil {
		return Summary{}, err
	}
	z.DeclareAxes(declared)
	axes := map[string]bool{}
	err = each(func(ep *transcript.Episode, repeat bool) {
		if repeat {
			z.AddRepeat(ep)
		} else {
			z.Add(ep)
		}
		for _, p := range transcript.ParseCell(ep.Cell) {
			axes[p.Axis] = true
		}
	})
	if err != nil {
		return Summary{}, err
	}
	// An axis is known only from the episodes' cells.
	for _, f := range by {
		if isAxisField(f) && !axes[f] {
			known := slices.Sorted(maps.Keys(axes))
			if len(known) == 0 {
				return Summary{}, fmt.Errorf("%w %q: the episodes are not from a sweep", ErrUnknownField, f)
			}
			return Summary{}, fmt.Errorf("%w %q (the sweep's axes: %s)", ErrUnknownField, f, strings.Join(known, ", "))
		}
	}
	return z.Summary(), nil
}

// groupKey is the values of the grouping fields of one cell.
type groupKey []string

// mapKey joins the values into one map key; NUL keeps ("ab", "c") apart
// from ("a", "bc").
func (k groupKey) mapKey() string {
	return strings.Join(k, "\x00")
}

// hash is a stable FNV-64a hash of the values, used to seed the cell's
// bootstrap so that cells draw independent streams. For the default
// grouping it is the hash of (protocol, task, judge) that cells have always
// been seeded with.
func (k groupKey) hash() uint64 {
	return hashStrings(k...)
}

// hashStrings is a stable FNV-64a hash of ss, each ended by a NUL byte.
func hashStrings(ss ...string) uint64 {
	h := fnv.New64a()
	for _, s := range ss {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
