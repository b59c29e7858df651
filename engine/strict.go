package engine

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/internal/inputerr"
)

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// decodeStrict decodes node into v (a pointer to a struct), first rejecting
// any mapping key that v's type does not have, at any depth, with the line
// of the key. Keys in skip are allowed at the top level: they belong to the
// caller (such as "backend", read before the rest is decoded).
func decodeStrict(node *yaml.Node, v any, skip ...string) error {
	allowed := map[string]bool{}
	for _, k := range skip {
		allowed[k] = true
	}
	if err := checkKnown(node, reflect.TypeOf(v), allowed, ""); err != nil {
		return err
	}
	if len(skip) == 0 {
		return node.Decode(v)
	}
	// Decode a copy of the mapping without the caller's keys.
	trimmed := *node
	trimmed.Content = nil
	for i := 0; i+1 < len(node.Content); i += 2 {
		if !allowed[node.Content[i].Value] {
			trimmed.Content = append(trimmed.Content, node.Content[i], node.Content[i+1])
		}
	}
	return trimmed.Decode(v)
}

// checkKnown walks node alongside type t and returns every fault it
// finds — an unknown key, a value of the wrong kind, a key given twice —
// each a *lineError, in the order of the file (Faults of them where
// there are several): a block with two unknown keys is not fixed in two
// runs. extra are keys allowed in a top-level mapping besides t's fields.
func checkKnown(node *yaml.Node, t reflect.Type, extra map[string]bool, path string) error {
	var errs []error
	walkKnown(node, t, extra, path, func(err error) { errs = append(errs, err) })
	return joinFaults(errs...)
}

// walkKnown is checkKnown's walk, which hands each fault to add. Below a
// value of the wrong kind it does not look: its keys are not t's.
func walkKnown(node *yaml.Node, t reflect.Type, extra map[string]bool, path string, add func(error)) {
	if node.Kind == yaml.AliasNode {
		// The anchored node was checked where it was defined; following
		// aliases again would let a file of nested aliases (a "YAML
		// bomb") make this walk exponential.
		return
	}
	if node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[yaml.Node]() {
		return
	}
	if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
		if err := selfDecoded(node, t, path); err != nil {
			add(err)
		}
		return
	}
	if node.Kind == yaml.MappingNode {
		// Each key given twice is said, and the block walked on: its
		// other faults are said too.
		for _, d := range duplicateKeys(node) {
			add(&lineError{Line: d[0].Line, Field: path, Err: &twiceError{d[0].Value, d[1].Line}})
		}
	}
	switch {
	case node.Kind == yaml.ScalarNode && node.Tag == "!!float" && isWhole(t):
		// yaml.v3 would truncate 1.5 to 1 without a word.
		add(&lineError{Line: node.Line, Field: path, Err: fmt.Errorf("want a whole number, got `%s`", node.Value)})
	case wrongKind(node, t) != nil:
		// yaml.v3 would say "cannot unmarshal !!str `two` into int" with
		// the line but not the field.
		add(&lineError{Line: node.Line, Field: path, Err: wrongKind(node, t)})
	case t.Kind() == reflect.Struct && node.Kind == yaml.MappingNode:
		walkFields(node, t, extra, path, add)
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && node.Kind == yaml.SequenceNode:
		for i, el := range node.Content {
			walkKnown(el, t.Elem(), nil, fmt.Sprintf("%s[%d]", path, i), add)
		}
	case t.Kind() == reflect.Map && node.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(node.Content); i += 2 {
			walkKnown(node.Content[i+1], t.Elem(), nil, joinPath(path, node.Content[i].Value), add)
		}
	}
}

// walkFields is walkKnown of the mapping node of struct t: each key must
// be one of t's fields (or of extra), and its value is walked in turn.
func walkFields(node *yaml.Node, t reflect.Type, extra map[string]bool, path string, add func(error)) {
	fields := map[string]reflect.Type{}
	collectFields(t, fields)
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		ft, ok := fields[k.Value]
		if !ok {
			if !extra[k.Value] {
				add(&lineError{Line: k.Line, Field: joinPath(path, k.Value), Err: fmt.Errorf("unknown field (known: %s)", knownList(fields, extra))})
			}
			continue
		}
		walkKnown(val, ft, nil, joinPath(path, k.Value), add)
		if c, ok := reflect.New(ft).Interface().(keysChecker); ok && val.Kind == yaml.MappingNode {
			if err := c.CheckKeys(mappingKeys(val)); err != nil {
				add(&lineError{Line: k.Line, Field: joinPath(path, k.Value), Err: err})
			}
		}
	}
}

// keysChecker is a settings struct that says which of its keys must be
// given together, from the keys its mapping names (a price: both input
// and output), where its decoded value cannot tell a key left out from
// one given as 0.
type keysChecker interface {
	CheckKeys(keys []string) error
}

// mappingKeys are the keys of the mapping node, in order.
func mappingKeys(node *yaml.Node) []string {
	var keys []string
	for i := 0; i+1 < len(node.Content); i += 2 {
		keys = append(keys, node.Content[i].Value)
	}
	return keys
}

// duplicateKey returns the first key of a mapping that repeats an earlier
// one, and that earlier key; nil if none does. yaml.v3 does not check keys
// when decoding into a yaml.Node, and the engine reads some keys itself.
func duplicateKey(node *yaml.Node) []*yaml.Node {
	if d := duplicateKeys(node); len(d) > 0 {
		return d[0]
	}
	return nil
}

// duplicateKeys is duplicateKey of each key that repeats an earlier one,
// in the order of the mapping.
func duplicateKeys(node *yaml.Node) [][]*yaml.Node {
	var out [][]*yaml.Node
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k := node.Content[i]
		if first, ok := seen[k.Value]; ok {
			out = append(out, []*yaml.Node{k, first})
			continue
		}
		seen[k.Value] = k
	}
	return out
}

// twiceError is a mapping's key given twice, the fault of the block the
// mapping is; key says which, so that a file can be read around it.
type twiceError struct {
	key   string
	first int // the line of the key's first place
}

func (e *twiceError) Error() string {
	return fmt.Sprintf("mapping key %q already defined at line %d", e.key, e.first)
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// wrongKind says what a field of type t (not a pointer) wants when node
// is not one — a map where a list goes, a word where a number goes, a
// negative count — and nil when it fits, when it is null, or when the
// type decodes itself (durations, text unmarshalers).
func wrongKind(node *yaml.Node, t reflect.Type) error {
	tag := node.ShortTag()
	if tag == "!!null" || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return nil
	}
	got := fmt.Sprintf("`%s`", node.Value)
	if node.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		// "3" is a string: say so, or the message reads as if 3 were wrong.
		got = fmt.Sprintf("the string %q (in quotes)", node.Value)
	}
	switch node.Kind {
	case yaml.SequenceNode:
		got = "a list"
	case yaml.MappingNode:
		got = "a map"
	}
	want := ""
	switch {
	case t == reflect.TypeFor[time.Duration]():
		// yaml.v3 would say "cannot unmarshal !!int `5` into
		// time.Duration": a bare number has no unit.
		if _, err := time.ParseDuration(node.Value); node.Kind != yaml.ScalarNode || tag != "!!str" || err != nil {
			want = "a duration with its unit, such as 30s, 1m30s or 500ms"
		}
	case t.Kind() == reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			want = "a list"
		}
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Map:
		if node.Kind != yaml.MappingNode {
			want = "a map"
		}
	case t.Kind() == reflect.String:
		if node.Kind != yaml.ScalarNode {
			want = "a string"
		}
	default:
		want = wantNumberOrBool(node, t, tag)
	}
	if want == "" {
		return nil
	}
	return fmt.Errorf("want %s, got %s", want, got)
}

// wantNumberOrBool is what a number or bool field of type t wants where
// node, tagged tag, is not one; "" where it is, or t is of another kind.
func wantNumberOrBool(node *yaml.Node, t reflect.Type, tag string) string {
	want := ""
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if tag != "!!int" {
			want = "a whole number"
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if tag != "!!int" || strings.HasPrefix(node.Value, "-") {
			want = "a whole number, not negative"
		}
	case reflect.Float32, reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			want = "a number"
		}
	case reflect.Bool:
		if tag != "!!bool" {
			want = "true or false"
		}
	}
	return want
}

func isWhole(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return t != reflect.TypeFor[time.Duration]()
	}
	return false
}

// collectFields maps each YAML key of struct t to its field's type,
// following inline fields.
func collectFields(t reflect.Type, out map[string]reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			collectFields(f.Type, out)
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
}

func knownList(fields map[string]reflect.Type, extra map[string]bool) string {
	names := make([]string, 0, len(fields)+len(extra))
	for n := range fields {
		names = append(names, n)
	}
	for n := range extra {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func joinPath(path, key string) string {
	if path == "" || key == "" {
		return path + key
	}
	return path + "." + key
}

// keyLine returns the line of key in mapping node — a dotted key that is
// not a key of the node itself, such as batch.retry, is looked up level by
// level —, or, where it is not there, that of the deepest part of it that
// is, or the node's own line.
func keyLine(node *yaml.Node, key string) int {
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == key { // a key that holds dots itself: a sweep's axis
				return node.Content[i].Line
			}
		}
	}
	line := node.Line
	for part := range strings.SplitSeq(key, ".") {
		if node.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == part {
				line, node, found = node.Content[i].Line, node.Content[i+1], true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// scalar returns the value of key in a mapping node and the line of the
// key, or "" and the node's line.
func scalar(node *yaml.Node, key string) (string, int) {
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == key {
				v := node.Content[i+1]
				if v.Kind == yaml.AliasNode && v.Alias != nil {
					v = v.Alias // the anchored value, not the anchor's name
				}
				return v.Value, node.Content[i].Line
			}
		}
	}
	return "", node.Line
}

// DecodeSettings decodes doc, a settings block written as YAML (a
// generator's, on moot tasks show's command line), into v as an
// experiment file's blocks are decoded: an unknown key or a value of the
// wrong kind is an error naming the key ("sentences: want a whole
// number, got `lots`").
func DecodeSettings(doc string, v any) error {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		return err
	}
	if len(n.Content) == 0 {
		return nil
	}
	err := decodeStrict(n.Content[0], v)
	if le, ok := errors.AsType[*lineError](err); ok {
		if le.Field == "" {
			return le.Err
		}
		return fmt.Errorf("%s: %v", le.Field, le.Err)
	}
	return err
}

// mergeKey is the first merge key (<<) of the document n, or nil.
func mergeKey(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Tag == "!!merge" {
				return k
			}
		}
	}
	for _, c := range n.Content {
		if k := mergeKey(c); k != nil {
			return k
		}
	}
	return nil
}

// selfDecoded decodes node into a type t that decodes itself (an agent
// list, a reference), here where the field's path is known, and names the
// path in its error: the type's own message says what is wrong, not where
// ("line 12: want an agent name or a list of names" of
// protocols[0].debaters).
func selfDecoded(node *yaml.Node, t reflect.Type, path string) error {
	err := node.Decode(reflect.New(t).Interface())
	if err == nil || path == "" {
		return nil
	}
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := node.Line
	if n, text, ok := inputerr.YAMLLine(msg); ok {
		line, msg = n, text
	}
	// A type that names its field already ("reference: …") says it once;
	// one of its own ("reference.context: …") is named under the path.
	field := path[strings.LastIndexAny(path, ".]")+1:]
	if rest, ok := strings.CutPrefix(msg, field+"."); ok {
		if sub, text, ok := strings.Cut(rest, ": "); ok && !strings.ContainsAny(sub, " \"`") {
			return &lineError{Line: line, Field: path + "." + sub, Err: errors.New(text)}
		}
	}
	msg = strings.TrimPrefix(msg, field+": ")
	return &lineError{Line: line, Field: path, Err: errors.New(msg)}
}

// BackendLine is the line of the agent's backend: key in its experiment
// file, 0 where it was not read from one.
func (a AgentEntry) BackendLine() int {
	if a.node == nil {
		return 0
	}
	return keyLine(a.node, "backend")
}
