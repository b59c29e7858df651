package fit

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/internal/inputerr"
)

// Limits of a targets file.
const (
	maxTargetsBytes = 1 << 20
	maxBootstrap    = 1000
	maxEvaluations  = 100000
	// DefaultBootstrap and DefaultEvaluations apply when the file does
	// not set bootstrap: or evaluations:.
	DefaultBootstrap   = 20
	DefaultEvaluations = 150
)

// Targets is a targets file: what to fit, to what, and how hard to try.
type Targets struct {
	Path       string
	Parameters []Parameter
	// Fit are the targets the parameters are fitted to; Predict are held
	// out: predicted with the fitted parameters and compared, not fitted.
	Fit     []Target
	Predict []Target
	// Bootstrap is the number of refits on redrawn targets (0: none);
	// Evaluations bounds the experiment runs of one fit.
	Bootstrap   int
	Evaluations int
	// Seed seeds the bootstrap's draws of the targets.
	Seed uint64
}

// Parameter is one setting to fit, within [Min, Max], starting at Start.
type Parameter struct {
	// Name is a sweep key, agents.<agent>.<setting> (a protocol's settings
	// are whole numbers, switches or names: none can be fitted).
	Name     string
	Min, Max float64
	Start    float64
	Line     int
}

// round rounds v to 4 decimals within the parameter's range: a bound off
// that grid is not stepped past.
func (p Parameter) round(v float64) float64 {
	return min(max(math.Round(v*1e4)/1e4, p.Min), p.Max)
}

// Target is a judge accuracy to reproduce (or to predict): that of a
// protocol (by its label), on a task, in an assignment, each of the last
// two "" for all of them.
type Target struct {
	Protocol   string  `json:"protocol"`
	Task       string  `json:"task,omitempty"`
	Assignment string  `json:"assignment,omitempty"`
	Accuracy   float64 `json:"accuracy"`
	// CILow and CIHigh are the published 95% CI.
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
	// Source cites where the number comes from.
	Source string `json:"source"`
	// Line is the target's line in its file.
	Line int `json:"line"`
}

// SE is the target's standard error: its CI's half-width over 1.96.
func (t Target) SE() float64 { return (t.CIHigh - t.CILow) / (2 * 1.959963984540054) }

// Name names the target's condition: protocol, task and assignment.
func (t Target) Name() string {
	parts := []string{t.Protocol}
	if t.Task != "" {
		parts = append(parts, t.Task)
	}
	if t.Assignment != "" {
		parts = append(parts, t.Assignment)
	}
	return strings.Join(parts, " · ")
}

// ReadTargets reads and validates a targets file. Each problem is an
// *inputerr.Error naming the file, line and field, wrapping
// inputerr.ErrBadInput.
func ReadTargets(path string) (*Targets, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &inputerr.Error{File: path, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTargetsBytes+1))
	if err != nil {
		return nil, &inputerr.Error{File: path, Err: err}
	}
	if len(data) > maxTargetsBytes {
		return nil, &inputerr.Error{File: path, Err: fmt.Errorf("larger than %d bytes", maxTargetsBytes)}
	}
	return ParseTargets(path, data)
}

// ParseTargets decodes and validates a targets file's bytes; path names it
// in errors.
func ParseTargets(path string, data []byte) (*Targets, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, inputerr.YAML(path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &inputerr.Error{File: path, Err: errors.New("want a mapping with parameters: and targets:")}
	}
	d := &decoder{path: path}
	t := &Targets{Path: path, Bootstrap: DefaultBootstrap, Evaluations: DefaultEvaluations, Seed: 1}
	root := doc.Content[0]
	err := d.fields(root, "", map[string]func(*yaml.Node, string) error{
		"parameters": func(v *yaml.Node, f string) error {
			return d.list(v, f, func(n *yaml.Node, f string) error { return t.addParameter(d, n, f) })
		},
		"targets":     func(v *yaml.Node, f string) error { return d.list(v, f, d.targetsInto(&t.Fit)) },
		"predict":     func(v *yaml.Node, f string) error { return d.list(v, f, d.targetsInto(&t.Predict)) },
		"bootstrap":   func(v *yaml.Node, f string) error { return d.intIn(v, f, 0, maxBootstrap, &t.Bootstrap) },
		"evaluations": func(v *yaml.Node, f string) error { return d.intIn(v, f, 1, maxEvaluations, &t.Evaluations) },
		"seed":        func(v *yaml.Node, f string) error { return d.seed(v, f, &t.Seed) },
	})
	if err != nil {
		return nil, err
	}
	if len(t.Parameters) == 0 {
		return nil, d.bad(root.Line, "parameters", errors.New("name at least one parameter to fit"))
	}
	if len(t.Fit) == 0 {
		return nil, d.bad(root.Line, "targets", errors.New("give at least one target to fit"))
	}
	return t, nil
}

// addParameter decodes parameters[i].
func (t *Targets) addParameter(d *decoder, n *yaml.Node, field string) error {
	p := Parameter{Line: n.Line}
	var start *float64
	err := d.fields(n, field, map[string]func(*yaml.Node, string) error{
		"name":  func(v *yaml.Node, f string) error { return d.str(v, f, &p.Name) },
		"min":   func(v *yaml.Node, f string) error { return d.number(v, f, &p.Min) },
		"max":   func(v *yaml.Node, f string) error { return d.number(v, f, &p.Max) },
		"start": func(v *yaml.Node, f string) error { start = new(float64); return d.number(v, f, start) },
	}, "name", "min", "max")
	if err != nil {
		return err
	}
	parts := strings.Split(p.Name, ".")
	if len(parts) == 3 && parts[0] == "protocols" {
		// Every protocol setting is a whole number, a switch or a name:
		// a search that moves a value continuously cannot set one.
		return d.bad(n.Line, field+".name", fmt.Errorf("%s: a protocol's settings are whole numbers, switches or names, which a fit cannot vary continuously; fit agents' settings, and sweep a protocol's (sweep: in the experiment)", p.Name))
	}
	if len(parts) != 3 || parts[0] != "agents" || parts[1] == "" || parts[2] == "" {
		return d.bad(n.Line, field+".name", fmt.Errorf("want agents.<agent>.<setting>, got %q", p.Name))
	}
	for _, q := range t.Parameters {
		if q.Name == p.Name {
			return d.bad(n.Line, field+".name", fmt.Errorf("%s is listed twice (first at line %d)", p.Name, q.Line))
		}
	}
	if !(p.Min < p.Max) {
		return d.bad(n.Line, field+".max", fmt.Errorf("max (%g) must be above min (%g)", p.Max, p.Min))
	}
	p.Start = (p.Min + p.Max) / 2
	if start != nil {
		if *start < p.Min || *start > p.Max {
			return d.bad(n.Line, field+".start", fmt.Errorf("%g is outside [%g, %g]", *start, p.Min, p.Max))
		}
		p.Start = *start
	}
	t.Parameters = append(t.Parameters, p)
	return nil
}

// targetsInto decodes targets[i] or predict[i] into *into.
func (d *decoder) targetsInto(into *[]Target) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		t := Target{Line: n.Line}
		err := d.fields(n, field, map[string]func(*yaml.Node, string) error{
			"protocol":   func(v *yaml.Node, f string) error { return d.str(v, f, &t.Protocol) },
			"task":       func(v *yaml.Node, f string) error { return d.str(v, f, &t.Task) },
			"assignment": func(v *yaml.Node, f string) error { return d.str(v, f, &t.Assignment) },
			"accuracy":   func(v *yaml.Node, f string) error { return d.number(v, f, &t.Accuracy) },
			"ci":         func(v *yaml.Node, f string) error { return d.interval(v, f, &t.CILow, &t.CIHigh) },
			"source":     func(v *yaml.Node, f string) error { return d.str(v, f, &t.Source) },
		}, "protocol", "accuracy", "ci", "source")
		if err != nil {
			return err
		}
		if t.Accuracy < 0 || t.Accuracy > 1 {
			return d.bad(n.Line, field+".accuracy", fmt.Errorf("want a proportion in [0, 1], got %g", t.Accuracy))
		}
		if t.CILow < 0 || t.CIHigh > 1 || !(t.CILow < t.CIHigh) || t.Accuracy < t.CILow || t.Accuracy > t.CIHigh {
			return d.bad(n.Line, field+".ci", fmt.Errorf("want [low, high] within [0, 1], low < high, around the accuracy %g; got [%g, %g]", t.Accuracy, t.CILow, t.CIHigh))
		}
		for _, u := range *into {
			if u.Name() == t.Name() {
				return d.bad(n.Line, field, fmt.Errorf("%s is listed twice (first at line %d)", t.Name(), u.Line))
			}
		}
		*into = append(*into, t)
		return nil
	}
}

// decoder decodes the nodes of one targets file strictly, each problem an
// error at its line.
type decoder struct{ path string }

func (d *decoder) bad(line int, field string, err error) error {
	return &inputerr.Error{File: d.path, Line: line, Field: field, Err: err}
}

// fields decodes a mapping: each key by its function, an unknown or
// repeated key an error, and each of required present.
func (d *decoder) fields(n *yaml.Node, path string, known map[string]func(*yaml.Node, string) error, required ...string) error {
	if n.Kind != yaml.MappingNode {
		return d.bad(n.Line, path, errors.New("want a mapping"))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := k.Value
		if path != "" {
			field = path + "." + k.Value
		}
		fn, ok := known[k.Value]
		if !ok {
			return d.bad(k.Line, field, fmt.Errorf("unknown field (known: %s)", knownList(known)))
		}
		if seen[k.Value] {
			return d.bad(k.Line, field, errors.New("given twice"))
		}
		seen[k.Value] = true
		if err := fn(v, field); err != nil {
			return err
		}
	}
	for _, r := range required {
		if !seen[r] {
			field := r
			if path != "" {
				field = path + "." + r
			}
			return d.bad(n.Line, field, errors.New("required"))
		}
	}
	return nil
}

func knownList(known map[string]func(*yaml.Node, string) error) string {
	var ks []string
	for k := range known {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}

func (d *decoder) list(n *yaml.Node, path string, each func(*yaml.Node, string) error) error {
	if n.Kind != yaml.SequenceNode {
		return d.bad(n.Line, path, errors.New("want a list"))
	}
	for i, item := range n.Content {
		if err := each(item, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, field string, into *string) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || strings.TrimSpace(n.Value) == "" {
		return d.bad(n.Line, field, fmt.Errorf("want a non-empty string, got %q", n.Value))
	}
	*into = n.Value
	return nil
}

func (d *decoder) number(n *yaml.Node, field string, into *float64) error {
	x, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!float" && n.Tag != "!!int") || err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return d.bad(n.Line, field, fmt.Errorf("want a finite number, got %q", n.Value))
	}
	*into = x
	return nil
}

func (d *decoder) intIn(n *yaml.Node, field string, lo, hi int, into *int) error {
	x, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || x < lo || x > hi {
		return d.bad(n.Line, field, fmt.Errorf("want a whole number from %d to %d, got %q", lo, hi, n.Value))
	}
	*into = x
	return nil
}

func (d *decoder) seed(n *yaml.Node, field string, into *uint64) error {
	x, err := strconv.ParseUint(n.Value, 10, 63)
	if n.Kind != yaml.ScalarNode || err != nil {
		return d.bad(n.Line, field, fmt.Errorf("want a whole number from 0 to 2^63-1, got %q", n.Value))
	}
	*into = x
	return nil
}

func (d *decoder) interval(n *yaml.Node, field string, lo, hi *float64) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		return d.bad(n.Line, field, errors.New("want [low, high]"))
	}
	if err := d.number(n.Content[0], field+"[0]", lo); err != nil {
		return err
	}
	return d.number(n.Content[1], field+"[1]", hi)
}
