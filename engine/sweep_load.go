package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// loadSweep reads the sweep: block, checks each value by building the agent
// or protocol with it, and expands the cartesian product into cells.
func (x *Experiment) loadSweep(node *yaml.Node, line int) error {
	bad := func(line int, key string, err error) error {
		return &InputError{File: x.Path, Line: line, Field: joinPath("sweep", key), Err: err}
	}
	if node.Kind != yaml.MappingNode || len(node.Content) == 0 {
		return bad(line, "", errors.New("want a map of setting paths (agents.<agent>.<setting> or protocols.<label>.<setting>) to lists of values"))
	}
	sw := &Sweep{}
	dims, err := x.sweepDims(node, sw, bad)
	if err != nil {
		return err
	}
	for _, idx := range product(dims) {
		c, err := x.sweepCell(sw.Axes, idx)
		if err != nil {
			return err
		}
		sw.Cells = append(sw.Cells, c)
	}
	if a, b, ax := sameCells(sw.Cells, sw.Axes); ax != nil {
		return bad(ax.line, ax.Key, fmt.Errorf("values %s and %s resolve to the same settings (as a default written out and left out do): their cells would play alike and count twice; list one", a, b))
	}
	for _, pe := range x.Protocols {
		sw.played = append(sw.played, sw.playedIn(pe))
	}
	x.Sweep = sw
	return nil
}

// sweepDims reads the keys of the sweep's map node into sw's axes and
// returns the dimensions of their product: an axis, or a zip group. Each
// key's fault is said (Faults of them), not the first alone; a key given
// twice is said once, its second place not read.
func (x *Experiment) sweepDims(node *yaml.Node, sw *Sweep, bad func(line int, key string, err error) error) ([][]*Axis, error) {
	errs, twice := listedTwice(node, bad)
	names := map[string]*Axis{} // by name
	add := func(k, v *yaml.Node, zip int) (*Axis, error) {
		ax, err := x.sweepAxis(k, v, zip)
		if err != nil {
			return nil, err
		}
		if other, target := overlap(sw.Axes, ax); other != nil {
			// The later value would win in every cell, and the earlier
			// axis would name cells that never played its values. (Said
			// first: the same key, in zip: and out of it, names its cells
			// alike too, but the names are not what is wrong.)
			return nil, x.axisFault(ax, k.Line, fmt.Errorf("it sets %s, as %s does (line %d): a setting varies along one axis at most", target, other.field(), other.line))
		}
		if other, ok := names[ax.Name]; ok {
			return nil, x.axisFault(ax, k.Line, fmt.Errorf("its cells would be named %s, as those of %s; rename the agent or the protocol", ax.Name, other.field()))
		}
		names[ax.Name] = ax
		sw.Axes = append(sw.Axes, ax)
		return ax, nil
	}
	var dims [][]*Axis
	cells, over := 1, false
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if twice[k] {
			continue
		}
		added, err := x.sweepKey(k, v, len(dims), add)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, dim := range added {
			dims = append(dims, dim)
			cells *= len(dim[0].Values)
			if cells > maxCells && !over {
				over = true // said once, at the key that passes the limit
				errs = append(errs, bad(k.Line, k.Value, fmt.Errorf("the sweep has %d cells with this key, more than the %d allowed", cells, maxCells)))
			}
		}
	}
	return dims, joinFaults(errs...)
}

// sweepKey reads one key of the sweep: an axis, or a zip block's groups
// (loadZip), numbered on from after.
func (x *Experiment) sweepKey(k, v *yaml.Node, after int, add func(k, v *yaml.Node, zip int) (*Axis, error)) ([][]*Axis, error) {
	if k.Value == zipKey {
		return x.loadZip(v, after, add)
	}
	ax, err := add(k, v, 0)
	if err != nil {
		return nil, err
	}
	return [][]*Axis{{ax}}, nil
}

// overlap finds an axis of axes that sets a setting ax sets too, and
// names that setting ("agent judge's skill").
func overlap(axes []*Axis, ax *Axis) (*Axis, string) {
	for _, other := range axes {
		if other.setting != ax.setting {
			continue
		}
		for _, t := range ax.targets {
			for _, u := range other.targets {
				switch {
				case t.agent != nil && t.agent == u.agent:
					return other, fmt.Sprintf("agent %s's %s", t.agent.Name, ax.setting)
				case t.proto != nil && t.proto == u.proto:
					return other, fmt.Sprintf("protocol %s's %s", t.proto.Label, ax.setting)
				}
			}
		}
	}
	return nil, ""
}

// sweepAxis reads one key of the sweep, of zip group zip (0: none), and
// checks each of its values alone.
func (x *Experiment) sweepAxis(k, v *yaml.Node, zip int) (*Axis, error) {
	ax := &Axis{Key: k.Value, Zip: zip, line: k.Line}
	bad := func(line int, err error) error { return x.axisFault(ax, line, err) }
	if err := x.resolveAxis(ax); err != nil {
		return nil, bad(k.Line, err)
	}
	values, err := axisValues(v)
	if err != nil {
		return nil, bad(v.Line, err)
	}
	seen := map[string]int{}
	for _, nv := range values {
		el := nv.node
		if el.Kind != yaml.ScalarNode {
			return nil, bad(el.Line, errors.New("each value is a number, a word or true/false"))
		}
		if el.Tag == "!!null" {
			// A null would leave the setting at its default, not the
			// file's value: never what a sweep means.
			return nil, bad(el.Line, fmt.Errorf("value %q is null; give the setting's value", el.Value))
		}
		if err := transcript.CheckCellValue(nv.name); err != nil && nv.named {
			return nil, bad(el.Line, fmt.Errorf("name %q: cell names cannot hold it (no empty names, commas, '=', '/', '@' or spaces)", nv.name))
		} else if err != nil {
			return nil, bad(el.Line, fmt.Errorf("%w; name such values: {short-name: value, …}", err))
		}
		canon := el.Value
		if f, err := strconv.ParseFloat(el.Value, 64); err == nil && el.Tag != "!!str" {
			canon = strconv.FormatFloat(f, 'g', -1, 64) // 0.5 and 0.50 are one value
		}
		if first, ok := seen[canon]; ok {
			return nil, bad(el.Line, fmt.Errorf("value %s is listed twice (first at line %d)", el.Value, first))
		}
		seen[canon] = el.Line
		// Each value alone, so that a bad one is reported at its line.
		if err := x.substitute(ax, el); err != nil {
			return nil, bad(el.Line, err)
		}
		ax.Values = append(ax.Values, nv.name)
		ax.nodes = append(ax.nodes, el)
	}
	return ax, nil
}

// namedValue is a value of a sweep axis and its name in cell names.
type namedValue struct {
	name string
	node *yaml.Node
	// named is set where the file names the value (a map).
	named bool
}

// axisValues reads an axis's values: a list, each value its own name, or
// a map of names to values, for values that cannot name a cell — a path
// with a slash, an empty prompts: (the shipped prompts), a long text.
func axisValues(v *yaml.Node) ([]namedValue, error) {
	var out []namedValue
	switch {
	case v.Kind == yaml.SequenceNode && len(v.Content) > 0:
		for _, el := range v.Content {
			out = append(out, namedValue{name: el.Value, node: el})
		}
	case v.Kind == yaml.MappingNode && len(v.Content) > 0:
		if d := duplicateKey(v); d != nil {
			return nil, fmt.Errorf("the name %s is given twice (lines %d and %d)", d[0].Value, d[1].Line, d[0].Line)
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			out = append(out, namedValue{name: v.Content[i].Value, node: v.Content[i+1], named: true})
		}
	default:
		return nil, errors.New("want a non-empty list of values, such as [0.5, 0.7, 0.9], or a map of names to values, such as {shipped: \"\", terse: prompts/terse.tmpl}")
	}
	return out, nil
}

// wildcard in an axis key stands for every agent, or every protocol, that
// has the setting.
const wildcard = "*"

// resolveAxis finds the agents or protocols that ax.Key names and the
// setting it varies, and names the axis.
func (x *Experiment) resolveAxis(ax *Axis) error {
	kind, rest, _ := strings.Cut(ax.Key, ".")
	if kind != "agents" && kind != "protocols" || rest == "" {
		return errors.New("want agents.<agent>.<setting> or protocols.<label>.<setting> (* for every agent or protocol with the setting)")
	}
	ax.Name = rest
	entries, one, listed := x.axisEntries(kind)
	if setting, ok := strings.CutPrefix(rest, wildcard+"."); ok {
		ax.setting = setting
		if err := checkSweptSetting(kind, setting); err != nil {
			return err
		}
		for _, e := range entries {
			if hasSetting(e.settings(), setting) {
				ax.targets = append(ax.targets, e.target)
			}
		}
		if len(ax.targets) == 0 && len(x.atFault(kind)) > 0 && someKindHas(kind, setting) {
			return x.errAtFault(kind) // one at fault may have it
		}
		if len(ax.targets) == 0 {
			return fmt.Errorf("no entry of %s has the setting %s", kind, setting)
		}
		return nil
	}
	// Names may hold dots: the longest name that fits wins.
	var name string
	for _, e := range entries {
		if strings.HasPrefix(rest, e.name+".") && len(e.name) > len(name) {
			name, ax.targets = e.name, []axisTarget{e.target}
		}
	}
	// A key that names one and no setting says so, of one at fault too
	// (whose own fault does not make the key whole).
	if name == "" && slices.ContainsFunc(entries, func(e axisEntry) bool { return e.name == rest }) || slices.Contains(x.atFault(kind), rest) {
		return fmt.Errorf("name a setting of %s %s: %s.%s.<setting>", one, rest, kind, rest)
	}
	// One at fault whose name fits longer (d.v2 beside d) is the one
	// meant, not the built one with a nested setting.
	if slices.ContainsFunc(x.atFault(kind), func(e string) bool {
		return len(e) > len(name) && (rest == e || strings.HasPrefix(rest, e+"."))
	}) {
		return x.errAtFault(kind)
	}
	if name == "" {
		names := x.given(kind)
		if names == nil { // not read from a file
			for _, e := range entries {
				names = append(names, e.name)
			}
		}
		return fmt.Errorf("unknown %s (%s: %s)", one, listed, strings.Join(names, ", "))
	}
	ax.setting = strings.TrimPrefix(rest, name+".")
	return checkSweptSetting(kind, ax.setting)
}

// axisEntry is an agent or a protocol that an axis may vary: its name (a
// protocol's label), its decoded settings, and the target it makes.
type axisEntry struct {
	name     string
	settings func() any
	target   axisTarget
}

// axisEntries are the agents or the protocols (kind) that an axis may
// vary, in the file's order; the word for one of them; and the word for
// their names in a message.
func (x *Experiment) axisEntries(kind string) (entries []axisEntry, one, listed string) {
	if kind == "agents" {
		for _, a := range x.Agents {
			entries = append(entries, axisEntry{a.Name, func() any { return a.Settings }, axisTarget{agent: a}})
		}
		return entries, "agent", "agents"
	}
	for _, p := range x.Protocols {
		entries = append(entries, axisEntry{p.Label, func() any { return p.Protocol.Settings() }, axisTarget{proto: p}})
	}
	return entries, "protocol", "labels"
}

// someKindHas says whether some backend (kind agents) or some protocol
// has setting: where none has, no agent or protocol at fault, once
// sound, has it either.
func someKindHas(kind, setting string) bool {
	has := func(ss []settings.Setting) bool {
		return slices.ContainsFunc(ss, func(s settings.Setting) bool { return s.Name == setting })
	}
	if kind == "agents" {
		return slices.ContainsFunc(agents.Entries(), func(e agents.Entry) bool { return has(e.Settings) })
	}
	return slices.ContainsFunc(protocols.Entries(), func(e protocols.Entry) bool { return has(e.Settings) })
}

// checkSweptSetting says whether setting of an agent or protocol (kind)
// may be swept.
func checkSweptSetting(kind, setting string) error {
	switch {
	case setting == "" || strings.Contains(setting, "."):
		return errors.New("name one setting after the agent or protocol, not a nested path")
	case kind == "agents" && slices.Contains(agentKeysNotSwept, setting),
		kind == "protocols" && slices.Contains(protocolKeysNotSwept, setting):
		return fmt.Errorf("%s cannot be swept; give each variant its own entry", setting)
	}
	return nil
}

// hasSetting reports whether the decoded settings struct v has the key.
func hasSetting(v any, key string) bool {
	return slices.ContainsFunc(settings.Of(v), func(s settings.Setting) bool { return s.Name == key })
}

// substitute builds each agent or protocol of axis ax with value as its
// setting, and returns the problem if that fails.
func (x *Experiment) substitute(ax *Axis, value *yaml.Node) error {
	for _, t := range ax.targets {
		var err error
		if t.agent != nil {
			_, err = x.buildAgent(t.agent.Name, withSetting(t.agent.node, ax.setting, value, ax.line), "agents."+t.agent.Name)
		} else {
			_, err = x.buildProtocol(withSetting(t.proto.node, ax.setting, value, ax.line), t.proto.path)
		}
		if err != nil {
			return bareError(err)
		}
	}
	return nil
}

// bareError is the message of an InputError without its file, line and
// field: the sweep reports it at its own key and value.
func bareError(err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Err
	}
	return err
}

// withSetting returns a copy of the mapping block with key set to value,
// replacing the key's value if the block has it. The copy shares the other
// nodes, which decoding does not change.
func withSetting(block *yaml.Node, key string, value *yaml.Node, line int) *yaml.Node {
	c := *block
	c.Content = append([]*yaml.Node(nil), block.Content...)
	for i := 0; i+1 < len(c.Content); i += 2 {
		if c.Content[i].Value == key {
			c.Content[i+1] = value
			return &c
		}
	}
	c.Content = append(c.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line}, value)
	return &c
}

// product lists, for every cell, the index of each axis's value, the first
// dimension varying slowest; the axes of one dimension (a zip group) take
// the same index.
func product(dims [][]*Axis) [][]int {
	out := [][]int{{}}
	for _, dim := range dims {
		var next [][]int
		for _, prefix := range out {
			for j := range dim[0].Values {
				idx := slices.Clone(prefix)
				for range dim {
					idx = append(idx, j)
				}
				next = append(next, idx)
			}
		}
		out = next
	}
	return out
}

// sameCells finds two cells that resolve alike — every agent and protocol
// they set with the same backend, kind and settings once defaults are
// filled in — and the first axis whose values tell them apart, with those
// values; a nil axis where every cell differs.
func sameCells(cells []*Cell, axes []*Axis) (a, b string, ax *Axis) {
	seen := map[string]*Cell{}
	for _, c := range cells {
		var parts []any
		for _, ag := range c.Agents {
			parts = append(parts, ag.Name, ag.Backend, ag.Settings)
		}
		for _, p := range c.Protocols {
			parts = append(parts, p.Label, p.Kind, p.Protocol.Settings(), p.promptsSHA256)
		}
		key, err := json.Marshal(parts)
		if err != nil {
			continue // settings that do not marshal are told apart by nothing here
		}
		if first, ok := seen[string(key)]; ok {
			for i := range axes {
				if first.Values[i] != c.Values[i] {
					return first.Values[i], c.Values[i], axes[i]
				}
			}
		}
		seen[string(key)] = c
	}
	return "", "", nil
}
