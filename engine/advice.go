package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// Advice is what the agents in play say of each task's questions before
// a run (agents.Advisor), a line per task and piece of advice, naming the
// agents that gave it, then what the experiment plays to no purpose (a
// protocol that reads a hidden text on questions with none, a prompts
// file no agent reads, a scorer with no candidates to rate, a budget with
// no price to bound): warnings to print, never a reason to stop.
func (x *Experiment) Advice() []string {
	plan := x.planned()
	return slices.Concat(x.taskAdvice(plan), x.textAdvice(plan), x.promptsAdvice(plan), x.scorerAdvice(plan), x.budgetAdvice())
}

// budgetAdvice says that budget_usd bounds nothing where no agent in play
// has a price: no call costs anything, so the budget never stops the run.
func (x *Experiment) budgetAdvice() []string {
	if x.BudgetUSD <= 0 || HasPrices(x.AgentsInPlay()) {
		return nil
	}
	return []string{fmt.Sprintf("budget_usd %s bounds nothing: no agent in play has a price, so no call costs anything (give an openai agent its price: {input, output}, in dollars a million tokens)", Dollars(x.BudgetUSD))}
}

// textAdvice says of each protocol that is another only by the hidden
// text a seat reads (protocols.TextReader: the judge with the text) on
// which tasks' questions, having none, or one every seat reads (a closed
// task), it plays that other again: a cell that adds nothing, and, beside
// that other, a comparison of one protocol with itself.
func (x *Experiment) textAdvice(plan *planned) []string {
	var tasksInOrder []*TaskEntry
	all, none := map[*TaskEntry]int{}, map[*TaskEntry]int{}
	for _, q := range plan.questions {
		if _, seen := all[q.task]; !seen {
			tasksInOrder = append(tasksInOrder, q.task)
		}
		all[q.task]++
		if q.question.Context == "" || q.question.ContextShared {
			none[q.task]++
		}
	}
	var out []string
	for _, p := range x.Protocols {
		r, ok := p.Protocol.(protocols.TextReader)
		if !ok || r.Without() == "" {
			continue
		}
		for _, t := range tasksInOrder {
			switch n := none[t]; {
			case n == all[t]:
				out = append(out, fmt.Sprintf("protocol %s on task %s: its questions have no hidden text, or one every seat reads, so it plays %s again", p.Label, t.Name, r.Without()))
			case n > 0:
				out = append(out, fmt.Sprintf("protocol %s on task %s: %d of %d questions have no hidden text, or one every seat reads, on which it plays %s again", p.Label, t.Name, n, all[t], r.Without()))
			}
		}
	}
	return out
}

// promptsAdvice says of each protocol with a prompts: file that no agent
// it calls reads it, where every one is a sim agent (agents.PromptFree):
// the file then changes no speech and no verdict, only the prompts'
// hashes and the estimates of tokens.
func (x *Experiment) promptsAdvice(plan *planned) []string {
	withPrompts := func(ep *Episode) bool { return ep.Protocol.promptsSHA256 != "" }
	read := func(ep *Episode) bool {
		for _, name := range agentsCalled(ep.Protocol.Protocol, ep.Assignment) {
			if a := x.agentOf(ep, name); a != nil {
				if _, free := a.Agent.(agents.PromptFree); !free {
					return true
				}
			}
		}
		return false
	}
	var out []string
	for _, label := range labelsWithNone(plan, withPrompts, read) {
		out = append(out, fmt.Sprintf("protocol %s: no agent reads its prompts file: every agent it calls is a sim agent, which plays from the question and not from a prompt (the file changes only the prompts' hashes and the token estimates)", label))
	}
	return out
}

// scorerAdvice says of each protocol that names a scorer but writes one
// candidate a turn in every cell (best_of 1) that its scorer rates
// nothing: best-of-N is off, and the setting changes no episode.
func (x *Experiment) scorerAdvice(plan *planned) []string {
	scored := func(ep *Episode) bool { return ep.Protocol.Protocol.Rules().Scorer != "" }
	candidates := func(ep *Episode) bool { return ep.Protocol.Protocol.Rules().BestOf > 1 }
	var out []string
	for _, label := range labelsWithNone(plan, scored, candidates) {
		out = append(out, fmt.Sprintf("protocol %s: its scorer rates nothing: best_of is 1, one candidate a turn (set best_of above 1 for the scorer to choose among candidates)", label))
	}
	return out
}

// labelsWithNone returns, in plan order, the labels of the protocols
// some of whose slots are of (a prompts file, a scorer) and none of those
// has has (an agent that reads it, candidates to rate). A sweep's cells
// each have their protocol: a label is said once, and where some cell
// has has, not at all.
func labelsWithNone(plan *planned, of, has func(*Episode) bool) []string {
	found := map[string]bool{} // by label: some slot has has
	var labels []string
	for i := range min(plan.Len(), len(plan.slots)) {
		ep := plan.At(i)
		label := ep.Protocol.Label
		if !of(&ep) || found[label] {
			continue
		}
		if _, seen := found[label]; !seen {
			labels = append(labels, label)
		}
		found[label] = has(&ep)
	}
	var out []string
	for _, label := range labels {
		if !found[label] {
			out = append(out, label)
		}
	}
	return out
}

// taskAdvice is what the agents in play say of each task's questions.
func (x *Experiment) taskAdvice(plan *planned) []string {
	var advisors []*AgentEntry
	for _, a := range x.agentsOf(plan) {
		if _, ok := a.Agent.(agents.Advisor); ok {
			advisors = append(advisors, a)
		}
	}
	if len(advisors) == 0 {
		return nil
	}
	var tasksInOrder []*TaskEntry
	byTask := map[*TaskEntry][]transcript.View{}
	for _, q := range plan.questions {
		if _, ok := byTask[q.task]; !ok {
			tasksInOrder = append(tasksInOrder, q.task)
		}
		_, open := views(q.question, [2]int{0, 1})
		byTask[q.task] = append(byTask[q.task], open)
	}
	var out []string
	for _, t := range tasksInOrder {
		var said []string
		givers := map[string][]string{}
		byBackend := map[string]string{} // advice depends on the backend alone
		for _, a := range advisors {
			s, asked := byBackend[a.Backend]
			if !asked {
				s = a.Agent.(agents.Advisor).Advise(byTask[t])
				byBackend[a.Backend] = s
			}
			if s != "" {
				if givers[s] == nil {
					said = append(said, s)
				}
				// A sweep's cells each hold their own entry of an agent:
				// named once.
				if !slices.Contains(givers[s], a.Name) {
					givers[s] = append(givers[s], a.Name)
				}
			}
		}
		for _, s := range said {
			out = append(out, fmt.Sprintf("task %s: agents %s: %s", t.Name, strings.Join(givers[s], ", "), s))
		}
	}
	return out
}
