package sinks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// An agent whose limit is max_completion_tokens (a reasoning model,
// which refuses max_tokens) is told of that setting too: max_tokens
// alone beside it is refused as a second limit.
func TestTruncationWarningNamesBothLimits(t *testing.T) {
	ws := usageWarnings(analysis.UsageSummary{ByAgent: map[string]analysis.Usage{"o": {Calls: 3, TruncatedCalls: 2}}})
	if len(ws) != 1 || ws[0].Kind != analysis.WarnTruncatedAnswers {
		t.Fatalf("warnings %+v, want one of truncated answers", ws)
	}
	if !strings.Contains(ws[0].Message, "max_completion_tokens") {
		t.Errorf("warning %q names max_tokens alone", ws[0].Message)
	}
	// A limit raised does not mend an answer the context length cut.
	if !strings.Contains(ws[0].Message, "where the context length did, the prompt is too long for the model") {
		t.Errorf("warning %q says nothing of an answer the context length cut", ws[0].Message)
	}
}

// TestUnprobedVerdictsCountEveryCell: a judge with a probability on each
// verdict of one cell and on none of another is warned of with both
// cells' verdicts counted (the second's were left out of the count); a
// judge that gave none anywhere is not warned of.
func TestUnprobedVerdictsCountEveryCell(t *testing.T) {
	sum := analysis.Summary{Cells: []analysis.Cell{
		{Judge: "j", N: 10, Unparsed: 1, Calibration: &analysis.Calibration{N: 9}},
		{Judge: "j", N: 6},
		{Judge: "plain", N: 5},
	}}
	ws := unprobedWarnings(judgeTallies(sum))
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "judge j: 6 of its 15 parsed verdicts came without a probability") ||
		!strings.Contains(ws[0].Message, "its calibration (ECE, Brier) covers the other 9 alone") {
		t.Errorf("warnings %+v; want one, of j's 6 of 15, its calibration over the other 9", ws)
	}
}

// TestServedModelsWarning: an agent answered by two models, as its server
// named them, is warned of, each model with its count; one answered by a
// single model, even one not the file's (an alias's dated snapshot), is
// not.
func TestServedModelsWarning(t *testing.T) {
	ws := servedWarnings(map[string]map[string]int{
		"j": {"m-2026-01-01": 6, "fallback-small": 2},
		"d": {"m-2026-01-01": 8},
	})
	if len(ws) != 1 || ws[0].Kind != analysis.WarnServedModels ||
		!strings.Contains(ws[0].Message, "agent j: its answers came from 2 models, as the server named them: fallback-small (2), m-2026-01-01 (6)") {
		t.Errorf("warnings %+v; want one, of j's two models", ws)
	}
}

// TestSettledVerdictsAreNoUnprobedOnes: a verdict a remark settled (MAD's
// moderator, verdict: moderator) is no judge's, and has no probability
// by its nature: a judge whose every verdict came with one is not warned
// of verdicts without, where the settled ones were counted as the
// judge's, unprobed (a sim run of 40 such episodes warned "39 of its 40
// parsed verdicts came without a probability (no log-probabilities from
// the server…)"); and a judge that left 2 of its 3 verdicts unparsed is
// warned of, where 37 settled ones hid them (2 of 40).
func TestSettledVerdictsAreNoUnprobedOnes(t *testing.T) {
	episodes := func(judge string, judged int, verdict transcript.Verdict) []transcript.Episode {
		var eps []transcript.Episode
		for i := range 40 {
			ep := transcript.Episode{
				EpisodeID: fmt.Sprintf("mad/t/%s/q%d", judge, i), Protocol: "mad", Kind: "mad", Task: "t",
				QuestionID: fmt.Sprintf("q%d", i), Judge: judge, Answers: [2]string{"right", "wrong"}, Order: [2]int{0, 1},
				Verdict: transcript.Verdict{Answer: 0, Slot: "A", Parse: transcript.ParsedModerator}, Correct: true,
			}
			if i < judged {
				ep.Verdict, ep.Correct = verdict, verdict.Answer == 0
				if i == 0 { // one parsed verdict each
					ep.Verdict, ep.Correct = transcript.Verdict{Answer: 0, Slot: "A", Parse: "answer-line", Probability: 0.8}, true
				}
			}
			eps = append(eps, ep)
		}
		return eps
	}
	eps := episodes("probed", 1, transcript.Verdict{})
	eps = append(eps, episodes("lax", 3, transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"})...)
	sum := analysis.Summarize("x", 1, eps)
	if c := sum.Cells[0]; c.Settled != 39 {
		t.Errorf("cell %s: settled %d; want 39", c.Judge, c.Settled)
	}
	judges := judgeTallies(sum)
	if ws := unprobedWarnings(judges); len(ws) != 0 {
		t.Errorf("warnings %+v; want none: each judge's parsed verdict came with a probability", ws)
	}
	if ws := unparsedWarnings(judges, sum.Usage.ByAgent); len(ws) != 1 || !strings.Contains(ws[0].Message, "judge lax left 2 of 3 verdicts unparsed") {
		t.Errorf("warnings %+v; want one, of lax's 2 of 3 verdicts unparsed", ws)
	}
}

// TestReplicateWarningsCountEachAgentsCopies: a replicated run warns of
// each agent whose answers repeat another seed's draws, in the order the
// summary lists them, saying how many of its answers are copies; a
// summary without a replicate section has no such warning.
func TestReplicateWarningsCountEachAgentsCopies(t *testing.T) {
	if ws := ReplicateWarnings(nil); len(ws) != 0 {
		t.Errorf("warnings of no replicate section %+v; want none", ws)
	}
	rs := &analysis.ReplicateSummary{RepeatedDraws: []analysis.RepeatedDraws{
		{Agent: "judge", Answers: 40, Repeated: 12},
		{Agent: "strong", Answers: 80, Repeated: 80},
	}}
	ws := ReplicateWarnings(rs)
	if len(ws) != 2 {
		t.Fatalf("%d warnings; want 2: %+v", len(ws), ws)
	}
	for i, want := range []string{"agent judge: 12 of its 40 answers are the very draws", "agent strong: 80 of its 80 answers are the very draws"} {
		if ws[i].Kind != analysis.WarnRepeatedDraws || !strings.HasPrefix(ws[i].Message, want) {
			t.Errorf("warning %d: %s %q; want %s beginning %q", i, ws[i].Kind, ws[i].Message, analysis.WarnRepeatedDraws, want)
		}
	}
}

// TestAVotesUnparsedVerdictsNameItsAgents: a society has no judge, its
// records' judge the vote; where none of its agents' answers parsed, the
// warning names the vote's protocols and says to check the agents'
// answers, where it told the vote to end its answers in "Answer: A". A
// judge that is an agent is warned of as before.
func TestAVotesUnparsedVerdictsNameItsAgents(t *testing.T) {
	var eps []transcript.Episode
	for i := range 4 {
		for _, p := range []struct{ protocol, judge, agent string }{{"vote-readers", "majority-vote", "reader"}, {"debate", "lax", "lax"}} {
			ep := transcript.Episode{
				EpisodeID: fmt.Sprintf("%s/t/q%d", p.protocol, i), Protocol: p.protocol, Kind: p.protocol, Task: "t",
				QuestionID: fmt.Sprintf("q%d", i), Judge: p.judge, Answers: [2]string{"right", "wrong"}, Order: [2]int{0, 1},
				Verdict:  transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"},
				Messages: []transcript.Message{{Round: 1, Name: "Agent 1", Agent: p.agent, Text: "I think so.", Usage: transcript.Usage{InputTokens: 10, OutputTokens: 3}}},
			}
			if i == 0 {
				ep.Verdict, ep.Correct = transcript.Verdict{Answer: 0, Slot: "A", Parse: "answer-line"}, true
			}
			eps = append(eps, ep)
		}
	}
	sum := analysis.Summarize("x", 1, eps)
	ws := unparsedWarnings(judgeTallies(sum), sum.Usage.ByAgent)
	if len(ws) != 2 {
		t.Fatalf("warnings %+v; want two, the vote's and lax's", ws)
	}
	if !strings.Contains(ws[0].Message, "judge lax left 3 of 4 verdicts unparsed") {
		t.Errorf("a judge's warning reads %q; want it of judge lax's 3 of 4", ws[0].Message)
	}
	vote := ws[1].Message
	if !strings.HasPrefix(vote, "majority-vote, no agent but the vote of the agents of vote-readers, left 3 of 4 verdicts unparsed") ||
		!strings.Contains(vote, "check that the agents' answers end in") {
		t.Errorf("a vote's warning reads %q; want it to name the vote's protocol and its agents' answers", vote)
	}
}

// TestAVotesUnparsedVerdictsNameEachOfItsProtocolsOnce: Warnings reads
// the run's usage to tell a vote from an agent; a vote of several
// protocols, each with cells of several tasks, names each protocol once,
// in the order its cells come.
func TestAVotesUnparsedVerdictsNameEachOfItsProtocolsOnce(t *testing.T) {
	var eps []transcript.Episode
	for _, protocol := range []string{"vote-readers", "vote-writers"} {
		for _, task := range []string{"t", "u"} {
			for i := range 2 {
				eps = append(eps, transcript.Episode{
					EpisodeID: fmt.Sprintf("%s/%s/q%d", protocol, task, i), Protocol: protocol, Kind: "society", Task: task,
					QuestionID: fmt.Sprintf("q%d", i), Judge: "majority-vote", Answers: [2]string{"right", "wrong"}, Order: [2]int{0, 1},
					Verdict:  transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"},
					Messages: []transcript.Message{{Round: 1, Name: "Agent 1", Agent: "reader", Text: "I think so.", Usage: transcript.Usage{InputTokens: 10, OutputTokens: 3}}},
				})
			}
		}
	}
	var got []string
	for _, w := range Warnings(analysis.Summarize("x", 1, eps)) {
		if w.Kind == analysis.WarnUnparsedVerdicts {
			got = append(got, w.Message)
		}
	}
	const want = "majority-vote, no agent but the vote of the agents of vote-readers, vote-writers, left 8 of 8 verdicts unparsed"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("unparsed warnings %q; want one, starting %q", got, want)
	}
}
