package report

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/browsertest"
)

// TestReplicatesPageInBrowser opens a replicated sweep's page in Chromium:
// it loads without an error, a refused resource or a script (it has
// none), draws its phase map and its sweep plot, keeps its wide tables in
// their scroll boxes, and links each replicate's page.
func TestReplicatesPageInBrowser(t *testing.T) {
	ctx := browsertest.New(t, 1024, 900, time.Minute)
	sum := phaseSummary()
	point := func(v string, mean float64) analysis.ReplicatePoint {
		return analysis.ReplicatePoint{Value: v, N: 30, Accuracy: []float64{mean, mean}, OverSeeds: analysis.OverSeeds{Replicates: 3, Mean: mean,
			Interval: analysis.Interval{CILow: mean - 0.1, CIHigh: mean + 0.1, CIMethod: analysis.MethodReplicatesT}}}
	}
	sum.Replicates.Sweep = &analysis.ReplicateSweep{
		Axes: []analysis.SweepAxis{{Name: "d", Values: []string{"0", "1"}}},
		Lines: []analysis.ReplicateSweepLine{{LineOf: analysis.LineOf{Axis: "d", Protocol: "debate", Task: "qa", Judge: "judge"},
			Points: []analysis.ReplicatePoint{point("0", 0.6), point("1", 0.8)}}},
	}
	for _, cell := range []string{"d=0,s=0", "d=1,s=0", "d=0,s=1", "d=1,s=1"} {
		sum.Replicates.Cells = append(sum.Replicates.Cells, analysis.ReplicateCell{
			CellKey: analysis.CellKey{Protocol: "debate", Task: "qa", Judge: "judge", Cell: cell}, Replicates: 3, Mean: 0.7,
			Accuracy: []float64{0.6, 0.7, 0.8}, Interval: analysis.Interval{CILow: 0.5, CIHigh: 0.9, CIMethod: analysis.MethodReplicatesT}})
	}
	page, err := Replicates(sum, []Link{{Text: "seed 1", Href: "seed-1/report.html"}, {Text: "seed 2", Href: "seed-2/report.html"}})
	if err != nil {
		t.Fatal(err)
	}
	watch := openPage(t, ctx, page)
	if got := browsertest.Eval[int](t, ctx, `document.scripts.length`); got != 0 {
		t.Errorf("the page has %d scripts; want none", got)
	}
	if got := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#phase-1 svg, #sweep-plot-1 svg").length`); got != 2 {
		t.Errorf("%d of the phase map and the sweep plot drawn; want 2", got)
	}
	// The figures are drawn at a size: an SVG that failed to lay out
	// would have none.
	if got := browsertest.Eval[int](t, ctx, `Math.round(document.querySelector("#sweep-plot-1 svg").getBoundingClientRect().height)`); got < 200 {
		t.Errorf("the sweep plot is %d px high; want a drawn plot", got)
	}
	if got := browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth <= window.innerWidth`); !got {
		t.Error("the page is wider than the window: a table left its scroll box")
	}
	if got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("main ul a")].map(a => a.getAttribute("href"))`); len(got) != 2 || got[1] != "seed-2/report.html" {
		t.Errorf("links %v; want each replicate's page", got)
	}
	watch.Check(t)
}

// openPage serves page as the report of a folder of its own and opens it
// in the browser ctx, watched for errors and refused resources.
func openPage(t *testing.T, ctx context.Context, page []byte) *browsertest.Watch {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ReportFile), page, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	watch := browsertest.WatchPage(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+ReportFile), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("loading the page: %v", err)
	}
	return watch
}
