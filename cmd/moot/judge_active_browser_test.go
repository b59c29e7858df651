package main

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/browsertest"
	"github.com/mootlab/moot/transcript"
)

// activeIdle is the idle threshold of the active-time test: short, so
// that it waits seconds, not minutes.
const activeIdle = time.Second

// TestJudgeActiveTimeInBrowser: the page counts the person's active time
// and the record keeps it beside the wall time. An idle stretch counts up
// to the threshold; a hidden page counts nothing, though keys come; a
// reload loses nothing counted; an acknowledged verdict's count is
// removed from the browser's storage. Timings are bounded by what the
// test itself measured around each stretch, not by guesses at speed.
func TestJudgeActiveTimeInBrowser(t *testing.T) {
	browser := browsertest.New(t, 1000, 1200, 2*time.Minute)
	runDir := playJudgeRun(t)
	srv := serveJudge(t, runDir, judgeOptions{as: "alice", listen: "127.0.0.1:0", slot: -1, idle: activeIdle}, io.Discard)
	opened := time.Now()
	tab, closeTab, p := openTab(t, browser, srv.url)
	defer closeTab()

	// 1: an answer chosen, then no input for 3 s, then the verdict.
	click(t, tab, "choose-A")
	idleFrom := time.Now()
	time.Sleep(3 * time.Second)
	idleTo := time.Now()
	submitAndWait(t, tab)
	idleDone := time.Now()

	// 2: keys typed, the page hidden while keys still come, shown again.
	typeFor(t, tab, 1500*time.Millisecond)
	setHidden(t, tab, true)
	hiddenFrom := time.Now()
	typeFor(t, tab, 2*time.Second)
	hiddenTo := time.Now()
	setHidden(t, tab, false)
	click(t, tab, "choose-B")
	submitAndWait(t, tab)

	// 3: keys typed, the page reloaded, the verdict given at once. The
	// page's own count before the reload is read from its script.
	typeFor(t, tab, 1500*time.Millisecond)
	key := browsertest.Eval[string](t, tab, `current.key`)
	counted := browsertest.Eval[float64](t, tab, `activeMs(performance.now())`) / 1000
	if err := chromedp.Do(tab, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitLoaded(t, tab)
	if got := browsertest.Eval[string](t, tab, `current.key`); got != key {
		t.Fatalf("reloaded, the page shows episode %s; want %s again", got, key)
	}
	click(t, tab, "choose-A")
	submitAndWait(t, tab)
	if kept := browsertest.Eval[bool](t, tab, `localStorage.getItem(`+strconv.Quote("moot-judge-active:"+key)+`) !== null`); kept {
		t.Error("the count of an acknowledged verdict is still in localStorage")
	}
	p.Check(t)
	srv.stop(t)

	recs, err := transcript.ReadFile(filepath.Join(runDir+"-human/alice", engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d verdicts on disk; want 3", len(recs))
	}
	var wall, active [3]float64
	for i, r := range recs {
		m := r.Messages[len(r.Messages)-1]
		if m.ActiveSeconds == nil || *m.ActiveSeconds > m.Seconds {
			t.Fatalf("verdict %d: active %v of %v s; want some, at most the wall time", i+1, m.ActiveSeconds, m.Seconds)
		}
		wall[i], active[i] = m.Seconds, *m.ActiveSeconds
		t.Logf("verdict %d: wall %.3f s, active %.3f s", i+1, wall[i], active[i])
	}
	idle, idleMost := idleTo.Sub(idleFrom).Seconds(), (idleFrom.Sub(opened) + activeIdle + idleDone.Sub(idleTo)).Seconds()
	if gap := wall[0] - active[0]; gap < idle-activeIdle.Seconds()-0.01 || active[0] < activeIdle.Seconds()-0.01 || active[0] > idleMost {
		t.Errorf("idle for %.3f s: active %.3f s of %.3f s; want the idle stretch past %v left out (%.3f s at least), its first %v counted, and at most %.3f s",
			idle, active[0], wall[0], activeIdle, idle-activeIdle.Seconds(), activeIdle, idleMost)
	}
	hidden := hiddenTo.Sub(hiddenFrom).Seconds()
	if gap := wall[1] - active[1]; gap < hidden-0.01 {
		t.Errorf("hidden for %.3f s: active %.3f s of %.3f s; want the hidden stretch left out", hidden, active[1], wall[1])
	}
	if active[2] < counted-0.01 {
		t.Errorf("%.3f s counted, then the page reloaded: active %.3f s; want what was counted kept", counted, active[2])
	}
	// The summary moot judge keeps has each cell's times a verdict: here
	// one verdict a cell, its own.
	sum := readSummary(t, runDir+"-human/alice")
	for i, r := range recs {
		at := slices.IndexFunc(sum.Cells, func(c analysis.Cell) bool { return c.Protocol == r.Protocol })
		if at < 0 || sum.Cells[at].JudgeTime == nil || sum.Cells[at].JudgeTime.Active == nil {
			t.Fatalf("verdict %d: no cell of %s with the judge's times in the summary", i+1, r.Protocol)
		}
		jt := sum.Cells[at].JudgeTime
		if jt.Wall.N != 1 || jt.Wall.Median != wall[i] || jt.Active.Median != active[i] {
			t.Errorf("%s's times in the summary: wall %+v, active %+v; want one verdict of %.3f s, %.3f s active", r.Protocol, jt.Wall, *jt.Active, wall[i], active[i])
		}
	}
}

func click(t *testing.T, tab context.Context, id string) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID(id)), chromedp.Click(chromedp.ID(id))); err != nil {
		t.Fatal(err)
	}
}

// submitAndWait submits the verdict and waits for the page to move on.
func submitAndWait(t *testing.T, tab context.Context) {
	t.Helper()
	before := browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`)
	click(t, tab, "submit")
	deadline := time.Now().Add(10 * time.Second)
	for browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`) == before {
		if time.Now().After(deadline) {
			t.Fatal("the page did not move on after the verdict")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// typeFor types into the reason, a key every 200 ms (well within the
// idle threshold), for at least d.
func typeFor(t *testing.T, tab context.Context, d time.Duration) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); {
		if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.ID("reason"), ".")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// setHidden makes the page hidden, or visible again, to its script, as
// switching tabs would: headless Chromium keeps every page visible, so
// the test sets document.visibilityState and sends visibilitychange.
func setHidden(t *testing.T, tab context.Context, hidden bool) {
	t.Helper()
	js := `delete document.visibilityState`
	if hidden {
		js = `Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"})`
	}
	browsertest.Eval[any](t, tab, `(`+js+`, document.dispatchEvent(new Event("visibilitychange")), document.visibilityState)`)
}

// waitLoaded waits for the page to show its state.
func waitLoaded(t *testing.T, tab context.Context) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.HasPrefix(browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`), "Loading") {
		if time.Now().After(deadline) {
			t.Fatal("the page did not load its state")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
