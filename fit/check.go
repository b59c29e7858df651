package fit

import (
	"fmt"

	"github.com/mootlab/moot/internal/inputerr"
)

// checkTargets refuses, at its line, a target that names no judged
// episode of the experiment (first, its run at the start), and a fit
// target that names the same episodes as one before it by another name
// (its task or assignment given where the experiment has one): its z
// would count twice in the objective.
func checkTargets(t *Targets, first Outcome) error {
	for _, group := range []struct {
		name string
		ts   []Target
	}{{"targets", t.Fit}, {"predict", t.Predict}} {
		for i, tg := range group.ts {
			if c, ok := first.Of(tg); !ok || c.N == 0 {
				return &inputerr.Error{File: t.Path, Line: tg.Line, Field: fmt.Sprintf("%s[%d]", group.name, i),
					Err: fmt.Errorf("the experiment has no judged episode of %s (it has: %s)", tg.Name(), first.Known())}
			}
		}
	}
	for i, tg := range t.Fit {
		c, _ := first.Of(tg)
		for j, u := range t.Fit[:i] {
			if d, _ := first.Of(u); d == c {
				return &inputerr.Error{File: t.Path, Line: tg.Line, Field: fmt.Sprintf("targets[%d]", i),
					Err: fmt.Errorf("%s names the same %d episodes as %s (targets[%d], line %d): its z would count twice; keep one", tg.Name(), c.N, u.Name(), j, u.Line)}
			}
		}
	}
	return nil
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
