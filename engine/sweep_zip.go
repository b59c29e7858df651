package engine

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/internal/noun"
)

// zipKey is the sweep key whose map (or list of maps) holds axes that vary
// together.
const zipKey = "zip"

// field is where an axis stands in the file, as its errors name it:
// sweep.<key>, or sweep.zip.<key> for an axis of a zip.
func (ax *Axis) field() string {
	if ax.Zip > 0 {
		return joinPath("sweep."+zipKey, ax.Key)
	}
	return joinPath("sweep", ax.Key)
}

// axisFault is err, of axis ax, at line of the file.
func (x *Experiment) axisFault(ax *Axis, line int, err error) error {
	return &InputError{File: x.Path, Line: line, Field: ax.field(), Err: err}
}

// listedTwice is the fault of each key of a sweep's map node that repeats
// an earlier one, made by bad, and those keys' second places, which are
// not read (they would only be said to set what their first sets).
func listedTwice(node *yaml.Node, bad func(line int, key string, err error) error) ([]error, map[*yaml.Node]bool) {
	var errs []error
	twice := map[*yaml.Node]bool{}
	for _, d := range duplicateKeys(node) {
		errs = append(errs, bad(d[0].Line, d[0].Value, fmt.Errorf("listed twice (first at line %d)", d[1].Line)))
		twice[d[0]] = true
	}
	return errs, twice
}

// loadZip reads a zip: block — a map of axes, or a list of such maps —
// each map a group of axes with as many values each, which vary together:
// one dimension of the product. Groups are numbered on from after, the
// dimensions before them. Each group's faults are said (zipGroup), not
// the first group's alone.
func (x *Experiment) loadZip(v *yaml.Node, after int, add func(k, v *yaml.Node, zip int) (*Axis, error)) ([][]*Axis, error) {
	groups := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		groups = v.Content
	}
	var dims [][]*Axis
	var errs []error
	for _, g := range groups {
		dim, err := x.zipGroup(g, after+len(dims)+1, add)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		dims = append(dims, dim)
	}
	return dims, joinFaults(errs...)
}

// zipGroup reads one group of a zip, numbered zip: its axes, in order.
// Each key's fault is said, not the first alone; a key listed twice is
// said once, its second place not read (it would only be said to set
// what its first sets).
func (x *Experiment) zipGroup(g *yaml.Node, zip int, add func(k, v *yaml.Node, zip int) (*Axis, error)) ([]*Axis, error) {
	bad := func(line int, key string, err error) error {
		return &InputError{File: x.Path, Line: line, Field: joinPath("sweep.zip", key), Err: err}
	}
	if g.Kind != yaml.MappingNode || len(g.Content) < 4 {
		return nil, bad(g.Line, "", errors.New("want a map of two or more setting paths to lists of values that vary together (or a list of such maps)"))
	}
	errs, twice := listedTwice(g, bad)
	var dim []*Axis
	var lead *yaml.Node // the first key whose values the file lists
	leadCount := 0
	for i := 0; i+1 < len(g.Content); i += 2 {
		k, val := g.Content[i], g.Content[i+1]
		switch {
		case twice[k]:
			continue
		case k.Value == zipKey:
			errs = append(errs, bad(k.Line, k.Value, errors.New("a zip cannot hold another")))
			continue
		}
		ax, err := add(k, val, zip)
		if lead == nil && listed(val) > 0 {
			// The group's count is its first listed key's, whether or
			// not that key is at fault: a count is what the file says.
			lead, leadCount = k, listed(val)
			if err == nil {
				dim = append(dim, ax)
				continue
			}
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(ax.Values) != leadCount {
			errs = append(errs, x.axisFault(ax, k.Line, fmt.Errorf("%s; the axes of a zip vary together, and %s has %d", noun.Count(len(ax.Values), "value"), lead.Value, leadCount)))
			continue
		}
		dim = append(dim, ax)
	}
	return dim, joinFaults(errs...)
}

// listed is how many values a sweep key's node lists: a list's items, a
// map's names; 0 for anything else.
func listed(v *yaml.Node) int {
	switch v.Kind {
	case yaml.SequenceNode:
		return len(v.Content)
	case yaml.MappingNode:
		return len(v.Content) / 2
	}
	return 0
}
