package report

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mootlab/moot/internal/browsertest"
)

// TestLongNamesLeaveTheNumbersInSight: a run whose protocol label, task
// and judge have long names (up to the 64 characters a label may have)
// wraps them, so that every cell's accuracy and interval, and every
// comparison's p, lie within a 1280-pixel window: a screenshot of the page
// shows its numbers, not a table cut off after the names.
func TestLongNamesLeaveTheNumbersInSight(t *testing.T) {
	ctx := browsertest.New(t, 1280, 1100, 2*time.Minute)
	dir := t.TempDir()
	eps := testEpisodes()
	for i := range eps {
		e := &eps[i]
		e.Protocol = e.Protocol + "-label-" + strings.Repeat("p", 50)
		e.Task = "task-" + strings.Repeat("t", 59)
		e.Judge = "judge-" + strings.Repeat("j", 58)
	}
	writeRun(t, dir, eps, "")
	if err := WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	watch := browsertest.WatchPage(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+ReportFile), chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`))); err != nil {
		t.Fatalf("loading the report: %v", err)
	}
	for _, sel := range []string{
		`#accuracy tr.cell td:nth-last-child(2)`, // the 95% CI
		`#comparisons tbody td:last-child`,       // p
	} {
		cut := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).
			filter(td => td.getBoundingClientRect().right > document.documentElement.clientWidth).map(td => td.textContent)`)
		n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(`+"`"+sel+"`"+`).length`)
		if n == 0 {
			t.Errorf("%s: no such cell on the page", sel)
		}
		if len(cut) > 0 {
			t.Errorf("%s: %d of %d cells lie beyond the window's right edge: %q", sel, len(cut), n, cut)
		}
	}
	watch.Check(t)
}
