package protocols

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"text/template"
	"text/template/parse"
)

// settingsReads is what templates read of the protocol's settings
// (.Settings): some of its fields, by their Go names, or all of it. A
// prompt's hash covers what they read and no more, so that a setting no
// template reads (a label, judge_every_round) leaves every prompt's hash
// as it is.
type settingsReads struct {
	all    bool
	fields []string // sorted, each once
}

// any says whether the templates read anything of the settings.
func (r settingsReads) any() bool { return r.all || len(r.fields) > 0 }

// and is what r and o read together.
func (r settingsReads) and(o settingsReads) settingsReads {
	fields := slices.Concat(r.fields, o.fields)
	slices.Sort(fields)
	return settingsReads{all: r.all || o.all, fields: slices.Compact(fields)}
}

// sum identifies what r reads of settings: the SHA-256 of their JSON
// where r reads them all, else of each field read, by name, and its
// value's JSON (null for a field the struct has not, which fails where
// it renders, or that an embedded nil pointer holds).
func (r settingsReads) sum(settings any) [32]byte {
	if r.all {
		return sha256.Sum256(jsonOf(settings))
	}
	v := reflect.ValueOf(settings)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	var b []byte
	for _, name := range r.fields {
		var value any
		if v.Kind() == reflect.Struct {
			// By index, which says where an embedded pointer on the way
			// is nil, where FieldByName would panic.
			if sf, ok := v.Type().FieldByName(name); ok {
				if f, err := v.FieldByIndexErr(sf.Index); err == nil && f.CanInterface() {
					value = f.Interface()
				}
			}
		}
		b = appendString(appendString(b, name), string(jsonOf(value)))
	}
	return sha256.Sum256(b)
}

// jsonOf is v as JSON, or as Go writes it where JSON cannot hold it.
func jsonOf(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Appendf(nil, "%#v", v)
	}
	return data
}

// readsOf is what template text reads of the settings: each field it
// names (.Settings.Verdict, $.Settings.Verdict), and all of them where it
// names .Settings alone or through a chain, or hands on the whole prompt
// ({{.}}, {{printf "%v" $}}), which prints them. A text that does not
// parse reads nothing: it is refused before it renders.
func readsOf(text string) settingsReads {
	var r settingsReads
	t, err := template.New("").Funcs(funcs).Parse(text)
	if err != nil {
		return r
	}
	for _, d := range t.Templates() {
		if d.Tree == nil {
			continue
		}
		r.all = r.all || handsOnTheRoot(d.Tree.Root, false)
		r.walk(d.Tree.Root)
	}
	slices.Sort(r.fields)
	r.fields = slices.Compact(r.fields)
	return r
}

// walk notes what the nodes under n read of the settings.
func (r *settingsReads) walk(n parse.Node) {
	switch n := n.(type) {
	case *parse.FieldNode:
		r.note(n.Ident)
	case *parse.VariableNode:
		r.note(n.Ident)
	case *parse.ChainNode:
		r.walk(n.Node)
		if slices.Contains(n.Field, "Settings") {
			r.all = true
		}
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				r.walk(c)
			}
		}
	case *parse.ActionNode:
		r.walk(n.Pipe)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				r.walk(c)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			r.walk(a)
		}
	case *parse.IfNode:
		r.branch(&n.BranchNode)
	case *parse.RangeNode:
		r.branch(&n.BranchNode)
	case *parse.WithNode:
		r.branch(&n.BranchNode)
	case *parse.TemplateNode:
		r.walk(n.Pipe)
	}
}

func (r *settingsReads) branch(b *parse.BranchNode) {
	r.walk(b.Pipe)
	r.walk(b.List)
	if b.ElseList != nil {
		r.walk(b.ElseList)
	}
}

// note notes a field or variable's path: the field after Settings, or
// all where Settings ends it.
func (r *settingsReads) note(ident []string) {
	switch i := slices.Index(ident, "Settings"); {
	case i < 0:
	case i == len(ident)-1:
		r.all = true
	default:
		r.fields = append(r.fields, ident[i+1])
	}
}

// handsOnTheRoot says whether a node under n hands on the whole prompt:
// $ alone, or a dot alone where the dot is still the prompt (rebound is
// false: not inside a range or with, whose dot is what they range over).
func handsOnTheRoot(n parse.Node, rebound bool) bool {
	on := func(n parse.Node) bool { return handsOnTheRoot(n, rebound) }
	switch n := n.(type) {
	case *parse.DotNode:
		return !rebound
	case *parse.VariableNode:
		return len(n.Ident) == 1 && n.Ident[0] == "$"
	case *parse.ListNode:
		return n != nil && slices.ContainsFunc(n.Nodes, on)
	case *parse.ActionNode:
		return on(n.Pipe)
	case *parse.PipeNode:
		return n != nil && slices.ContainsFunc(n.Cmds, func(c *parse.CommandNode) bool { return on(c) })
	case *parse.CommandNode:
		return slices.ContainsFunc(n.Args, on)
	case *parse.IfNode:
		return on(n.Pipe) || on(n.List) || (n.ElseList != nil && on(n.ElseList))
	case *parse.RangeNode:
		return on(n.Pipe) || handsOnTheRoot(n.List, true) || (n.ElseList != nil && on(n.ElseList))
	case *parse.WithNode:
		return on(n.Pipe) || handsOnTheRoot(n.List, true) || (n.ElseList != nil && on(n.ElseList))
	case *parse.TemplateNode:
		// {{template "x" .}} hands the prompt on to x, which is looked
		// at where it is defined.
		return false
	}
	return false
}
