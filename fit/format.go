package fit

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/mootlab/moot/internal/noun"
)

// CheckFormat refuses a format Write does not know: text, markdown or
// json.
func CheckFormat(format string) error {
	switch format {
	case "text", "markdown", "json":
		return nil
	}
	return fmt.Errorf("fit: unknown format %q (known: text, markdown, json)", format)
}

// Write writes a fit as terminal tables (format "text"), Markdown tables
// ("markdown") or JSON ("json"): the fitted parameters with their
// bootstrap spread, then the targets beside the sim at the fit
// (residuals), then the predictions beside the published values.
func Write(w io.Writer, res *Result, format string) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	md := format == "markdown"
	esc := func(s string) string { return s }
	if md {
		esc = func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	}
	var rows [][]string
	var noEffect, atBound, nearBound []string
	for _, e := range res.Parameters {
		// The settings a run is played at have 4 decimals (Parameter.round),
		// and accuracy is a staircase: a fitted value shown with fewer, set
		// in the experiment, may give other accuracies than the tables'.
		row := []string{esc(e.Name), fmt.Sprintf("[%g, %g]", e.Min, e.Max), fmt.Sprintf("%g", e.Start),
			fmt.Sprintf("%.4f", e.Value), boot(res, fmt.Sprintf("%.3f", e.SD)), boot(res, fmt.Sprintf("[%.4f, %.4f]", e.Low, e.High))}
		switch {
		case e.NoEffect:
			row[3], row[4], row[5] = "not pinned", "—", fmt.Sprintf("[%g, %g] (its range)", e.Min, e.Max)
			noEffect = append(noEffect, e.Name)
		case e.AtBound != "":
			row[3] += " (at " + e.AtBound + ")"
			atBound = append(atBound, fmt.Sprintf("%s at its %s", e.Name, e.AtBound))
		case e.NearBound != "":
			row[3] += " (near " + e.NearBound + ")"
			nearBound = append(nearBound, fmt.Sprintf("%s near its %s", e.Name, e.NearBound))
		}
		rows = append(rows, row)
	}
	if err := table(w, md, []string{"Parameter", "Range", "Start", "Fitted", "Bootstrap SD", "Bootstrap 95%"}, rows); err != nil {
		return err
	}
	writeNotes(w, res, noEffect, atBound, nearBound)
	fmt.Fprintln(w)
	if err := residualTable(w, md, esc, res, res.Residuals, "Target"); err != nil {
		return err
	}
	if len(res.Predictions) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	if err := residualTable(w, md, esc, res, res.Predictions, "Predicted"); err != nil {
		return err
	}
	var fitted []string
	for _, r := range res.Predictions {
		if r.FittedAs != "" {
			fitted = append(fitted, fmt.Sprintf("%s is the fit target %s's condition", r.Target.Name(), r.FittedAs))
		}
	}
	if len(fitted) > 0 {
		fmt.Fprintf(w, "\nNot held out: %s: its Sim is the fitted value, set beside another source's number, not a prediction.\n", strings.Join(fitted, "; "))
	}
	return nil
}

// writeNotes writes what the parameters' table needs said below it: how
// the search ended and over what, the refits' interval, the parameters
// not pinned (noEffect), at a bound (atBound) or near one (nearBound), the
// targets not reached, a search stopped at its limit.
func writeNotes(w io.Writer, res *Result, noEffect, atBound, nearBound []string) {
	fmt.Fprintf(w, "\nNelder–Mead (gonum optimize): %s; objective Σz² = %.2f over %s; %s of the experiment; %s.\n",
		res.Status, res.Objective, noun.Count(len(res.Residuals), "target"), noun.Count(res.Runs, "run"), noun.Count(res.Bootstrap, "bootstrap refit"))
	fmt.Fprintf(w, "z is Δ over the target's SE, as Σz² weighs it; z with sim is Δ over √(SE² + sim_se²), the target's uncertainty and the sim's own at this seed together: "+
		"a miss that z with sim puts beyond ±1.96 is more than either explains.\n")
	if most := noisiest(res.Residuals); res.Bootstrap > 0 && most != nil {
		fmt.Fprintf(w, "Each refit redraws every target with its SE and the sim's own at the fit, over its questions (sim_se in JSON; the largest %.1f points, %s): "+
			"the settings' intervals hold, to first order and with enough refits, how far another seed's questions and draws would move them, as well as the targets' uncertainty; "+
			"an accuracy's range over the refits is at this seed's questions, and another seed's would add about its sim_se.\n", 100*most.SimSE, most.Target.Name())
	}
	if res.Bootstrap > 0 && res.Bootstrap <= 40 {
		// The 2.5% quantile of 40 values or fewer is their least (gonum's
		// empirical quantile): the interval is all but their range.
		fmt.Fprintf(w, "With %d refits the bootstrap 95%% is all but their range, and may leave out the fit itself: raise bootstrap: above 40 for an interval.\n", res.Bootstrap)
	}
	if len(noEffect) > 0 {
		fmt.Fprintf(w, "Not pinned: no target moved with %s over its range (the others at the fit); the targets say nothing of it: "+
			"fix it, or add a target it changes.\n", strings.Join(noEffect, ", "))
	}
	if len(atBound) > 0 {
		interval := ""
		if res.Bootstrap > 0 {
			interval = "; its interval runs to that end"
		}
		fmt.Fprintf(w, "At a bound: %s, a target it moves missed, the targets fit as well there as at the fit, or better (the others at the fit): "+
			"they would take it there or past it, and the range, not they, stops it%s. "+
			"Widen the range where the setting allows, or read the fit as that end or beyond.\n", strings.Join(atBound, "; "), interval)
	}
	if len(nearBound) > 0 {
		fmt.Fprintf(w, "Near a bound: %s, within %g%% of its range of that end, where the search slows, a target it moves missed: "+
			"what holds it there may be that target, out of reach inside the range, and its interval does not show that. "+
			"Widen the range where the setting allows, and fit again.\n", strings.Join(nearBound, "; "), 100*nearShare)
	}
	writeTargetNotes(w, res)
	if coarse := coarseTargets(res); res.Bootstrap > 0 && len(coarse) > 0 {
		fmt.Fprintf(w, "Coarse: %s: an accuracy over so few episodes moves in steps not well below the SD its refits redraw it with (its SE and the sim's), "+
			"refits can stay on the fit's step, and the spread of the fitted settings may understate their uncertainty; "+
			"give the experiment more questions (docs/simulation.md, Calibration and prediction).\n", strings.Join(coarse, "; "))
	}
	if nested := nestedTargets(res); len(nested) > 0 {
		fmt.Fprintf(w, "Nested: %s: a target's episodes are among another's, so their z's are not independent, and Σz² "+
			"weighs the episodes they share more than once (its refits and the fit's quality read it as more evidence than it is); "+
			"fit one of the two where the sources allow.\n", strings.Join(nested, "; "))
	}
	if strings.HasSuffix(res.Status, "Limit") {
		fmt.Fprintf(w, "The search stopped at a limit (%s), not at a minimum: raise evaluations (moot fit --evaluations, or evaluations: in the targets file).\n", res.Status)
	}
}

// writeTargetNotes names the fit targets no parameter moved, missed
// ("not reached") or met ("met, but by no parameter"), and the targets
// whose condition the sim judged no episode of at the fit.
func writeTargetNotes(w io.Writer, res *Result) {
	// A target no parameter moved is out of reach where it misses, and
	// merely fixed where the sim lies within its interval: said "not
	// reached", a target met to the tenth read as a failure.
	var missed, held []string
	for _, r := range res.Residuals {
		switch {
		case r.Unmoved && (r.Empty || r.Sim < r.Target.CILow || r.Sim > r.Target.CIHigh):
			missed = append(missed, r.Target.Name())
		case r.Unmoved:
			held = append(held, r.Target.Name())
		}
	}
	refits := ""
	if res.Bootstrap > 0 {
		refits = ", nor did the refits"
	}
	if len(missed) > 0 {
		fmt.Fprintf(w, "Not reached: no single parameter moved %s (each at either end of its range, the others at the fit)%s: "+
			"the fit is unlikely to bring it nearer, and its z counts in Σz² all the same.\n", strings.Join(missed, ", "), refits)
	}
	if len(held) > 0 {
		fmt.Fprintf(w, "Met, but by no parameter: no single parameter moved %s (each at either end of its range, the others at the fit)%s: "+
			"it lies within its target's interval wherever the parameters are, and pins none of them.\n", strings.Join(held, ", "), refits)
	}
	var empty []string
	for _, r := range append(slices.Clone(res.Residuals), res.Predictions...) {
		if r.Empty {
			empty = append(empty, r.Target.Name())
		}
	}
	if len(empty) > 0 {
		fmt.Fprintf(w, "None judged: at the fit the sim judged no episode of %s, and has no accuracy to set beside the target: "+
			"its z is that of the farthest an accuracy can be from the target, and counts so in Σz² where the target is fit; "+
			"settings under which its condition does not happen do not fit it.\n", strings.Join(empty, ", "))
	}
}

// boot shows a bootstrap statistic, or "—" without a bootstrap.
func boot(res *Result, s string) string {
	if res.Bootstrap == 0 {
		return "—"
	}
	return s
}

func residualTable(w io.Writer, md bool, esc func(string) string, res *Result, rs []Residual, what string) error {
	var rows [][]string
	for _, r := range rs {
		sim, delta := pct(r.Sim), signed(100*r.Residual, 1)
		if r.Empty {
			sim, delta = "none judged", "—"
		}
		rows = append(rows, []string{esc(r.Target.Name()), pct(r.Target.Accuracy), fmt.Sprintf("[%s, %s]", pct(r.Target.CILow), pct(r.Target.CIHigh)),
			sim, boot(res, fmt.Sprintf("[%s, %s]", pct(r.Low), pct(r.High))), strconv.Itoa(r.N),
			delta, signed(r.Z, 2), signed(r.ZWithSim, 2), esc(r.Target.Source)})
	}
	return table(w, md, []string{what, "Published", "95% CI", "Sim", "Sim over refits", "n", "Δ pp", "z", "z with sim", "Source"}, rows)
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// signed is x with its sign to prec places; one that rounds to zero is
// +0, never -0 (a sim equal to its target but for the float's last bits
// read "-0.0" and "z -0.00").
func signed(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Trim(s, "-0.") == "" {
		return "+" + strings.TrimPrefix(s, "-")
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

func table(w io.Writer, md bool, header []string, rows [][]string) error {
	opts := []tablewriter.Option{tablewriter.WithHeaderAutoFormat(tw.Off)}
	if md {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// noisiest is the fit target whose sim accuracy has the largest SE at the
// fit, of those a parameter moved where any was (a target none moved
// pins no setting, however noisy), nil where none has one.
func noisiest(rs []Residual) *Residual {
	var most *Residual
	for i := range rs {
		r := &rs[i]
		if r.SimSE == 0 {
			continue
		}
		if most == nil || most.Unmoved && !r.Unmoved || most.Unmoved == r.Unmoved && r.SimSE > most.SimSE {
			most = r
		}
	}
	return most
}

// coarseTargets names the fit targets whose accuracy at the fit moves in
// steps (1/n of its episodes) above half the SD its refits redraw it with
// (√(SE² + SimSE²): redraw), each with its n, its step and that SD. (Until
// 2026-12-06 the step was set against the target's SE alone, as the
// redraws were: 60 episodes against an SE of 2 points were coarse, where
// the sim's SE of 5 moves the refits over three steps.)
func coarseTargets(res *Result) []string {
	var out []string
	for _, r := range res.Residuals {
		if sd := math.Hypot(r.Target.SE(), r.SimSE); r.N > 0 && 1/float64(r.N) > sd/2 {
			out = append(out, fmt.Sprintf("%s is judged on %d episodes at the fit, a step of %.1f points against a redraw SD of %.1f",
				r.Target.Name(), r.N, 100/float64(r.N), 100*sd))
		}
	}
	return out
}

// nestedTargets names each pair of fit targets one of whose conditions
// holds the other's: the same protocol, and a task and assignment that
// the wider leaves open or shares (an assignment of the narrower's, as
// "assigned-incorrect" holds "assigned-incorrect/correct-first").
func nestedTargets(res *Result) []string {
	var out []string
	for i, r := range res.Residuals {
		for _, u := range res.Residuals[:i] {
			a, b := r.Target, u.Target
			if holds(b, a) {
				a, b = b, a
			}
			if holds(a, b) {
				out = append(out, fmt.Sprintf("%s within %s", b.Name(), a.Name()))
			}
		}
	}
	return out
}

// holds reports whether the condition of target wide holds narrow's: the
// same protocol, wide's task open or narrow's, wide's assignment open,
// narrow's, or a part before narrow's.
func holds(wide, narrow Target) bool {
	if wide.Protocol != narrow.Protocol || wide.Name() == narrow.Name() {
		return false
	}
	task := wide.Task == "" || wide.Task == narrow.Task
	assignment := wide.Assignment == "" || wide.Assignment == narrow.Assignment ||
		strings.HasPrefix(narrow.Assignment, wide.Assignment+"/")
	return task && assignment
}
