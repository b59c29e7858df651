package fit

import (
	"context"
	"fmt"
	"maps"

	"github.com/mootlab/moot/internal/inputerr"
)

// checkTargets refuses, at its line, a target that names no judged
// episode of the experiment, in first (its run with the parameters at
// their start) nor in written (its run as written, nil where not played):
// a condition the start does not reach (a choice no seat makes there) is
// the experiment's where the file as written has it, and counts as far
// from its target as can be wherever it is empty (residuals). It also
// refuses a fit target that names the same episodes as one before it by
// another name (its task or assignment given where the experiment has
// one): its z would count twice in the objective.
func checkTargets(t *Targets, first, written Outcome) error {
	for _, group := range []struct {
		name string
		ts   []Target
	}{{"targets", t.Fit}, {"predict", t.Predict}} {
		for i, tg := range group.ts {
			if judged(first, tg) || judged(written, tg) {
				continue
			}
			where := "with the parameters at their start"
			if written != nil {
				where = "as written, nor with the parameters at their start"
			}
			return &inputerr.Error{File: t.Path, Line: tg.Line, Field: fmt.Sprintf("%s[%d]", group.name, i),
				Err: fmt.Errorf("the experiment has no judged episode of %s %s (it has: %s)", tg.Name(), where, known(first, written))}
		}
	}
	for i, tg := range t.Fit {
		c, _ := first.Of(tg)
		for j, u := range t.Fit[:i] {
			if sameEpisodes(first, tg, u) {
				return &inputerr.Error{File: t.Path, Line: tg.Line, Field: fmt.Sprintf("targets[%d]", i),
					Err: fmt.Errorf("%s names the same %d episodes as %s (targets[%d], line %d): its z would count twice; keep one", tg.Name(), c.N, u.Name(), j, u.Line)}
			}
		}
	}
	return nil
}

// fittedAs names, for each prediction, the fit target that names the same
// episodes in first ("" for none): a prediction of a condition the fit
// sets, which compares the fitted value with another source's number.
func fittedAs(t *Targets, first Outcome) []string {
	out := make([]string, len(t.Predict))
	for i, p := range t.Predict {
		for _, u := range t.Fit {
			if sameEpisodes(first, p, u) {
				out[i] = u.Name()
				break
			}
		}
	}
	return out
}

// sameEpisodes reports whether targets a and b name the same judged
// episodes of o (Count's sum of their ids), some.
func sameEpisodes(o Outcome, a, b Target) bool {
	c, _ := o.Of(a)
	d, _ := o.Of(b)
	return c.N > 0 && c.N == d.N && c.Correct == d.Correct && c.episodes == d.episodes
}

// checkTargetsAt is checkTargets against first, the run at the start,
// and, where a target's condition is not there, against the experiment as
// written, played once more to tell: a condition the start does not reach
// may be the file's.
func checkTargetsAt(ctx context.Context, m *Model, t *Targets, first Outcome) error {
	if err := checkTargets(t, first, nil); err == nil {
		return nil
	}
	written, err := m.Evaluate(ctx, nil, nil)
	if err != nil {
		return err
	}
	return checkTargets(t, first, written)
}

// judged reports whether o has a judged episode of tg's condition.
func judged(o Outcome, tg Target) bool {
	c, ok := o.Of(tg)
	return ok && c.N > 0
}

// known lists the conditions of first and written together (Known).
func known(first, written Outcome) string {
	all := Outcome{}
	maps.Copy(all, first)
	maps.Copy(all, written)
	return all.Known()
}

// checkParameters builds the experiment with each parameter alone set to
// its start and to either end of its range, so that a value the
// experiment refuses anywhere the search may go is named at its line of
// the targets file before anything plays, not when the search reaches it:
// a setting refused at every one of the three is a name the experiment
// does not have (or a setting that takes no real number), one refused at
// some a range beyond the setting's bounds.
func checkParameters(m *Model, t *Targets) error {
	for i, p := range t.Parameters {
		var first error
		field, refused := "", 0
		for _, end := range []struct {
			field string
			value float64
		}{{"min", p.Min}, {"max", p.Max}, {"start", p.Start}} {
			if _, err := m.Experiment(t.Parameters[i:i+1], []float64{end.value}); err != nil {
				refused++
				if first == nil {
					first, field = err, end.field
				}
			}
		}
		if refused == 3 {
			field = "name"
		}
		if first != nil {
			return &inputerr.Error{File: t.Path, Line: p.Line, Field: fmt.Sprintf("parameters[%d].%s", i, field), Err: first}
		}
	}
	return nil
}
