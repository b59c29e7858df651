package engine

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// taskGloss names the task of lock, a decoded lock, that field, a path
// firstDifference gives, belongs to, and says what a hash of its
// questions differing means: " (task mmlu: …)", or "" for a field of no
// task.
func taskGloss(lock map[string]any, field string) string {
	var i int
	if n, _ := fmt.Sscanf(field, "tasks[%d]", &i); n != 1 {
		return ""
	}
	tasks, _ := lock["tasks"].([]any)
	if i < 0 || i >= len(tasks) {
		return ""
	}
	task, _ := tasks[i].(map[string]any)
	gloss := fmt.Sprintf(" (task %v", task["name"])
	if strings.HasSuffix(field, ".questions_sha256") {
		gloss += ": its questions are not those the run played"
		if path, ok := task["path"].(string); ok {
			gloss += ", as " + path + " reads now"
		}
	}
	return gloss + ")"
}

// firstDifference names the first field, in key order, at which two
// decoded YAML values differ (a dotted path under prefix), or "".
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
		sorted := slices.Sorted(maps.Keys(keys))
		for _, k := range sorted {
			if d := firstDifference(am[k], bm[k], join(k)); d != "" {
				return d
			}
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
