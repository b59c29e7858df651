package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/mootlab/moot/internal/browsertest"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// judgeScreenshot is the screenshot in docs/human-judging.md, rewritten
// by the browser test when MOOT_UPDATE_SCREENSHOT=1.
const judgeScreenshot = "../../docs/human-judging.png"

// hostile is added to every speaker's message of the consultancy
// episodes of the test run (the debates stay clean for the screenshot):
// were the page to read model text as HTML, it would set window.pwned.
const hostile = ` <script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <quote><b onmouseover="window.pwned=3">bold claim</b></quote>`

// judgeExperiment is a small quickstart.
const judgeExperiment = `name: judge-e2e
seed: 5
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  weak-judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3, noise: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 12, difficulty: 0.6}
protocols:
  - {name: direct, label: qa-without-article, judge: weak-judge}
  - {name: direct-with-context, label: qa-with-article, judge: weak-judge}
  - {name: consultancy, judge: weak-judge, consultant: strong, rounds: 2}
  - {name: debate, judge: weak-judge, debaters: strong, rounds: 2, turns: simultaneous}
`

func startJudge(t *testing.T, runDir string) *judgeServer {
	t.Helper()
	return serveJudge(t, runDir, judgeOptions{as: "alice", listen: "127.0.0.1:0", slot: -1}, io.Discard)
}

// makeHostileRun plays the experiment and adds hostile text to every
// speaker's message of its consultancies.
func makeHostileRun(t *testing.T) string {
	t.Helper()
	runDir := playJudgeRun(t)
	path := filepath.Join(runDir, engine.TranscriptsFile)
	recs, err := transcript.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		for i := range r.Messages {
			if r.Kind == "consultancy" && r.Messages[i].Role != transcript.RoleJudge {
				r.Messages[i].Text += hostile
			}
		}
		enc.Encode(r)
	}
	writeFile(t, path, b.Bytes())
	return runDir
}

// judgeOne judges the episode on the page as a person would: it clicks
// an answer, moves the confidence slider with the keyboard, types a
// reason, and submits; it returns the confidence set.
func judgeOne(t *testing.T, tab context.Context, n int, shot bool, hostileSeen *int) int {
	t.Helper()
	before := browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`)
	answer := "AB"[n%2 : n%2+1]
	steps := n % 4 * 5 // 75% moved on by 0, 5, 10, 15 points
	keys := strings.Repeat(kb.ArrowRight, steps)
	if err := chromedp.Do(tab,
		chromedp.WaitVisible(chromedp.ID("submit")),
		chromedp.Click(chromedp.ID("choose-"+answer)),
	); err != nil {
		t.Fatalf("episode %d: %v", n, err)
	}
	if keys != "" {
		if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.ID("confidence"), keys)); err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.ID("reason"), "The <b>second</b> speaker's quote was verified.")); err != nil {
			t.Fatal(err)
		}
	}
	want := 75 + steps
	if got := browsertest.Eval[string](t, tab, `document.getElementById("confidence-out").textContent`); got != fmt.Sprintf("%d%%", want) {
		t.Errorf("episode %d: the slider shows %s; want %d%%", n, got, want)
	}
	if checkHostile(t, tab, n) {
		*hostileSeen++
	}
	if shot {
		writeJudgeScreenshot(t, tab)
	}
	if err := chromedp.Do(tab, chromedp.Click(chromedp.ID("submit"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`) == before {
		if time.Now().After(deadline) {
			t.Fatalf("episode %d: the page did not move on after the verdict", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return want
}

// checkHostile checks that the hostile text on the page, if any, is
// text, and says whether there was some.
func checkHostile(t *testing.T, tab context.Context, n int) bool {
	t.Helper()
	if got := browsertest.Eval[string](t, tab, `typeof window.pwned`); got != "undefined" {
		t.Errorf("episode %d: hostile text ran: typeof window.pwned = %q", n, got)
	}
	if got := browsertest.Eval[int](t, tab, `document.querySelectorAll("main img, main script, main b, main iframe").length`); got != 0 {
		t.Errorf("episode %d: the page holds %d elements made from model text", n, got)
	}
	if browsertest.Eval[string](t, tab, `document.getElementById("format").textContent`) != fmt.Sprintf("(consultancy, episode %d)", n+1) {
		return false
	}
	text := browsertest.Eval[string](t, tab, `document.getElementById("turns").textContent`)
	if !strings.Contains(text, "<script>window.pwned=1</script>") {
		t.Errorf("episode %d: the turns do not show the hostile text as written: %q", n, text)
	}
	if browsertest.Eval[int](t, tab, `document.querySelectorAll("#turns .quote.unverified").length`) == 0 {
		t.Errorf("episode %d: the made-up quote is not marked unverified", n)
	}
	return true
}

// writeJudgeScreenshot checks a screenshot of the page and, with
// MOOT_UPDATE_SCREENSHOT=1, writes it to the docs.
func writeJudgeScreenshot(t *testing.T, tab context.Context) {
	t.Helper()
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if os.Getenv("MOOT_UPDATE_SCREENSHOT") == "1" {
		writeFile(t, judgeScreenshot, shot)
	}
}

// openTab opens the judging page in a new tab and waits for it.
func openTab(t *testing.T, browser context.Context, url string) (context.Context, func(), *browsertest.Watch) {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser)
	p := browsertest.WatchPage(t, tab)
	if err := chromedp.Do(tab, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("progress-bar"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for strings.HasPrefix(browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`), "Loading") {
		if time.Now().After(deadline) {
			t.Fatal("the page did not load its state")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return tab, cancel, p
}

func TestJudgeInBrowser(t *testing.T) {
	browser := browsertest.New(t, 1200, 1400, 3*time.Minute)
	runDir := makeHostileRun(t)
	humanDir := runDir + "-human/alice"

	srv := startJudge(t, runDir)
	tab, closeTab, p := openTab(t, browser, srv.url)
	var confidences []int
	hostileSeen, shots := 0, 0
	for n := range 3 {
		confidences = append(confidences, judgeOne(t, tab, n, false, &hostileSeen))
	}
	p.Check(t)
	// The person closes the browser; moot judge stops and starts again.
	closeTab()
	srv.stop(t)
	srv = startJudge(t, runDir)
	tab, closeTab, p = openTab(t, browser, srv.url)
	defer closeTab()
	if got := browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`); !strings.HasPrefix(got, "3 of 12 judged") {
		t.Errorf("reopened, the page says %q; want it to go on after the 3 judged", got)
	}
	for n := 3; n < 5; n++ {
		if browsertest.Eval[string](t, tab, `document.getElementById("format").textContent`) == "(debate, episode 4)" {
			// A debate: the screenshot of the docs, once the answer and
			// confidence are set.
			confidences = append(confidences, judgeOne(t, tab, n, true, &hostileSeen))
			shots++
			continue
		}
		confidences = append(confidences, judgeOne(t, tab, n, false, &hostileSeen))
	}
	p.Check(t)
	if shots != 1 {
		t.Errorf("%d screenshots of a debate; want 1 (episode 4 is a debate at seed 5)", shots)
	}
	if hostileSeen == 0 {
		t.Error("no episode judged showed the hostile text: the test checked nothing")
	}
	srv.stop(t)

	recs, err := transcript.ReadFile(filepath.Join(humanDir, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Fatalf("%d verdicts on disk; want 5", len(recs))
	}
	for i, r := range recs {
		last := r.Messages[len(r.Messages)-1]
		wantSlot := "AB"[i%2 : i%2+1]
		if r.Judge != "human:alice" || r.Verdict.Slot != wantSlot || r.Verdict.Probability != float64(confidences[i])/100 || last.Seconds <= 0 {
			t.Errorf("verdict %d: judge %s %+v, %.1fs; want slot %s at %d%%", i, r.Judge, r.Verdict, last.Seconds, wantSlot, confidences[i])
		}
	}
	if !strings.Contains(recs[0].Messages[len(recs[0].Messages)-1].Text, "The <b>second</b> speaker's quote was verified.") {
		t.Error("the first verdict's reason is not recorded as typed")
	}
	sum, err := sinks.ReadSummary(filepath.Join(humanDir, sinks.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range sum.Cells {
		if c.Judge != "human:alice" {
			t.Errorf("summary cell %s has judge %s", c.Protocol, c.Judge)
		}
		n += c.N
	}
	if n != 5 || sum.Partial == "" {
		t.Errorf("summary: %d episodes, partial %q; want 5, partial (7 left)", n, sum.Partial)
	}
	var out bytes.Buffer
	if err := runCompare(&out, io.Discard, "text", runDir, humanDir); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Judges weak-judge and human:alice agree on") || !strings.Contains(out.String(), "of the 5 episodes both judged") || !strings.Contains(out.String(), "Cohen's kappa") {
		t.Errorf("compare says:\n%s\nwant the agreement and kappa of weak-judge and human:alice on 5 episodes", out.String())
	}
}

// TestJudgeGradingInBrowser: a person grading an answer (grade) is shown
// the one candidate answer, not the options, and asked whether it is
// correct; choosing "Correct" grades it correct. The questions (MMLU's
// format) have no hidden text, and the page says so.
func TestJudgeGradingInBrowser(t *testing.T) {
	mmlu, err := filepath.Abs("../../tasks/loaders/testdata/mmlu.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := "name: grade-e2e\nseed: 5\nagents:\n  ace: {backend: sim, skill: 0.9}\n  grader: {backend: sim}\n" +
		"tasks:\n  - {name: mmlu, loader: mmlu, path: " + mmlu + ", n: 3}\nprotocols:\n  - {name: grade, judge: grader, exam_takers: [ace]}\n"
	runDir, srv, tab, p := judgeTextInBrowser(t, "grade.yaml", text)
	shown := browsertest.Eval[map[string]any](t, tab, `({
		answers: document.getElementById("answers").hidden,
		graded: document.getElementById("graded-box").hidden,
		candidate: document.getElementById("graded").textContent,
		question: document.getElementById("verdict-question").textContent,
		a: document.getElementById("choice-A").textContent,
		b: document.getElementById("choice-B").textContent,
		note: document.getElementById("quote-note").textContent})`)
	if shown["answers"] != true || shown["graded"] != false || shown["candidate"] == "" ||
		shown["question"] != "Is the candidate's answer correct?" || shown["a"] != "Correct" || shown["b"] != "Incorrect" {
		t.Errorf("the grading page shows %v; want the candidate's answer alone, and correct or incorrect", shown)
	}
	if note, _ := shown["note"].(string); !strings.HasPrefix(note, "This question has no hidden text") {
		t.Errorf("the page's note on a question with no text: %q; want it to say there is none", note)
	}
	if err := chromedp.Do(tab, chromedp.Click(chromedp.ID("choose-A")), chromedp.Click(chromedp.ID("submit"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasPrefix(browsertest.Eval[string](t, tab, `document.getElementById("progress").textContent`), "1 of") {
		if time.Now().After(deadline) {
			t.Fatal("the verdict was not taken")
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.Check(t)
	srv.stop(t)
	recs, err := transcript.ReadFile(filepath.Join(runDir+"-human/alice", engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Graded == nil || recs[0].Graded.Call != transcript.GradeCorrect {
		t.Errorf("the record of choosing Correct: %+v; want the candidate's answer graded correct", recs)
	}
}

// TestJudgeClosedTaskInBrowser: on a closed task the judge reads the text,
// and the page shows it: its note says quotes are checked against the
// text above, not against "a text you cannot see" (as it said).
func TestJudgeClosedTaskInBrowser(t *testing.T) {
	text := "name: closed-e2e\nseed: 5\nagents:\n  con: {backend: sim, skill: 0.9}\n  j: {backend: sim}\n" +
		"tasks:\n  - {name: closed, generator: qa, n: 2, variant: closed}\nprotocols:\n  - {name: consultancy, judge: j, consultant: con, rounds: 1}\n"
	_, srv, tab, p := judgeTextInBrowser(t, "closed.yaml", text)
	shown := browsertest.Eval[map[string]any](t, tab, `({
		context: document.getElementById("context-box").hidden,
		note: document.getElementById("quote-note").textContent})`)
	if note, _ := shown["note"].(string); shown["context"] != false || !strings.HasPrefix(note, "Quotes are checked against the text above") {
		t.Errorf("a closed task's page: context hidden %v, note %q; want the text shown, and quotes said checked against it", shown["context"], note)
	}
	p.Check(t)
	srv.stop(t)
}

// judgeTextInBrowser runs the experiment text, written as the file name in
// a fresh folder, serves its run to moot judge and opens the judging page
// in a tab of a new browser, closed at the test's end. It returns the
// run's folder, the server, the tab and the tab's watch.
func judgeTextInBrowser(t *testing.T, name, text string) (string, *judgeServer, context.Context, *browsertest.Watch) {
	t.Helper()
	browser := browsertest.New(t, 1000, 1200, 2*time.Minute)
	runDir := runExperimentText(t, filepath.Join(t.TempDir(), name), text)
	srv := startJudge(t, runDir)
	tab, closeTab, p := openTab(t, browser, srv.url)
	t.Cleanup(closeTab)
	return runDir, srv, tab, p
}

// runExperimentText writes the experiment text to file and runs it into
// the folder run beside it, which it returns.
func runExperimentText(t *testing.T, file, text string) string {
	t.Helper()
	writeFile(t, file, []byte(text))
	runDir := filepath.Join(filepath.Dir(file), "run")
	if code, _, stderr := moot(t, "run", file, "--out", runDir); code != 0 {
		t.Fatalf("moot run: %d %s", code, stderr)
	}
	return runDir
}
