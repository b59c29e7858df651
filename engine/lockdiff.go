package engine

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// differenceGloss says more of field, the first at which two decoded
// locks a (named aName) and b (bName, the experiment file as it reads now
// where bNow is set) differ: the task it is of, whether its questions
// differ, and the two values where they are plain ones: " (task qa, its
// questions other; 0.7 in the run, 0.9 in x.yaml)"; "" where there is
// nothing to add.
func differenceGloss(a, b map[string]any, field, aName, bName string, bNow bool) string {
	var clauses []string
	var i int
	if n, _ := fmt.Sscanf(field, "tasks[%d]", &i); n == 1 {
		tasks, _ := b["tasks"].([]any)
		if i >= 0 && i < len(tasks) {
			task, _ := tasks[i].(map[string]any)
			clause := fmt.Sprintf("task %v", task["name"])
			hash, _ := valueAt(a, fmt.Sprintf("tasks[%d].questions_sha256", i))
			switch {
			case strings.HasSuffix(field, ".questions_sha256"):
				clause += ": its questions are not those " + aName + " played"
				if path, ok := task["path"].(string); ok && bNow {
					clause += ", as " + path + " reads now"
				}
			case hash != task["questions_sha256"]:
				clause += ", its questions other"
			}
			clauses = append(clauses, clause)
		}
	}
	va, oka := valueAt(a, field)
	vb, okb := valueAt(b, field)
	if (oka || okb) && !strings.HasSuffix(field, "_sha256") {
		clauses = append(clauses, fmt.Sprintf("%s in %s, %s in %s", plain(va, oka), aName, plain(vb, okb), bName))
	}
	if len(clauses) == 0 {
		return ""
	}
	return " (" + strings.Join(clauses, "; ") + ")"
}

// valueAt is the value at path (firstDifference's: keys and [i]) in m, a
// decoded lock, where it is a plain one (not a map or a list).
func valueAt(m map[string]any, path string) (any, bool) {
	var v any = m
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			mm, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = mm[key]; !ok {
				return nil, false
			}
		}
		for rest != "" {
			var i int
			if _, err := fmt.Sscanf(rest, "%d]", &i); err != nil {
				return nil, false
			}
			list, ok := v.([]any)
			if !ok || i < 0 || i >= len(list) {
				return nil, false
			}
			v = list[i]
			_, rest, _ = strings.Cut(rest, "[")
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

// firstDifference names the first field, in key order, at which two
// decoded YAML values differ (a dotted path under prefix), or "": of a
// task whose questions differ, the setting that made them differ, where
// one does (its difficulty rather than its questions' hash).
func firstDifference(a, b any, prefix string) string {
	if reflect.DeepEqual(a, b) {
		return ""
	}
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
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
		hashed := ""
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			if d := firstDifference(am[k], bm[k], join(k)); d != "" {
				switch {
				case k == "questions_sha256":
					hashed = d
				case hashed == "" || k == "seed" || k == "settings":
					// After the hash, only what fixes a task's questions
					// (not what they set aside or skipped).
					return d
				}
			}
		}
		if hashed != "" {
			return hashed
		}
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			if d := firstDifference(as[i], bs[i], fmt.Sprintf("%s[%d]", prefix, i)); d != "" {
				return d
			}
		}
	}
	if prefix == "" {
		return "the experiment"
	}
	return prefix
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
	field := firstDifference(am, bm, "")
	if field == "" {
		return "", nil
	}
	return field + " differs" + differenceGloss(am, bm, field, aName, bName, bNow), nil
}
