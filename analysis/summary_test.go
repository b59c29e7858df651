package analysis

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/transcript"
)

// wilson9 is Wilson rounded as in a Summary.
func wilson9(correct, n int) (lo, hi float64) {
	lo, hi = Wilson(correct, n)
	return nine(lo), nine(hi)
}

func TestSummarize(t *testing.T) {
	const u = transcript.Unparsed
	eps := []transcript.Episode{
		episode("debate", "debate", "t", "j", "q1", "correct-first", 0, ""),
		episode("debate", "debate", "t", "j", "q1", "correct-second", 1, ""),
		episode("consult", "consultancy", "t", "j", "q1", "assigned-correct", 0, ""),
		episode("debate", "debate", "t", "j", "q2", "correct-first", 0, ""),
		episode("debate", "debate", "t", "j", "q2", "correct-second", u, ""),
		episode("consult", "consultancy", "t", "j", "q1", "assigned-incorrect", 0, "timeout"),
		episode("consult", "consultancy", "t", "j", "q2", "assigned-incorrect", 1, ""),
		episode("debate", "debate", "t", "j2", "q1", "correct-first", 0, ""),
		episode("debate", "debate", "t2", "j", "q1", "correct-first", 1, "boom"),
	}
	// An unparsed verdict is wrong even if a buggy writer marked it correct.
	eps[4].Correct = true

	part := func(assignment string, correct, n int) Part {
		lo, hi := wilson9(correct, n)
		return Part{Assignment: assignment, N: n, Correct: correct, Accuracy: nine(ratio(correct, n)), Interval: Interval{CILow: lo, CIHigh: hi, CIMethod: MethodWilson}}
	}
	want := Summary{
		Experiment: "exp",
		Seed:       42,
		Episodes:   9,
		Failed:     2,
		Cells: []Cell{
			{
				Protocol: "debate", Kind: "debate", Task: "t", Judge: "j",
				N: 4, Questions: 2, Correct: 2, Unparsed: 1, Accuracy: 0.5,
				// Both questions are 1 of 2 right: every resample is 0.5,
				// so the interval is the bound over the 2 questions
				// (set below).
				Interval:  Interval{CIMethod: MethodWilsonQuestions},
				Breakdown: []Part{part("correct-first", 2, 2), part("correct-second", 0, 2)},
				// q1: right in slot A, then wrong in slot A; q2: right in
				// slot A, then unparsed. Both pairs are inconsistent.
				// Their intervals: over the 2 questions, each at one value
				// (no pair consistent; every parsed verdict for A), the
				// Wilson bound for 0 (and 2) of 2, z²/(2 + z²) = 0.6576.
				Position: &PositionBias{
					Pairs: 2, Verdicts: 3, FirstSlot: 3, FirstSlotPreference: ptr(1.0),
					ConsistencyCI: &Interval{CILow: 0, CIHigh: 0.657619776, CIMethod: MethodWilsonQuestions},
					FirstSlotCI:   &Interval{CILow: 0.342380224, CIHigh: 1, CIMethod: MethodWilsonQuestions},
					// Both pairs wrong under inconsistent-wrong, both ties
					// (½) under inconsistent-tie: every question one value,
					// the bound 0.5 ± 0.6576 × 0.5 about it.
					PairAccuracy: []PairScore{
						{Rule: RuleInconsistentWrong, Accuracy: 0, CI: &Interval{CILow: 0, CIHigh: 0.657619776, CIMethod: MethodWilsonQuestions}},
						{Rule: RuleInconsistentTie, Accuracy: 0.5, CI: &Interval{CILow: 0.171190112, CIHigh: 0.828809888, CIMethod: MethodWilsonQuestions}},
					},
				},
			},
			{
				Protocol: "consult", Kind: "consultancy", Task: "t", Judge: "j",
				N: 2, Questions: 2, Correct: 1, Failed: 1, Accuracy: 0.5,
				// Two questions, one right, one wrong: a quarter of the
				// resamples are 0 and a quarter 1.
				Interval:  Interval{CILow: 0, CIHigh: 1, CIMethod: MethodBootstrap},
				Breakdown: []Part{part("assigned-correct", 1, 1), part("assigned-incorrect", 0, 1)},
			},
			{
				Protocol: "debate", Kind: "debate", Task: "t", Judge: "j2",
				N: 1, Questions: 1, Correct: 1, Accuracy: 1,
				Interval: Interval{CIMethod: MethodWilson},
			},
			{
				Protocol: "debate", Kind: "debate", Task: "t2", Judge: "j",
				Failed: 1, Interval: Interval{CILow: 0, CIHigh: 1, CIMethod: MethodWilson},
			},
		},
	}
	want.Cells[2].CILow, want.Cells[2].CIHigh = wilson9(1, 1)
	// At most z²/(2 + z²) of the 2 questions could have another
	// accuracy, anywhere in [0, 1].
	share := wilsonZ * wilsonZ / (2 + wilsonZ*wilsonZ)
	want.Cells[0].CILow, want.Cells[0].CIHigh = nine(0.5-0.5*share), nine(0.5+0.5*share)
	// Debate against consultancy on t × j: per question, debate is ½ and
	// ½, consultancy 1 (q1, the failed episode left out) and 0 (q2). The
	// differences −½ and ½ resample to means −½, 0, ½ with chances ¼, ½, ¼,
	// and every sign flip is as far from 0 as the observed 0.
	one := 1.0
	want.Comparisons = []Paired{{
		A:         CellKey{Protocol: "consult", Task: "t", Judge: "j"},
		B:         CellKey{Protocol: "debate", Task: "t", Judge: "j"},
		Questions: 2, AccuracyA: 0.5, AccuracyB: 0.5, Difference: 0,
		Interval: Interval{CILow: -0.5, CIHigh: 0.5, CIMethod: MethodBootstrap}, PValue: 1, PHolm: &one,
		Exact: &[3]float64{0.5, 0.5, 0},
	}}
	want.Usage = UsageSummary{ByAgent: map[string]Usage{}, ByProtocol: map[string]Usage{}}

	got := Summarize("exp", 42, eps)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize mismatch (-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("json.Marshal(summary): got error %v; want nil", err)
	}
}

func TestSummarizeCIMethod(t *testing.T) {
	tests := []struct {
		name    string
		answers map[string][]int // question → verdicts
		want    string
	}{
		{"two questions, mixed", map[string][]int{"a": {0, 1}, "b": {0, 0}}, MethodBootstrap},
		{"one question", map[string][]int{"a": {0, 1, 0, 0}}, MethodWilson},
		{"all correct", map[string][]int{"a": {0, 0}, "b": {0, 0}}, MethodWilsonQuestions},
		{"all wrong", map[string][]int{"a": {1, transcript.Unparsed}, "b": {1}}, MethodWilsonQuestions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var eps []transcript.Episode
			for _, q := range slices.Sorted(maps.Keys(tt.answers)) {
				for _, a := range tt.answers[q] {
					eps = append(eps, episode("p", "debate", "t", "j", q, "x", a, ""))
				}
			}
			c := Summarize("e", 1, eps).Cells[0]
			if c.CIMethod != tt.want {
				t.Errorf("got CIMethod %q; want %q", c.CIMethod, tt.want)
			}
			if !(c.CILow <= c.Accuracy && c.Accuracy <= c.CIHigh) {
				t.Errorf("got accuracy %v outside [%v, %v]; want inside", c.Accuracy, c.CILow, c.CIHigh)
			}
			switch c.CIMethod {
			case MethodWilson:
				lo, hi := wilson9(c.Correct, c.N)
				if c.CILow != lo || c.CIHigh != hi {
					t.Errorf("got [%v, %v]; want Wilson over episodes [%v, %v]", c.CILow, c.CIHigh, lo, hi)
				}
			case MethodWilsonQuestions:
				// Each question is one trial, all right or all wrong.
				q := len(tt.answers)
				lo, hi := wilson9(q*c.Correct/c.N, q)
				if c.CILow != lo || c.CIHigh != hi {
					t.Errorf("got [%v, %v]; want Wilson over %d questions [%v, %v]", c.CILow, c.CIHigh, q, lo, hi)
				}
			}
		})
	}
}

func TestSummarizeDeterministic(t *testing.T) {
	eps := syntheticEpisodes(60, 2)
	a := Summarize("e", 7, eps)
	b := Summarize("e", 7, eps)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same input, two summaries (-first +second):\n%s", diff)
	}
	if c := Summarize("e", 8, eps); cmp.Equal(a, c, cmpopts.IgnoreFields(Summary{}, "Seed")) {
		t.Errorf("seeds 7 and 8 gave the same intervals; want the seed to drive the bootstrap")
	}
}

func TestSummarizeOrderIndependentNumbers(t *testing.T) {
	// Episodes finish in any order; the numbers must not depend on it, only
	// the order of cells and parts (first appearance) may.
	eps := syntheticEpisodes(40, 2)
	shuffled := slices.Clone(eps)
	slices.Reverse(shuffled)
	sortCells := cmpopts.SortSlices(func(a, b Cell) bool {
		return a.Protocol+"\x00"+a.Task+"\x00"+a.Judge < b.Protocol+"\x00"+b.Task+"\x00"+b.Judge
	})
	sortParts := cmpopts.SortSlices(func(a, b Part) bool { return a.Assignment < b.Assignment })
	sortComparisons := cmpopts.SortSlices(func(a, b Paired) bool {
		return a.A.Protocol+"\x00"+a.B.Protocol < b.A.Protocol+"\x00"+b.B.Protocol
	})
	got, want := Summarize("e", 3, shuffled), Summarize("e", 3, eps)
	if want.Cells[0].Position == nil || want.Cells[2].Calibration == nil || len(want.Comparisons) != 3 || len(want.Elo) != 2 {
		t.Fatalf("synthetic episodes: got position %v, calibration %v, %d comparisons, %d ratings; want all of them to be tested",
			want.Cells[0].Position, want.Cells[2].Calibration, len(want.Comparisons), len(want.Elo))
	}
	if diff := cmp.Diff(want, got, sortCells, sortParts, sortComparisons); diff != "" {
		t.Errorf("reversed episodes (-plan order +reversed):\n%s", diff)
	}
	if got.Cells[0].Protocol != "naive" || want.Cells[0].Protocol != "debate" {
		t.Errorf("got first cells %q and %q; want naive (reversed) and debate (plan order)", got.Cells[0].Protocol, want.Cells[0].Protocol)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	s := Summarize("e", 1, nil)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("json.Marshal: got error %v; want nil", err)
	}
	if want := `{"experiment":"e","seed":1,"episodes":0,"failed":0,"cells":[],"usage":{"total":{"calls":0,"cached_calls":0,"retries":0,"input_tokens":0,"output_tokens":0,"cost_usd":0,"list_cost_usd":0,"failed_calls":0,"estimated_calls":0,"truncated_calls":0},"by_agent":{},"by_protocol":{}}}`; string(b) != want {
		t.Errorf("got %s; want %s", b, want)
	}
}

func BenchmarkSummarize(b *testing.B) {
	eps := syntheticEpisodes(1000, 2) // 10,000 episodes
	if len(eps) != 10000 {
		b.Fatalf("got %d episodes; want 10000", len(eps))
	}
	b.ReportAllocs()
	for b.Loop() {
		Summarize("bench", 1, eps)
	}
}

func TestSummarizeUsage(t *testing.T) {
	msg := func(agent string, in, out, retries int, cached bool, cost float64) transcript.Message {
		m := transcript.Message{Agent: agent, Usage: transcript.Usage{InputTokens: in, OutputTokens: out}, Retries: retries, Cached: cached, CostUSD: cost, ListCostUSD: cost}
		if cached {
			// Paid nothing; made afresh it costs what the same call
			// cost in debate.
			m.CostUSD = 0
		}
		return m
	}
	eps := []transcript.Episode{
		{Protocol: "debate", Task: "t", Judge: "j", QuestionID: "q1", Messages: []transcript.Message{
			msg("strong", 100, 10, 0, false, 0.001), msg("strong", 120, 12, 2, false, 0.0012), msg("j", 300, 5, 0, false, 0.0003),
		}},
		{Protocol: "consultancy", Task: "t", Judge: "j", QuestionID: "q1", Messages: []transcript.Message{
			msg("strong", 100, 10, 0, true, 0.001), msg("j", 200, 5, 1, false, 0.0002),
		}},
	}
	// A server's counts of the prompt's tokens read from its cache and
	// of the answer's spent thinking are summed as the tokens are.
	eps[0].Messages[2].Usage.CachedInputTokens, eps[0].Messages[2].Usage.ReasoningTokens = 256, 3
	eps[1].Messages[1].Usage.ReasoningTokens = 4
	got := Summarize("e", 1, eps).Usage
	want := UsageSummary{
		Total: Usage{Calls: 5, CachedCalls: 1, Retries: 3, InputTokens: 820, OutputTokens: 42, CachedInputTokens: 256, ReasoningTokens: 7, CostUSD: 0.0027, ListCostUSD: 0.0037},
		ByAgent: map[string]Usage{
			"strong": {Calls: 3, CachedCalls: 1, Retries: 2, InputTokens: 320, OutputTokens: 32, CostUSD: 0.0022, ListCostUSD: 0.0032},
			"j":      {Calls: 2, Retries: 1, InputTokens: 500, OutputTokens: 10, CachedInputTokens: 256, ReasoningTokens: 7, CostUSD: 0.0005, ListCostUSD: 0.0005},
		},
		ByProtocol: map[string]Usage{
			"debate":      {Calls: 3, Retries: 2, InputTokens: 520, OutputTokens: 27, CachedInputTokens: 256, ReasoningTokens: 3, CostUSD: 0.0025, ListCostUSD: 0.0025},
			"consultancy": {Calls: 2, CachedCalls: 1, Retries: 1, InputTokens: 300, OutputTokens: 15, ReasoningTokens: 4, CostUSD: 0.0002, ListCostUSD: 0.0012},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("usage (-want +got):\n%s", diff)
	}
}

// BenchmarkSummarizeASweep: a judge alone and a debate in each of 300
// sweep cells, 10 questions each, the judge alone touched by one axis of
// two: the comparisons pair every debate cell with its judge alone.
func BenchmarkSummarizeASweep(b *testing.B) {
	var eps []transcript.Episode
	for c := range 300 {
		skill, rounds := fmt.Sprint(c/3), fmt.Sprint(c%3)
		for q := range 10 {
			qid := fmt.Sprintf("q%d", q)
			eps = append(eps,
				transcript.Episode{Protocol: "debate", Kind: "debate", Class: "debate", CompareWith: []string{"judge-alone"}, Task: "t", Judge: "j",
					Cell: "j.skill=" + skill + ",debate.rounds=" + rounds, QuestionID: qid, Correct: q%3 != 0, Verdict: transcript.Verdict{Answer: 0}})
			if c%3 == 0 {
				eps = append(eps, transcript.Episode{Protocol: "alone", Kind: "direct", Class: "judge-alone", Task: "t", Judge: "j",
					Cell: "j.skill=" + skill, QuestionID: qid, Correct: q%2 == 0, Verdict: transcript.Verdict{Answer: 0}})
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if s := Summarize("bench", 1, eps); len(s.Comparisons) != 300 {
			b.Fatalf("%d comparisons; want 300", len(s.Comparisons))
		}
	}
}
