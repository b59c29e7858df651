package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/mootlab/moot/internal/browsertest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// scaleEpisodes is the size of TestReportAtScale's run, unless
// MOOT_REPORT_SCALE sets another (.ci/run checks 100,000).
const scaleEpisodes = 12000

// scaleRun synthesizes a sweep of n episodes in plan order: 3 tasks × 4
// protocols × 5 cells, 60 cells of the summary, with probabilities. It
// writes transcripts.jsonl and summary.json to dir.
func scaleRun(t *testing.T, dir string, n int) {
	t.Helper()
	tasks := []string{"hidden-qa", "math-steps", "code-trace"}
	protocols := []string{"qa-without-article", "consultancy", "debate", "open-debate"}
	var cells []string
	for _, v := range []string{"0.5", "0.6", "0.7", "0.8", "0.9"} {
		cells = append(cells, transcript.CellName([]transcript.AxisValue{{Axis: "strong.skill", Value: v}}))
	}
	perTask := n / len(tasks)
	eps := make([]transcript.Episode, 0, n)
	for i := range n {
		task := tasks[min(i/perTask, len(tasks)-1)]
		j := i % (len(protocols) * len(cells))
		protocol, cell := protocols[j/len(cells)], cells[j%len(cells)]
		q := i / (len(protocols) * len(cells))
		correct := (i*7919)%100 < 55+j
		verdict := 1
		if !correct {
			verdict = 0
		}
		prob := 0.5 + float64((i*104729)%500)/1000
		ep := transcript.Episode{
			EpisodeID: fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15), Protocol: protocol, Kind: protocol, Class: protocol,
			Cell: cell, Task: task, QuestionID: fmt.Sprintf("%s-%05d", task, q), Judge: "weak-judge",
			Assignment: "correct-first", Answers: [2]string{"red", "violet"}, CorrectAnswer: 1, Order: [2]int{0, 1},
			Seats: []transcript.Seat{
				{Name: "Debater A", Role: transcript.RoleDebater, Agent: "strong", Argues: 1},
				{Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Argues: transcript.NoSide},
			},
			Messages: []transcript.Message{
				{Round: 1, Name: "Debater A", Role: transcript.RoleDebater, Agent: "strong",
					Text: "The article says <v_quote>Jola Wynby sent a violet comb to Grimgate " + strconv.Itoa(q) + ".</v_quote> so the answer is B."},
				{Round: 2, Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Text: "I found the quote verified.\nAnswer: B\n"},
			},
			Verdict: transcript.Verdict{Answer: verdict, Slot: string(rune('A' + verdict)), Probability: prob, Parse: "answer-line", Asks: 1},
			Correct: correct,
		}
		eps = append(eps, ep)
	}
	f, err := os.Create(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range eps {
		if err := enc.Encode(&eps[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	sum := analysis.Summarize("scale", 7, eps)
	data, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReportAtScale renders a 60-cell sweep of 12,000 episodes (or
// MOOT_REPORT_SCALE) and opens it from its file in Chromium: no console
// error, filters that list every task and cell, and an episode of the last
// task, from the last chunk file, opens.
func TestReportAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	n := scaleEpisodes
	if s := os.Getenv("MOOT_REPORT_SCALE"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1000 {
			t.Fatalf("MOOT_REPORT_SCALE=%q; want a number of episodes, at least 1000", s)
		}
	}
	ctx := browsertest.New(t, 1280, 1100, 2*time.Minute)
	dir := t.TempDir()
	scaleRun(t, dir, n)
	start := time.Now()
	if err := WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	render := time.Since(start)
	page, err := os.Stat(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	chunkFiles, err := os.ReadDir(filepath.Join(dir, EpisodesDir))
	if err != nil {
		t.Fatal(err)
	}
	var chunkBytes int64
	for _, e := range chunkFiles {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		chunkBytes += info.Size()
	}
	if want := (n + ChunkSize - 1) / ChunkSize; len(chunkFiles) != want {
		t.Errorf("%d chunk files; want %d", len(chunkFiles), want)
	}

	watch := browsertest.WatchPage(t, ctx)
	start = time.Now()
	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+filepath.Join(dir, ReportFile)),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("loading the report: %v", err)
	}
	ready := time.Since(start)
	paint := browsertest.Eval[float64](t, ctx, `(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime`)
	t.Logf("%d episodes: report.html %.2f MB, %d chunk files %.1f MB; rendered in %v; first contentful paint %.0f ms, list ready %v",
		n, float64(page.Size())/1e6, len(chunkFiles), float64(chunkBytes)/1e6, render.Round(time.Millisecond), paint, ready.Round(time.Millisecond))

	options := func(id string) []string {
		return browsertest.Eval[[]string](t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll("#%s option"), o => o.value).filter(v => v)`, id))
	}
	if got := options("f-task"); len(got) != 3 || got[2] != "code-trace" {
		t.Errorf("task filter lists %q; want the 3 tasks", got)
	}
	if got := options("f-cell"); len(got) != 5 {
		t.Errorf("cell filter lists %q; want the 5 cells", got)
	}
	if got := options("f-protocol"); len(got) != 4 {
		t.Errorf("protocol filter lists %q; want the 4 protocols", got)
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("match-count").textContent`); got != fmt.Sprintf("%d of %d episodes", n, n) {
		t.Errorf("match count %q; want every episode", got)
	}
	if got := browsertest.Eval[int](t, ctx, visibleRows); got != pageRows {
		t.Errorf("the list shows %d rows; want a page of %d", got, pageRows)
	}
	// The next page is read from its top, wherever the last was scrolled.
	browsertest.Eval[chromedp.Void](t, ctx, `(() => { const l = document.querySelector(".list"); l.scrollTop = l.scrollHeight; })()`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("page-next"))); err != nil {
		t.Fatal(err)
	}
	if top := browsertest.Eval[float64](t, ctx, `document.querySelector(".list").scrollTop`); top != 0 {
		t.Errorf("the list's next page opens scrolled to %v; want its top", top)
	}

	// The last episode of the last task, from the last chunk file.
	choose(t, ctx, "f-task", "code-trace")
	choose(t, ctx, "f-cell", "strong.skill=0.9")
	last := n - 1
	for (last%20)%5 != 4 { // the last episode in cell strong.skill=0.9
		last--
	}
	lastID := fmt.Sprintf("%016x", uint64(last)*0x9e3779b97f4a7c15)
	browsertest.Eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("f-search"); s.value = "code-trace";
		s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	for browsertest.Eval[bool](t, ctx, `!document.getElementById("page-next").disabled`) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("page-next"))); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#episode-rows tr:last-child`)),
		chromedp.WaitVisible(chromedp.CSS(`#detail .conversation`)),
	); err != nil {
		t.Fatalf("opening the last episode: %v", err)
	}
	meta := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#detail dl.meta dd"), d => d.textContent)`)
	if len(meta) < 2 || meta[0] != lastID || meta[1] != fmt.Sprintf("code-trace-%05d", last/20) {
		t.Errorf("the detail shows %q; want episode %s and its question", meta, lastID)
	}
	if got := browsertest.Eval[int](t, ctx, `document.querySelectorAll("figure.plot svg").length`); got < 10 {
		t.Errorf("%d plots; want the accuracy, sweep and reliability plots faceted", got)
	}
	watch.Check(t)
}
