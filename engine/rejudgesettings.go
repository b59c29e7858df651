package engine

import (
	"fmt"
	"maps"
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
	head, err := ReadLockHead(runDir)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range x.Protocols {
		lp := lockProtocol(p)
		for _, r := range head.Protocols {
			if r.Name != lp.Name || r.Label != lp.Label {
				continue
			}
			// x's settings as the lock writes them, to compare alike.
			var now map[string]any
			if b, err := yaml.Marshal(lp.Settings); err != nil || yaml.Unmarshal(b, &now) != nil {
				continue
			}
			both := maps.Clone(now)
			maps.Copy(both, r.Settings)
			var diffs []string
			for _, k := range slices.Sorted(maps.Keys(both)) {
				was, ran := r.Settings[k]
				is, set := now[k]
				if k != "judge" && !reflect.DeepEqual(is, was) {
					diffs = append(diffs, fmt.Sprintf("%s %s in the run, %s in %s", k, plain(was, ran), plain(is, set), x.Path))
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
