package export

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// TestQuoteCountsApart: an episode's row counts the verified and the
// unverified quotes its messages showed, each apart.
func TestQuoteCountsApart(t *testing.T) {
	ep := synthEpisode(0)
	for i := range ep.Messages {
		ep.Messages[i].Shown = ""
	}
	ep.Messages[1].Shown = quotes.VerifiedOpen + "a" + quotes.VerifiedClose + " " + quotes.VerifiedOpen + "b" + quotes.VerifiedClose +
		" " + quotes.UnverifiedOpen + "c" + quotes.UnverifiedClose
	if r := NewEpisodeRow(&ep); r.QuotesVerified != 2 || r.QuotesUnverified != 1 {
		t.Errorf("quotes %d verified, %d unverified; want 2 and 1", r.QuotesVerified, r.QuotesUnverified)
	}
}

// TestInterimVerdictsByRound: each round's interim verdict is on the
// judge's message of that round, and one the judge gave no probability
// for has none (null), not 0.
func TestInterimVerdictsByRound(t *testing.T) {
	ep := synthEpisode(0)
	judge := func(round int) transcript.Message {
		return transcript.Message{Round: round, Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Aside: true}
	}
	ep.Messages = []transcript.Message{judge(1), judge(2)}
	ep.Interim = []transcript.Verdict{{Answer: 1, Slot: "B", Round: 1}, {Answer: 0, Slot: "A", Probability: 0.7, Round: 2}}
	first, second := messageRow(&ep, 0, nil), messageRow(&ep, 1, nil)
	if first.InterimAnswer == nil || *first.InterimAnswer != 1 || first.InterimProbability != nil {
		t.Errorf("round 1's message: interim %v, probability %v; want 1 and none", first.InterimAnswer, first.InterimProbability)
	}
	if second.InterimAnswer == nil || *second.InterimAnswer != 0 || second.InterimProbability == nil || *second.InterimProbability != 0.7 {
		t.Errorf("round 2's message: interim %v, probability %v; want 0 and 0.7", second.InterimAnswer, second.InterimProbability)
	}
}

// TestMessagesCSVTokens: the messages table's token columns hold each
// message's input and output tokens under their own headers.
func TestMessagesCSVTokens(t *testing.T) {
	files := mustRun(t, writeRun(t, 1), CSV, filepath.Join(t.TempDir(), "e.csv"), Options{})
	f, err := os.Open(files[1])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("messages CSV: %d rows, %v", len(rows), err)
	}
	in, out := slices.Index(rows[0], "input_tokens"), slices.Index(rows[0], "output_tokens")
	if in < 0 || out < 0 || rows[1][in] != "400" || rows[1][out] != "60" {
		t.Errorf("header %q, first message %q; want input_tokens 400 and output_tokens 60", strings.Join(rows[0], ","), rows[1])
	}
}

// TestInspectTotalTokens: a sample's usage totals a call's input and
// output tokens.
func TestInspectTotalTokens(t *testing.T) {
	var u inspectUsage
	u.add(&transcript.Message{Usage: transcript.Usage{InputTokens: 100, OutputTokens: 30}})
	if u.TotalTokens != 130 {
		t.Errorf("total tokens %d; want 130, input and output", u.TotalTokens)
	}
}

// TestInspectUsageIsWhatTheRunPaid: an Inspect log's total_cost is what
// the run paid, as its tokens are this run's calls: a call the cache
// answered costs it nothing, whatever it lists (its list_cost_usd is in
// the tables, not here).
func TestInspectUsageIsWhatTheRunPaid(t *testing.T) {
	var u inspectUsage
	u.add(&transcript.Message{Usage: transcript.Usage{InputTokens: 100, OutputTokens: 10}, CostUSD: 0.002})
	u.add(&transcript.Message{Usage: transcript.Usage{InputTokens: 50, OutputTokens: 5}, Cached: true, CostUSD: 0, ListCostUSD: 0.004})
	if math.Abs(u.TotalCost-0.002) > 1e-12 || u.TotalTokens != 165 {
		t.Errorf("got total_cost %v, total_tokens %d; want 0.002, 165", u.TotalCost, u.TotalTokens)
	}
}
