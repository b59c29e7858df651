package report

// Tests that the page says what a run lacks: pairs it could not compare,
// calls that got no answer.

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/mootlab/moot/analysis"
)

// TestWriteSaysWhichPairsWereNotCompared: the pairs a run could not
// compare (a cell whose episodes all failed, a person's cells that judged
// other questions) are said under Paired comparisons, as the terminal
// says them, and not dumped as raw JSON under "More results" as a field
// the page has no table for; with no pair compared, the section holds
// that note alone.
func TestWriteSaysWhichPairsWereNotCompared(t *testing.T) {
	eps := testEpisodes()
	left := []string{"direct vs debate (hidden-qa, judge weak-judge)"}
	for _, tc := range []struct {
		name string
		keep bool // the run's comparisons are kept
	}{{"none compared", false}, {"some compared", true}} {
		t.Run(tc.name, func(t *testing.T) {
			sum := testSummary(eps)
			if !tc.keep {
				sum.Comparisons = nil
			}
			sum.Uncompared = left
			doc, err := html.Parse(strings.NewReader(render(t, sum, eps)))
			if err != nil {
				t.Fatal(err)
			}
			if more := byID(doc, "more"); more != nil {
				t.Errorf("the uncompared pairs are shown as raw JSON: %q", text(more))
			}
			sec := byID(doc, "comparisons")
			if sec == nil {
				t.Fatal("no Paired comparisons section: the page does not say which pairs it left out")
			}
			if got, want := text(sec), analysis.UncomparedNote(left); !strings.Contains(got, want) {
				t.Errorf("Paired comparisons reads %q; want %q in it", got, want)
			}
			tables := elements(sec, func(n *html.Node) bool { return n.Data == "table" })
			if tc.keep != (len(tables) == 1) {
				t.Errorf("Paired comparisons has %d tables; want one only where pairs were compared", len(tables))
			}
		})
	}
}

// TestHeaderCountsFailedCalls: a run against an endpoint that never
// answered made no call that counts (Calls 0), and the terminal says its
// calls failed ("26 calls attempted: 0 answered, 26 failed"): the header
// says so too, beside the calls, on a run's page and a replicated run's.
func TestHeaderCountsFailedCalls(t *testing.T) {
	eps := testEpisodes()
	sum := testSummary(eps)
	sum.Usage.Total = analysis.Usage{Retries: 79, FailedCalls: 26}
	fact := func(page string) string {
		t.Helper()
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		facts := elements(doc, func(n *html.Node) bool { return n.Data == "dl" && attr(n, "class") == "facts" })
		if len(facts) != 1 {
			t.Fatalf("%d facts lists; want one", len(facts))
		}
		return text(facts[0])
	}
	if got := fact(render(t, sum, eps)); !strings.Contains(got, "Failed calls26") {
		t.Errorf("the header reads %q; want Failed calls 26 in it", got)
	}
	rep := sum
	rep.Replicates = &analysis.ReplicateSummary{Seeds: []uint64{7}}
	page, err := Replicates(rep, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fact(string(page)); !strings.Contains(got, "Failed calls26") {
		t.Errorf("the replicated run's header reads %q; want Failed calls 26 in it", got)
	}
	sum.Usage.Total.FailedCalls = 0
	if got := fact(render(t, sum, eps)); strings.Contains(got, "Failed calls") {
		t.Errorf("a run whose calls all answered reads %q; want no failed calls", got)
	}
}

// TestEloGroupedIsNotARawField: a run whose rated debates share an
// article (a data file's group) writes elo_grouped in summary.json, which
// the Elo section already says in its note ("the questions of a group
// drawn together"); the page showed it again under "More results" as a
// bare `elo_grouped true` that tells a reader nothing (found on a run of
// an invented JSONL file with a group field).
func TestEloGroupedIsNotARawField(t *testing.T) {
	eps := testEpisodes()
	sum := testSummary(eps)
	sum.EloGrouped = true
	doc, err := html.Parse(strings.NewReader(render(t, sum, eps)))
	if err != nil {
		t.Fatal(err)
	}
	if more := byID(doc, "more"); more != nil {
		t.Errorf("elo_grouped is shown as raw JSON: %q", text(more))
	}
}
