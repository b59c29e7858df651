package engine

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// differenceGloss says more of field, the first place at which two
// decoded locks a (named aName) and b (bName, the experiment file as it
// reads now where bNow is set) differ: the task it is of, whether its
// questions differ, and the two values where they are plain ones:
// " (task qa, its questions other; 0.7 in the run, 0.9 in x.yaml)"; ""
// where there is nothing to add.
func differenceGloss(a, b map[string]any, field lockPath, aName, bName string, bNow bool) string {
	var clauses []string
	if i, ok := field.task(); ok {
		tasks, _ := b["tasks"].([]any)
		if i < len(tasks) {
			task, _ := tasks[i].(map[string]any)
			clause := fmt.Sprintf("task %v", task["name"])
			hash, _ := lockPath{"tasks", i, "questions_sha256"}.value(a)
			switch {
			case field.last() == "questions_sha256":
				clause += ": its questions are not those " + aName + " played"
				if path, ok := task["path"].(string); ok && bNow {
					clause += ", as " + path + " reads now"
				}
			case field.last() == "groups_sha256":
				clause += ": its questions' groups are not those " + aName + " played"
				if path, ok := task["path"].(string); ok && bNow {
					clause += ", as " + path + " reads now"
				}
			case hash != task["questions_sha256"]:
				clause += ", its questions other"
			}
			clauses = append(clauses, clause)
		}
	}
	va, oka := field.value(a)
	vb, okb := field.value(b)
	if (oka || okb) && !strings.HasSuffix(field.last(), "_sha256") {
		clauses = append(clauses, fmt.Sprintf("%s in %s, %s in %s", plain(va, oka), aName, plain(vb, okb), bName))
	}
	if len(clauses) == 0 {
		return ""
	}
	return " (" + strings.Join(clauses, "; ") + ")"
}

// lockPath is a place in a decoded lock: its map keys (strings) and list
// indices (ints), from the top.
type lockPath []any

// String writes p as firstDifference's readers know it: keys joined by
// dots, indices in brackets (tasks[0].settings.n); the whole lock, "the
// experiment". A key may have dots of its own (an agent named
// llama-3.1): p keeps it one step, its string only reads so.
func (p lockPath) String() string {
	if len(p) == 0 {
		return "the experiment"
	}
	var b strings.Builder
	for _, step := range p {
		switch step := step.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", step)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(step)
		}
	}
	return b.String()
}

// task is the index of the task p is in, where it is in one.
func (p lockPath) task() (int, bool) {
	if len(p) < 2 || p[0] != "tasks" {
		return 0, false
	}
	i, ok := p[1].(int)
	return i, ok
}

// last is p's last key, "" where p ends in an index or is empty.
func (p lockPath) last() string {
	if len(p) == 0 {
		return ""
	}
	key, _ := p[len(p)-1].(string)
	return key
}

// value is the value at p in m, a decoded lock, where it is a plain one
// (not a map or a list).
func (p lockPath) value(m map[string]any) (any, bool) {
	var v any = m
	for _, step := range p {
		switch step := step.(type) {
		case string:
			mm, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = mm[step]; !ok {
				return nil, false
			}
		case int:
			list, ok := v.([]any)
			if !ok || step < 0 || step >= len(list) {
				return nil, false
			}
			v = list[step]
		}
	}
	switch v.(type) {
	case map[string]any, []any:
		return nil, false
	}
	return v, true
}

// plain writes a lock's plain value as YAML reads it, "none" where the
// lock has no such field.
func plain(v any, ok bool) string {
	switch {
	case !ok || v == nil:
		return "none"
	case v == "":
		return `""`
	}
	return fmt.Sprint(v)
}

// firstDifference is the first place, in key order, below at, at which
// two decoded YAML values differ, and whether they do: of a task whose
// questions differ, the setting that made them differ, where one does
// (its difficulty rather than its questions' hash).
func firstDifference(a, b any, at lockPath) (lockPath, bool) {
	if reflect.DeepEqual(a, b) {
		return nil, false
	}
	below := func(step any) lockPath {
		return append(slices.Clip(at), step)
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		var hashed, regrouped lockPath
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			if d, ok := firstDifference(am[k], bm[k], below(k)); ok {
				switch {
				case k == "groups_sha256":
					// Said only where nothing else differs: a group:
					// setting changed says why.
					regrouped = d
				case k == "questions_sha256":
					hashed = d
				case hashed == nil || k == "seed" || k == "settings":
					// After the hash, only what fixes a task's questions
					// (not what they set aside or skipped).
					return d, true
				}
			}
		}
		if hashed != nil {
			return hashed, true
		}
		if regrouped != nil {
			return regrouped, true
		}
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			if d, ok := firstDifference(as[i], bs[i], below(i)); ok {
				return d, true
			}
		}
	}
	return at, true
}

// lockDifference says at which field two locks first differ, what a
// resume lets differ aside (dropUnlocked), with what differenceGloss adds
// of it, the locks named aName and bName, b the experiment as it reads
// now where bNow is set ("seed differs (3 in s1, 4 in s2)"); "" when they
// do not.
func lockDifference(a, b []byte, aName, bName string, bNow bool) (string, error) {
	var am, bm map[string]any
	if err := yaml.Unmarshal(a, &am); err != nil {
		return "the lock differs", err
	}
	if err := yaml.Unmarshal(b, &bm); err != nil {
		return "the lock differs", err
	}
	dropUnlocked(am)
	dropUnlocked(bm)
	dropUnmatchedGroups(am, bm)
	field, differ := firstDifference(am, bm, nil)
	if !differ {
		return "", nil
	}
	return field.String() + " differs" + differenceGloss(am, bm, field, aName, bName, bNow), nil
}

// dropUnmatchedGroups deletes a task's groups_sha256 from the decoded
// locks a and b where one of them has none: a run locked before loaders
// named groups resumes, merges and compares as it did; where both have
// one, a file whose questions were regrouped is another run's.
func dropUnmatchedGroups(a, b map[string]any) {
	ta, _ := a["tasks"].([]any)
	tb, _ := b["tasks"].([]any)
	for i := range min(len(ta), len(tb)) {
		x, _ := ta[i].(map[string]any)
		y, _ := tb[i].(map[string]any)
		_, inX := x["groups_sha256"]
		_, inY := y["groups_sha256"]
		if x != nil && y != nil && inX != inY {
			delete(x, "groups_sha256")
			delete(y, "groups_sha256")
		}
	}
}

// dropGroupsHash deletes every task's groups_sha256 from m, a decoded lock.
func dropGroupsHash(m map[string]any) {
	tasks, _ := m["tasks"].([]any)
	for _, t := range tasks {
		if task, ok := t.(map[string]any); ok {
			delete(task, "groups_sha256")
		}
	}
}
