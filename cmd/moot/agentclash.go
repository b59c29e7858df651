package main

import (
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// agentsApart names apart, in the runs in dirs, each agent that two of
// them set up otherwise under one name (another skill, another model): a
// table that pools the runs would otherwise rate two debaters as one
// player and count two judges' verdicts as one judge's. Such an agent is
// named NAME@LABEL in the episodes of every run that has it, LABEL the
// first run (as runLabels names it) that sets it up alike, and w is told.
// An agent the runs set up alike keeps its name; a run whose lock cannot
// be read is passed over, and said so. The returned function renames one
// episode of run i.
func agentsApart(w io.Writer, dirs, labels []string) func(i int, ep *transcript.Episode) {
	agents := make([]map[string]engine.LockHeadAgent, len(dirs))
	for i, dir := range dirs {
		lock, err := engine.ReadLockHead(dir)
		if err != nil {
			fmt.Fprintf(w, "moot: %s's agents were not checked against the other runs' (an agent set up otherwise under one name is rated as one): %v\n", dir, err)
			continue
		}
		agents[i] = lock.Agents
	}
	apart := map[string]bool{}
	var said []string
	for i := range dirs {
		for j := i + 1; j < len(dirs); j++ {
			for _, name := range slices.Sorted(maps.Keys(agents[i])) {
				b, ok := agents[j][name]
				if !ok || apart[name] {
					continue
				}
				if what := agentDiffers(agents[i][name], b); len(what) > 0 {
					apart[name] = true
					said = append(said, fmt.Sprintf("%s (%s: %s in %s, %s in %s)", name, strings.Join(what, ", "),
						settingsText(agents[i][name], what), labels[i], settingsText(b, what), labels[j]))
				}
			}
		}
	}
	if len(said) == 0 {
		return func(int, *transcript.Episode) {}
	}
	fmt.Fprintf(w, "moot: agents set up otherwise in the runs under one name are named apart, NAME@RUN, in the rows and ratings: %s\n", strings.Join(said, "; "))
	// Runs that set such an agent up alike name it alike, after the
	// first of them: the runs of one file pool its games.
	as := make([]map[string]string, len(dirs))
	for i := range dirs {
		as[i] = map[string]string{}
		for name := range apart {
			a, ok := agents[i][name]
			if !ok {
				continue
			}
			for k := range i + 1 {
				if b, ok := agents[k][name]; ok && len(agentDiffers(a, b)) == 0 {
					as[i][name] = name + "@" + labels[k]
					break
				}
			}
		}
	}
	return func(i int, ep *transcript.Episode) {
		rename := func(name *string) {
			if n, ok := as[i][*name]; ok {
				*name = n
			}
		}
		rename(&ep.Judge)
		for k := range ep.Seats {
			rename(&ep.Seats[k].Agent)
		}
		for k := range ep.Messages {
			rename(&ep.Messages[k].Agent)
		}
		for k := range ep.FailedCalls {
			rename(&ep.FailedCalls[k].Agent)
		}
		if ep.Graded != nil {
			rename(&ep.Graded.Agent)
		}
	}
}

// agentDiffers names what differs between two agents' setups: "backend",
// or the settings (by name) that differ, a setting one lock leaves out
// counting as zero, as a lock leaves out a zero setting; none where they
// are alike.
func agentDiffers(a, b engine.LockHeadAgent) []string {
	if a.Backend != b.Backend {
		return []string{"backend"}
	}
	keys := slices.Sorted(maps.Keys(a.Settings))
	keys = slices.AppendSeq(keys, maps.Keys(b.Settings))
	slices.Sort(keys)
	var out []string
	for _, k := range slices.Compact(keys) {
		if !sameSetting(a.Settings[k], b.Settings[k]) {
			out = append(out, k)
		}
	}
	return out
}

// sameSetting reports whether two settings of a lock are alike, a missing
// one (nil) as the zero of the other's kind.
func sameSetting(x, y any) bool {
	if x == nil && y != nil {
		x = reflect.Zero(reflect.TypeOf(y)).Interface()
	}
	if y == nil && x != nil {
		y = reflect.Zero(reflect.TypeOf(x)).Interface()
	}
	return reflect.DeepEqual(numberOf(x), numberOf(y))
}

// numberOf is x as a float64 where it is a number (YAML decodes 1 as an
// int and 1.0 as a float), else x.
func numberOf(x any) any {
	switch v := x.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	return x
}

// settingsText is what an agent's setup says of what (agentDiffers),
// one value after another.
func settingsText(a engine.LockHeadAgent, what []string) string {
	var vals []string
	for _, k := range what {
		switch v, ok := a.Settings[k]; {
		case k == "backend":
			vals = append(vals, a.Backend)
		case ok:
			vals = append(vals, fmt.Sprint(v))
		default:
			vals = append(vals, "unset")
		}
	}
	return strings.Join(vals, ", ")
}
