package sinks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mootlab/moot/analysis"
)

// MaxUnparsedShare is the share of a judge's verdicts that may be left
// unparsed before a run warns: beyond it, its accuracy mostly measures
// its answer format.
const MaxUnparsedShare = 0.20

// Warnings are the warnings of a run's summary: of judges that left many
// verdicts unparsed, then of agents whose tokens are estimates or whose
// answers were cut short, then of agents answered by several models.
func Warnings(sum analysis.Summary) []analysis.Warning {
	judges := judgeTallies(sum)
	ws := append(unparsedWarnings(judges, sum.Usage.ByAgent), unprobedWarnings(judges)...)
	return append(append(ws, usageWarnings(sum.Usage)...), servedWarnings(sum.Usage.ServedModels)...)
}

// ReplicateWarnings are the warnings of a replicated run's summary: of
// each agent whose answers at one seed repeat, draw for draw, its answers
// at another (analysis.RepeatedDraws), then of each agent at temperature
// 0 that answered at one seed prompts it was given at another
// (analysis.ReplicateSummary.GreedyRepeats).
func ReplicateWarnings(rs *analysis.ReplicateSummary) []analysis.Warning {
	if rs == nil {
		return nil
	}
	var ws []analysis.Warning
	for _, r := range rs.RepeatedDraws {
		ws = append(ws, analysis.Warning{Kind: analysis.WarnRepeatedDraws, Message: fmt.Sprintf(
			"agent %s: %d of its %d answers are the very draws of its answers at another seed (the same request and seed, answered from the response cache or a batch: a seed: setting sends one seed with every call): "+
				"the seeds are not independent draws of its answers, and the intervals and p-values over seeds count each copy as a draw; remove its seed: setting to replicate, or read one seed's run",
			r.Agent, r.Repeated, r.Answers)})
	}
	for _, r := range rs.GreedyRepeats {
		ws = append(ws, analysis.Warning{Kind: analysis.WarnGreedyRepeats, Message: fmt.Sprintf(
			"agent %s samples at temperature 0, and %d of its %d answers are to a prompt it was given at another seed (the same question, seat and turns so far), which it answers alike but for its server's nondeterminism: "+
				"the seeds are not independent draws of those answers, and the intervals and p-values over seeds count each as a draw; give it a temperature above 0 to replicate its sampling, or read one seed's run",
			r.Agent, r.Repeated, r.Answers)})
	}
	return ws
}

// unprobedWarnings warns of each judge some of whose parsed verdicts came
// with a probability and some without (an LLM judge whose server sent
// log-probabilities for some answers only, or whose verdict letter it
// could not find among them): its calibration covers the first alone,
// which need not be like the others. A judge that gave none (logprobs:
// false, a person) has no calibration, and no warning.
func unprobedWarnings(judges []judgeTally) []analysis.Warning {
	var ws []analysis.Warning
	for _, t := range judges {
		parsed := t.n - t.unparsed
		if t.probed == 0 || t.probed >= parsed {
			continue
		}
		ws = append(ws, analysis.Warning{Kind: analysis.WarnUnprobedVerdicts, Message: fmt.Sprintf(
			"judge %s: %d of its %d parsed verdicts came without a probability (no log-probabilities from the server, or none for the verdict's letter): its calibration (ECE, Brier) covers the other %d alone, which need not be like them",
			t.judge, parsed-t.probed, parsed, t.probed)})
	}
	return ws
}

// servedWarnings warns of each agent whose answers came from more than
// one model, as its server named them: a router's or proxy's fallback, or
// an alias moved to another snapshot during the run. One model other
// than the file's (an alias's dated snapshot) is no warning.
func servedWarnings(served map[string]map[string]int) []analysis.Warning {
	var ws []analysis.Warning
	for _, agent := range slices.Sorted(maps.Keys(served)) {
		models := served[agent]
		if len(models) < 2 {
			continue
		}
		var parts []string
		for _, m := range slices.Sorted(maps.Keys(models)) {
			parts = append(parts, fmt.Sprintf("%s (%d)", m, models[m]))
		}
		ws = append(ws, analysis.Warning{Kind: analysis.WarnServedModels, Message: fmt.Sprintf(
			"agent %s: its answers came from %d models, as the server named them: %s; a router's or proxy's fallback, or an alias moved during the run: its numbers mix models (\"served_model\" in the transcripts names each message's)",
			agent, len(models), strings.Join(parts, ", "))})
	}
	return ws
}

// usageWarnings warns of each agent, by name, whose server sent no token
// counts for some calls, and of each whose answers were cut at its token
// limit.
func usageWarnings(u analysis.UsageSummary) []analysis.Warning {
	var ws []analysis.Warning
	for _, name := range slices.Sorted(maps.Keys(u.ByAgent)) {
		a := u.ByAgent[name]
		if a.EstimatedCalls > 0 {
			ws = append(ws, analysis.Warning{Kind: analysis.WarnEstimatedUsage, Message: fmt.Sprintf(
				"agent %s: %d of its %d calls got no token counts from the server, or one count of the two; those tokens and their cost are estimated from the length of the text, and budget_usd counts the estimates",
				name, a.EstimatedCalls, a.Calls)})
		}
		if a.TruncatedCalls > 0 {
			ws = append(ws, analysis.Warning{Kind: analysis.WarnTruncatedAnswers, Message: fmt.Sprintf(
				"agent %s: %d of its %d answers were cut short, at its token limit or the model's context length (finish_reason \"length\", \"model_length\") or by a content filter (\"content_filter\"); \"truncated\": true in the transcripts: a speech may lack its end and a verdict its answer; raise max_tokens, or max_completion_tokens (a reasoning model's thinking counts against it), where the limit cut them; where the context length did, the prompt is too long for the model (fewer rounds, a shorter text, or a model with a longer context)",
				name, a.TruncatedCalls, a.Calls)})
		}
	}
	return ws
}

// judgeTally is a judge's verdicts over every cell of a summary: n
// judged, unparsed, and with a probability (probed). A verdict a remark
// settled (analysis.Cell.Settled) is no judge's, and is not counted: it
// has no probability by its nature, and cannot be unparsed.
type judgeTally struct {
	judge               string
	n, unparsed, probed int
	// protocols are the labels of the judge's cells, in order of first
	// appearance.
	protocols []string
}

// judgeTallies are the verdicts of each judge of sum, by name.
func judgeTallies(sum analysis.Summary) []judgeTally {
	byJudge := map[string]*judgeTally{}
	for _, c := range sum.Cells {
		t := byJudge[c.Judge]
		if t == nil {
			t = &judgeTally{judge: c.Judge}
			byJudge[c.Judge] = t
		}
		t.n += c.N - c.Settled
		t.unparsed += c.Unparsed
		if !slices.Contains(t.protocols, c.Protocol) {
			t.protocols = append(t.protocols, c.Protocol)
		}
		if c.Calibration != nil {
			t.probed += c.Calibration.N
		}
	}
	var out []judgeTally
	for _, j := range slices.Sorted(maps.Keys(byJudge)) {
		out = append(out, *byJudge[j])
	}
	return out
}

// unparsedWarnings warns of each judge that left more than
// MaxUnparsedShare of its verdicts unparsed. A "judge" that made no call
// where agents did (agents, the run's usage by agent) is no agent: a
// society's vote, whose verdict is unparsed where none of its agents'
// answers parsed; the warning names its protocols and their agents'
// answers, where it told a vote's "answers" to end in "Answer: A".
func unparsedWarnings(judges []judgeTally, agents map[string]analysis.Usage) []analysis.Warning {
	var ws []analysis.Warning
	for _, t := range judges {
		if t.n == 0 || float64(t.unparsed) <= MaxUnparsedShare*float64(t.n) {
			continue
		}
		share := fmt.Sprintf("%d of %d verdicts unparsed (%.0f%%, over %.0f%%)", t.unparsed, t.n, 100*float64(t.unparsed)/float64(t.n), 100*MaxUnparsedShare)
		msg := fmt.Sprintf("judge %s left %s: its accuracy counts them as wrong; check that its answers end in \"Answer: A\" or \"Answer: B\"", t.judge, share)
		if _, ok := agents[t.judge]; !ok && len(agents) > 0 {
			msg = fmt.Sprintf("%s, no agent but the vote of the agents of %s, left %s, where none of their answers parsed: the accuracy counts them as wrong; check that the agents' answers end in \"Answer: A\" or \"Answer: B\" (a token limit may cut the line off)",
				t.judge, strings.Join(t.protocols, ", "), share)
		}
		ws = append(ws, analysis.Warning{Kind: analysis.WarnUnparsedVerdicts, Message: msg})
	}
	return ws
}
