package engine

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// protocolsChanged says, for each protocol of x that the run in runDir
// played with other settings than x gives it (its judge apart) or with
// another prompts file, what differs: the new judge's prompts are made
// from x's, so that a setting changed (verify_quotes off, another number
// of rounds) changes what it reads beside what the first judge read. A
// rejudge that means it (an ablation of quote verification) is warned,
// not refused. None where the run has no lock to say.
func (x *Experiment) protocolsChanged(runDir string) []string {
	data, err := os.ReadFile(filepath.Join(runDir, LockFile))
	if err != nil {
		return nil
	}
	var ran struct {
		Protocols []struct {
			Name          string         `yaml:"name"`
			Label         string         `yaml:"label"`
			Settings      map[string]any `yaml:"settings"`
			PromptsSHA256 string         `yaml:"prompts_sha256"`
		} `yaml:"protocols"`
	}
	if yaml.Unmarshal(data, &ran) != nil {
		return nil
	}
	var out []string
	for _, p := range x.Protocols {
		lp := lockProtocol(p)
		for _, r := range ran.Protocols {
			if r.Name != lp.Name || r.Label != lp.Label {
				continue
			}
			var now map[string]any
			if b, err := yaml.Marshal(lp.Settings); err != nil || yaml.Unmarshal(b, &now) != nil {
				continue
			}
			var diffs []string
			for _, k := range slices.Sorted(maps.Keys(mergeKeys(now, r.Settings))) {
				if k != "judge" && !reflect.DeepEqual(now[k], r.Settings[k]) {
					diffs = append(diffs, fmt.Sprintf("%s %v in the run, %v in %s", k, orNone(r.Settings[k]), orNone(now[k]), x.Path))
				}
			}
			if r.PromptsSHA256 != lp.PromptsSHA256 {
				diffs = append(diffs, "its prompts file differs")
			}
			if len(diffs) > 0 {
				out = append(out, fmt.Sprintf("protocol %s: %s: the new judge reads prompts made with %s's settings, not those the first judge read", lp.Label, strings.Join(diffs, "; "), x.Path))
			}
		}
	}
	return out
}

// mergeKeys is a set of the keys of a and b.
func mergeKeys(a, b map[string]any) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// orNone writes an absent setting as "none".
func orNone(v any) any {
	if v == nil {
		return "none"
	}
	return v
}
