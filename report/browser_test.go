package report

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"github.com/mootlab/moot/internal/browsertest"
	"github.com/mootlab/moot/transcript"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshotPath is the screenshot in the docs, rewritten by the browser
// test when MOOT_UPDATE_SCREENSHOT=1.
const screenshotPath = "../docs/report.png"

const visibleRows = `document.querySelectorAll("#episode-rows tr:not([hidden])").length`

// choose selects value in the select element id, as a user would: the
// value changes and a change event follows.
func choose(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	expr := fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q;
		s.dispatchEvent(new Event("change", {bubbles: true})); return s.value; })()`, id, value)
	if got := browsertest.Eval[string](t, ctx, expr); got != value {
		t.Fatalf("#%s: chose %q, got %q (no such option?)", id, value, got)
	}
}

// openReport writes the report page of the run in dir and serves the
// folder until the test ends; it opens the page in the browser ctx,
// watched for errors and refused resources, and waits until the page
// says it is ready. It returns the page's address and the watch.
func openReport(t *testing.T, ctx context.Context, dir string) (string, *browsertest.Watch) {
	t.Helper()
	if err := WriteFile(dir); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	watch := browsertest.WatchPage(t, ctx)
	page := srv.URL + "/" + ReportFile
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`))); err != nil {
		t.Fatalf("loading the report: %v", err)
	}
	return page, watch
}

func TestReportInBrowser(t *testing.T) {
	ctx := browsertest.New(t, 1280, 1100, 2*time.Minute)
	dir := t.TempDir()
	eps := testEpisodes()
	writeRun(t, dir, eps, "")
	// The question store: q1's text and exhibit carry the payload too.
	writeQuestions(t, dir, map[string]string{"task": "hidden-qa", "id": "q1", "text": "What colour was the comb? " + payload,
		"exhibit": "def f():\n    return 1", "context": "hidden words"})
	page, watch := openReport(t, ctx, dir)

	if got := browsertest.Eval[int](t, ctx, visibleRows); got != testEpisodesTotal {
		t.Errorf("the list shows %d rows; want %d", got, testEpisodesTotal)
	}
	if got := browsertest.Eval[int](t, ctx, `document.querySelectorAll("figure.plot svg").length`); got != 4 {
		t.Errorf("%d plots drawn; want 4 (accuracy, reliability, confidence, accuracy against Elo)", got)
	}

	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			id, value string
			want      int
		}{
			{"f-outcome", "incorrect", testIncorrect},
			{"f-outcome", "correct", testCorrect},
			{"f-outcome", "unparsed", testUnparsed},
			{"f-outcome", "failed", testFailed},
			{"f-outcome", "", testEpisodesTotal},
			{"f-protocol", "debate", testDebate},
			{"f-protocol", "consultancy", testEpisodesTotal - testDebate},
		} {
			choose(t, ctx, tc.id, tc.value)
			if got := browsertest.Eval[int](t, ctx, visibleRows); got != tc.want {
				t.Errorf("%s = %q: %d rows; want %d", tc.id, tc.value, got, tc.want)
			}
		}
		// Typed text narrows the consultancy rows to question q2.
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-search"), "Q2")); err != nil {
			t.Fatal(err)
		}
		if got := browsertest.Eval[int](t, ctx, visibleRows); got != 2 {
			t.Errorf("search %q in consultancy: %d rows; want 2", "Q2", got)
		}
		if got := browsertest.Eval[string](t, ctx, `document.getElementById("match-count").textContent`); got != "2 of 10 episodes" {
			t.Errorf("match count = %q; want %q", got, "2 of 10 episodes")
		}
		browsertest.Eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("f-search"); s.value = "";
			s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
		choose(t, ctx, "f-protocol", "")
		if got := browsertest.Eval[int](t, ctx, visibleRows); got != testEpisodesTotal {
			t.Errorf("filters cleared: %d rows; want %d", got, testEpisodesTotal)
		}
	})

	t.Run("unicode", func(t *testing.T) {
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`#episode-rows tr[data-index="6"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#detail .conversation`)),
		); err != nil {
			t.Fatalf("opening the episode: %v", err)
		}
		got := browsertest.Eval[string](t, ctx, `document.querySelectorAll("#detail .msg .text")[1].textContent`)
		if want := wide + "\nAnswer"; got != want {
			t.Errorf("judge message shows %q; want %q", got, want)
		}
	})

	t.Run("hostile episode", func(t *testing.T) {
		// The first episode carries the payload: open it with a real click.
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`#episode-rows tr[data-index="0"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#detail .conversation`)),
			chromedp.Sleep(300*time.Millisecond), // time for an image error or a load handler, were there any
		); err != nil {
			t.Fatalf("opening the episode: %v", err)
		}
		if got := browsertest.Eval[string](t, ctx, `typeof window.pwned`); got != "undefined" {
			t.Errorf("the payload ran: typeof window.pwned = %q", got)
		}
		if got := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#detail img, #detail script, #detail svg, #detail iframe").length`); got != 0 {
			t.Errorf("the detail pane holds %d elements made from model text", got)
		}
		if got := browsertest.Eval[int](t, ctx, `document.scripts.length`); got != 2 {
			t.Errorf("document has %d scripts; want 2", got)
		}
		first := browsertest.Eval[string](t, ctx, `document.querySelector("#detail .msg .text").textContent`)
		if want := "I argue A. " + payload; first != want {
			t.Errorf("first message shows %q; want the text as written, %q", first, want)
		}
		second := browsertest.Eval[string](t, ctx, `document.querySelectorAll("#detail .msg .text")[1].textContent`)
		if !strings.Contains(second, "Naïve café — Ελληνικά") || strings.Contains(second, "<v_quote>") {
			t.Errorf("second message shows %q; want its unicode, without quote tags", second)
		}
		verdict := browsertest.Eval[string](t, ctx, `document.getElementById("verdict").textContent`)
		for _, want := range []string{"VerdictA: violet", "Probability90.0%", "Correct answerA: violet", "Outcomecorrect"} {
			if !strings.Contains(verdict, want) {
				t.Errorf("verdict box %q lacks %q", verdict, want)
			}
		}
		if got := browsertest.Eval[string](t, ctx, `document.querySelector("#detail p.question").textContent`); got != "What colour was the comb? "+payload {
			t.Errorf("question shows %q; want its text as written", got)
		}
		if got := browsertest.Eval[string](t, ctx, `document.querySelector("#detail pre.exhibit").textContent`); got != "def f():\n    return 1" {
			t.Errorf("exhibit shows %q; want the program as written", got)
		}
		if got := browsertest.Eval[string](t, ctx, `document.getElementById("detail").textContent`); strings.Contains(got, "hidden words") {
			t.Errorf("the detail pane shows the hidden context: %q", got)
		}
		if got := browsertest.Eval[string](t, ctx, `document.querySelector("#detail .answers").textContent`); !strings.Contains(got, "B: <b>red</b> & co") {
			t.Errorf("answers show %q; want the answer text as written", got)
		}
	})

	t.Run("quotes", func(t *testing.T) {
		type mark struct {
			Text, Background string
		}
		for _, tc := range []struct{ class, text string }{
			{"q-verified", "the comb was violet"},
			{"q-unverified", "the comb was red"},
			{"q-plain", "plain words"},
		} {
			got := browsertest.Eval[[]mark](t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll("#detail span.quote.%s"),
				e => ({Text: e.textContent, Background: getComputedStyle(e).backgroundColor}))`, tc.class))
			if len(got) != 1 || got[0].Text != tc.text {
				t.Errorf(".%s marks %+v; want one span with %q", tc.class, got, tc.text)
				continue
			}
			if bg := got[0].Background; bg == "" || bg == "rgba(0, 0, 0, 0)" {
				t.Errorf(".%s has no background colour", tc.class)
			}
		}
		colours := browsertest.Eval[[]string](t, ctx, `["q-verified", "q-unverified"].map(c =>
			getComputedStyle(document.querySelector("#detail span.quote." + c)).backgroundColor)`)
		if len(colours) != 2 || colours[0] == colours[1] {
			t.Errorf("verified and unverified quotes look alike: %q", colours)
		}
	})

	t.Run("link to an episode", func(t *testing.T) {
		// The page keeps the open episode in the URL's fragment.
		link := browsertest.Eval[string](t, ctx, `location.href`)
		if !strings.HasSuffix(link, "#episode=d1") {
			t.Fatalf("location = %q; want it to name episode d1", link)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate("about:blank"),
			chromedp.Navigate(page+"#episode=c2"),
			chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)),
		); err != nil {
			t.Fatal(err)
		}
		if got := browsertest.Eval[string](t, ctx, `document.querySelector("#detail dl.meta dd").textContent`); got != "c2" {
			t.Errorf("opening #episode=c2 shows episode %q", got)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#episode-rows tr[data-index="0"]`))); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("screenshot", func(t *testing.T) {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatalf("screenshot is not a PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 900 {
			t.Errorf("screenshot is %v; want the full page", b)
		}
		// The page is drawn, not blank: where the summary table and plots
		// sit, the upper half, some pixels differ from the background, in
		// more than a few colours.
		b := img.Bounds()
		bg := img.At(b.Min.X, b.Min.Y)
		colours := map[[4]uint32]bool{}
		ink, total := 0, 0
		for y := b.Min.Y; y < b.Min.Y+b.Dy()/2; y += 2 {
			for x := b.Min.X; x < b.Max.X; x += 2 {
				c := img.At(x, y)
				r, g, bl, a := c.RGBA()
				colours[[4]uint32{r, g, bl, a}] = true
				if c != bg {
					ink++
				}
				total++
			}
		}
		if ink*100 < total || len(colours) < 8 {
			t.Errorf("screenshot's upper half: %d of %d pixels differ from the background, in %d colours; want a drawn page", ink, total, len(colours))
		}
		if os.Getenv("MOOT_UPDATE_SCREENSHOT") == "1" {
			if err := os.MkdirAll(filepath.Dir(screenshotPath), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(screenshotPath, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", screenshotPath)
		}
	})

	watch.Check(t)
}

// writeQuestions writes a run's question store, one JSON line a question.
func writeQuestions(t *testing.T, dir string, questions ...map[string]string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	enc := json.NewEncoder(zw)
	for _, q := range questions {
		if err := enc.Encode(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, transcript.QuestionsFile), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
