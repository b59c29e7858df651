package report

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// payload is model text that tries to break out of the page: it closes the
// JSON script element, opens a script, and adds elements with handlers.
// Each of them, if it ran, would set window.pwned.
const payload = `</script><script>window.pwned=1;alert(1)</script> <img src=x onerror="window.pwned=2;alert(2)"> ` +
	`<svg onload="window.pwned=3;alert(3)"></svg> <!-- <script>window.pwned=4</script> -->`

// quoted is model text with a quote of each kind as the judge read it
// (the record's shown text: the speaker wrote each as a plain quote, and
// the run marked them), and text outside ASCII (with U+2028, which a JSON
// string may hold and a JS string literal may not).
const quoted = "I argue B. The article says <v_quote>the comb was violet</v_quote>, not " +
	"<u_quote>the comb was red</u_quote>; see <quote>plain words</quote>. Naïve café — Ελληνικά \u2028 end"

// wide is text outside the Basic Multilingual Plane and in CJK, which
// JavaScript holds as surrogate pairs.
const wide = "日本語のテキスト 🙂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"

// The episodes of testEpisodes, by outcome.
const (
	testEpisodesTotal = 10
	testCorrect       = 6
	testIncorrect     = 2
	testUnparsed      = 1
	testFailed        = 1
	testDebate        = 6
)

// testEpisodes is a small run by hand: a debate and a consultancy protocol
// on three questions, with every outcome, probabilities, and hostile text.
func testEpisodes() []transcript.Episode {
	debate := func(id, qid, assignment string, order [2]int, verdict int, prob float64, text string) transcript.Episode {
		ep := transcript.Episode{
			EpisodeID: id, Protocol: "debate", Kind: "debate", Class: "debate", CompareWith: []string{"judge-alone", "consultancy"}, Task: "hidden-qa", QuestionID: qid, Judge: "weak-judge",
			Assignment: assignment, Answers: [2]string{"<b>red</b> & co", "violet"}, CorrectAnswer: 1, Order: order,
			Seats: []transcript.Seat{
				{Name: "Debater A", Role: transcript.RoleDebater, Agent: "strong", Argues: order[0]},
				{Name: "Debater B", Role: transcript.RoleDebater, Agent: "mid", Argues: order[1]},
				{Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Argues: transcript.NoSide},
			},
			Messages: []transcript.Message{
				{Round: 1, Name: "Debater A", Role: transcript.RoleDebater, Agent: "strong", Text: "I argue A. " + text},
				{Round: 1, Name: "Debater B", Role: transcript.RoleDebater, Agent: "mid", Text: quotes.Claimed(quoted), Shown: quoted},
				{Round: 2, Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Text: "Answer: B"},
			},
			Verdict: transcript.Verdict{Answer: verdict, Probability: prob, Parse: "answer-line", Asks: 1},
		}
		if verdict != transcript.Unparsed {
			for s, a := range order {
				if a == verdict {
					ep.Verdict.Slot = string(rune('A' + s))
				}
			}
		} else {
			ep.Verdict.Parse = "none"
		}
		ep.Correct = verdict == ep.CorrectAnswer
		return ep
	}
	consultancy := func(id, qid, assignment string, argues, verdict int, prob float64) transcript.Episode {
		return transcript.Episode{
			EpisodeID: id, Protocol: "consultancy", Kind: "consultancy", Class: "consultancy", CompareWith: []string{"judge-alone"}, Task: "hidden-qa", QuestionID: qid, Judge: "weak-judge",
			Assignment: assignment, Answers: [2]string{"red", "violet"}, CorrectAnswer: 1, Order: [2]int{0, 1},
			Seats: []transcript.Seat{
				{Name: "Consultant", Role: transcript.RoleConsultant, Agent: "strong", Argues: argues},
				{Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Argues: transcript.NoSide},
			},
			Messages: []transcript.Message{
				{Round: 1, Name: "Consultant", Role: transcript.RoleConsultant, Agent: "strong", Text: "Trust me: <quote>it was so</quote>."},
				{Round: 2, Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Text: wide + "\nAnswer"},
			},
			Verdict: transcript.Verdict{Answer: verdict, Slot: string(rune('A' + verdict)), Probability: prob, Parse: "answer-line", Asks: 1},
			Correct: verdict == 1,
		}
	}
	// On q2 the debaters keep their answers as the order swaps (mid sits
	// in slot A the second time): the pair position bias counts. On q1
	// strong sits in slot A both times, arguing each answer once.
	reseated := debate("d4", "q2", "correct-second", [2]int{0, 1}, transcript.Unparsed, 0, "plain")
	for i := range reseated.Seats[:2] {
		reseated.Seats[i].Agent = [2]string{"mid", "strong"}[i]
		reseated.Messages[i].Agent = reseated.Seats[i].Agent
	}
	failed := debate("d6", "q3", "correct-second", [2]int{0, 1}, transcript.Unparsed, 0, "")
	failed.Messages = failed.Messages[:1]
	failed.Error = "endpoint: 500 <b>boom</b>"
	failed.Verdict = transcript.Verdict{Answer: transcript.Unparsed}
	return []transcript.Episode{
		debate("d1", "q1", "correct-first", [2]int{1, 0}, 1, 0.9, payload),
		debate("d2", "q1", "correct-second", [2]int{0, 1}, 0, 0.6, "plain"),
		debate("d3", "q2", "correct-first", [2]int{1, 0}, 1, 0.8, "plain"),
		reseated,
		debate("d5", "q3", "correct-first", [2]int{1, 0}, 1, 0.95, "plain"),
		failed,
		consultancy("c1", "q1", "assigned-correct", 1, 1, 0.7),
		consultancy("c2", "q1", "assigned-incorrect", 0, 0, 0.65),
		consultancy("c3", "q2", "assigned-correct", 1, 1, 0.85),
		consultancy("c4", "q2", "assigned-incorrect", 0, 1, 0.55),
	}
}

func testSummary(eps []transcript.Episode) analysis.Summary {
	sum := analysis.Summarize("report-test", 7, eps)
	sum.Partial = "interrupted after 10 of 12 episodes <i>"
	return sum
}

func render(t *testing.T, sum analysis.Summary, eps []transcript.Episode) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, sum, eps); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.String()
}

// elements returns the elements of the tree under n for which match is true.
func elements(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func byID(doc *html.Node, id string) *html.Node {
	found := elements(doc, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// unpackTest decodes what pack encoded.
func unpackTest(t *testing.T, packed string, v any) {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(packed)
	if err != nil {
		t.Fatalf("packed data is not base64: %v", err)
	}
	if err := json.NewDecoder(flate.NewReader(bytes.NewReader(raw))).Decode(v); err != nil {
		t.Fatalf("packed data does not decode: %v", err)
	}
}

// pageData decodes the page's episode data element.
func pageData(t *testing.T, doc *html.Node) episodeData {
	t.Helper()
	block := byID(doc, "episodes")
	if block == nil || block.Data != "script" || attr(block, "type") != "application/json" {
		t.Fatalf("no <script type=application/json id=episodes> element")
	}
	var d episodeData
	if err := json.Unmarshal([]byte(text(block)), &d); err != nil {
		t.Fatalf("episode data does not decode: %v", err)
	}
	return d
}

// embedded decodes the episodes a page carries in itself.
func embedded(t *testing.T, doc *html.Node) []episodeView {
	t.Helper()
	d := pageData(t, doc)
	if d.ChunkDir != "" {
		t.Fatalf("the page keeps its episodes in %s, not in itself", d.ChunkDir)
	}
	got := []episodeView{}
	for _, c := range d.Chunks {
		var part []episodeView
		unpackTest(t, c, &part)
		got = append(got, part...)
	}
	return got
}

// pageIndex decodes a page's index of episodes.
func pageIndex(t *testing.T, doc *html.Node) decodedIndex {
	t.Helper()
	var x decodedIndex
	unpackTest(t, pageData(t, doc).Index, &x)
	return x
}

func TestWriteKeepsModelTextInert(t *testing.T) {
	eps := testEpisodes()
	page := render(t, testSummary(eps), eps)

	for _, bad := range []string{"<script>window.pwned", "<script>alert", "<img src=x", "<svg onload", "<b>red</b>", "<b>boom</b>", "<i>", "\u2028"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	scripts := elements(doc, func(n *html.Node) bool { return n.Data == "script" })
	if len(scripts) != 2 {
		t.Fatalf("page has %d script elements; want 2 (data and code)", len(scripts))
	}
	if attr(scripts[0], "id") != "episodes" || attr(scripts[1], "type") != "" || text(scripts[1]) != pageScript {
		t.Errorf("script elements are not the episode data and the page script")
	}
	if imgs := elements(doc, func(n *html.Node) bool { return n.Data == "img" }); len(imgs) != 0 {
		t.Errorf("page has %d img elements; want 0", len(imgs))
	}
	for _, n := range elements(doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has an event handler attribute %s=%q", n.Data, a.Key, a.Val)
			}
		}
	}
	csp := elements(doc, func(n *html.Node) bool { return attr(n, "http-equiv") == "Content-Security-Policy" })
	if len(csp) != 1 || !strings.Contains(attr(csp[0], "content"), "script-src '"+scriptHash+"'") {
		t.Errorf("page lacks a Content-Security-Policy that allows only its script")
	}

	// The episodes travel packed in base64, which has no character
	// that could end the element.
	if block := text(byID(doc, "episodes")); strings.ContainsAny(block, "<>&'") {
		t.Errorf("the episode data holds a character HTML could read as markup")
	}

	// The data round-trips: what the browser reads is the episodes.
	got := embedded(t, doc)
	want := make([]episodeView, len(eps))
	for i := range eps {
		want[i] = newEpisodeView(&eps[i])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("embedded episodes differ (-want +got):\n%s", diff)
	}
	if got[0].Messages[0].Text != "I argue A. "+payload || got[0].Messages[1].Text != quoted {
		t.Errorf("hostile text did not survive the round trip")
	}
	if got[6].Messages[1].Text != wide+"\nAnswer" {
		t.Errorf("text outside the BMP did not survive the round trip: %q", got[6].Messages[1].Text)
	}
	if got[0].AnswerSlots != [2]string{"B", "A"} || got[0].Outcome != outcomeCorrect || got[5].Outcome != outcomeFailed || got[3].Outcome != outcomeUnparsed {
		t.Errorf("derived fields: slots %v, outcomes %s %s %s", got[0].AnswerSlots, got[0].Outcome, got[5].Outcome, got[3].Outcome)
	}
}

func TestWriteShowsTheRun(t *testing.T) {
	eps := testEpisodes()
	sum := testSummary(eps)
	sum.Usage.Total = analysis.Usage{Calls: 1234567, CachedCalls: 3, Retries: 2, InputTokens: 4567, OutputTokens: 89, CostUSD: 12.5}
	sum.Warnings = []analysis.Warning{{Kind: analysis.WarnTruncatedAnswers, Message: "agent j: 2 of its 9 answers were cut <b>"}}
	doc, err := html.Parse(strings.NewReader(render(t, sum, eps)))
	if err != nil {
		t.Fatal(err)
	}
	header := text(elements(doc, func(n *html.Node) bool { return n.Data == "header" })[0])
	for _, want := range []string{"report-test", "Seed7", "Episodes10", "Failed1", "Calls1,234,567", "Cached3", "Retries2",
		"Input tokens4,567", "Output tokens89", "Cost$12.50", "Partial run: interrupted after 10 of 12 episodes <i>.",
		"Warning: agent j: 2 of its 9 answers were cut <b>"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q:\n%s", want, header)
		}
	}

	cells := elements(byID(doc, "accuracy"), func(n *html.Node) bool { return n.Data == "tr" && attr(n, "class") == "cell" })
	parts := elements(byID(doc, "accuracy"), func(n *html.Node) bool { return n.Data == "tr" && attr(n, "class") == "part" })
	if len(cells) != len(sum.Cells) || len(cells) != 2 {
		t.Fatalf("%d cell rows; want %d", len(cells), len(sum.Cells))
	}
	if len(parts) != 4 {
		t.Errorf("%d breakdown rows; want 4", len(parts))
	}
	for i, c := range sum.Cells {
		row := text(cells[i])
		for _, want := range []string{c.Protocol, c.Task, c.Judge, percent(c.Accuracy), interval95(c.CILow, c.CIHigh), methodName(c.CIMethod, c.Groups)} {
			if !strings.Contains(row, want) {
				t.Errorf("row %d = %q; lacks %q", i, row, want)
			}
		}
	}
	if note := text(byID(doc, "accuracy")); !strings.Contains(note, analysis.MethodNote(sum)) {
		t.Errorf("accuracy section lacks the method note %q", analysis.MethodNote(sum))
	}

	for _, id := range []string{"accuracy-plot", "reliability-plot"} {
		fig := byID(doc, id)
		if fig == nil {
			t.Errorf("no #%s", id)
			continue
		}
		svgs := elements(fig, func(n *html.Node) bool { return n.Data == "svg" })
		if len(svgs) != 1 || attr(svgs[0], "viewBox") == "" {
			t.Errorf("#%s holds %d svg elements; want 1 with a viewBox", id, len(svgs))
		}
	}
	if cal := text(byID(doc, "calibration")); !strings.Contains(cal, "debate") || !strings.Contains(cal, "consultancy") {
		t.Errorf("calibration table lacks a series:\n%s", cal)
	}

	var options []string
	for _, o := range elements(byID(doc, "f-outcome"), func(n *html.Node) bool { return n.Data == "option" }) {
		options = append(options, text(o))
	}
	if want := []string{"all", "correct (6)", "incorrect (2)", "unparsed (1)", "failed (1)"}; !cmp.Equal(options, want) {
		t.Errorf("outcome options = %q; want %q", options, want)
	}
	if note := text(byID(doc, "episodes-note")); !strings.Contains(note, "all 10 episodes") || !strings.Contains(note, "questions.jsonl.gz") {
		t.Errorf("the transcripts note = %q; want it to say the list holds every episode, and where the questions' text comes from", note)
	}
}

func TestWriteWithoutEpisodes(t *testing.T) {
	page := render(t, analysis.Summary{Experiment: "empty"}, nil)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := embedded(t, doc); len(got) != 0 {
		t.Errorf("%d embedded episodes; want 0", len(got))
	}
	for _, id := range []string{"plots", "calibration", "accuracy-plot"} {
		if byID(doc, id) != nil {
			t.Errorf("an empty run has #%s", id)
		}
	}
	// The note that there are no cells spans the table's columns, no more.
	table := elements(byID(doc, "accuracy"), func(n *html.Node) bool { return n.Data == "table" })[0]
	heads := elements(table, func(n *html.Node) bool { return n.Data == "th" })
	cells := elements(table, func(n *html.Node) bool { return n.Data == "td" })
	if len(cells) != 1 || attr(cells[0], "colspan") != strconv.Itoa(len(heads)) {
		t.Errorf("the empty table's row: %d cells, colspan %q; want one spanning the %d columns", len(cells), attr(cells[0], "colspan"), len(heads))
	}
}

// TestReportOfAReplayedFailure: a run stopped early (its summary partial)
// whose log holds an
// episode's failure and, later, its replay by a resume has the replay
// alone in its report, as in its summary, not both.
func TestReportOfAReplayedFailure(t *testing.T) {
	dir := t.TempDir()
	eps := testEpisodes()
	failed := eps[0]
	failed.Error, failed.Correct = "episode failed: HTTP 500", false
	writeRun(t, dir, eps, "")
	sum := testSummary(eps)
	sum.Partial = "budget reached after 12 of 20 episodes"
	if data, err := json.Marshal(sum); err != nil || os.WriteFile(filepath.Join(dir, SummaryFile), data, 0o644) != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	json.NewEncoder(&first).Encode(&failed)
	log, err := os.ReadFile(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, TranscriptsFile), append(first.Bytes(), log...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(dir, 3, nil); err != nil {
		t.Fatal(err)
	}
	doc := readReport(t, dir)
	if d := pageData(t, doc); d.Total != len(eps) {
		t.Errorf("the report counts %d episodes; want %d, the replayed failure left out", d.Total, len(eps))
	}
	if x := pageIndex(t, doc); len(x.ID) != len(eps) || x.ID[0] != eps[0].EpisodeID {
		t.Errorf("index: ids %q; want each episode once, %s first", x.ID, eps[0].EpisodeID)
	}
}

// TestWriteFileChunks: a run larger than the page carries has every
// episode in the index and in chunk files next to the page; a smaller run
// written again takes the stale folder away.
func TestWriteFileChunks(t *testing.T) {
	dir := t.TempDir()
	eps := testEpisodes()
	writeRun(t, dir, eps, "")
	if err := writeFile(dir, 3, nil); err != nil {
		t.Fatal(err)
	}
	doc := readReport(t, dir)
	d := pageData(t, doc)
	if d.ChunkDir != EpisodesDir || d.Chunks != nil || d.Total != len(eps) {
		t.Fatalf("page data: chunk dir %q, %d chunks inline, total %d; want %q, none, %d", d.ChunkDir, len(d.Chunks), d.Total, EpisodesDir, len(eps))
	}
	csp := elements(doc, func(n *html.Node) bool { return attr(n, "http-equiv") == "Content-Security-Policy" })
	if len(csp) != 1 || !strings.Contains(attr(csp[0], "content"), "'strict-dynamic'") {
		t.Errorf("a page with chunk files does not let its script load them")
	}
	x := pageIndex(t, doc)
	if len(x.ID) != len(eps) || x.ID[9] != "c4" || x.Question.Values[x.Question.Codes[9]] != "q2" || x.Outcome.Values[x.Outcome.Codes[5]] != outcomeFailed {
		t.Errorf("index: ids %q; want every episode with its question and outcome", x.ID)
	}
	var got []episodeView
	for k := 0; ; k++ {
		body, err := os.ReadFile(filepath.Join(dir, EpisodesDir, chunkFileName(k)))
		if errors.Is(err, os.ErrNotExist) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		prefix := fmt.Sprintf("%s(%d,\"", chunkCallback, k)
		s, ok := strings.CutPrefix(string(body), prefix)
		s, ok2 := strings.CutSuffix(s, "\");\n")
		if !ok || !ok2 {
			t.Fatalf("chunk %d = %.40q…; want %s…", k, body, prefix)
		}
		var part []episodeView
		unpackTest(t, s, &part)
		got = append(got, part...)
	}
	if len(got) != len(eps) || got[0].ID != "d1" || got[9].ID != "c4" {
		t.Errorf("the chunk files hold %d episodes; want all %d in order", len(got), len(eps))
	}

	// Written again with room for every episode in the page.
	if err := writeFile(dir, 100, nil); err != nil {
		t.Fatal(err)
	}
	if got := embedded(t, readReport(t, dir)); len(got) != len(eps) {
		t.Errorf("the page carries %d episodes; want %d", len(got), len(eps))
	}
	if _, err := os.Stat(filepath.Join(dir, EpisodesDir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale %s is still there: %v", EpisodesDir, err)
	}
	assertNoTempFiles(t, dir)
}

// writeRun writes a run folder: summary.json and the episodes as
// transcripts.jsonl, followed by tail.
func writeRun(t *testing.T, dir string, eps []transcript.Episode, tail string) {
	t.Helper()
	sum, err := json.Marshal(testSummary(eps))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	enc := json.NewEncoder(&log)
	enc.SetEscapeHTML(false)
	for i := range eps {
		if err := enc.Encode(&eps[i]); err != nil {
			t.Fatal(err)
		}
	}
	log.WriteString(tail)
	if err := os.WriteFile(filepath.Join(dir, TranscriptsFile), log.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readReport(t *testing.T, dir string) *html.Node {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestWriteFileRemovesWhatAKilledWriterLeft: a writer killed while it
// built the page leaves its folder of episodes and its page half-written
// under temporary names; the next writer removes them.
func TestWriteFileRemovesWhatAKilledWriterLeft(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, testEpisodes(), "")
	left := []string{"." + EpisodesDir + "-123456", "." + ReportFile + ".654321"}
	if err := os.MkdirAll(filepath.Join(dir, left[0]), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, left[1]), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(dir, 3, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range left {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v; want it removed", name, err)
		}
	}
}

func TestWriteFileSkipsAPartialLastLine(t *testing.T) {
	eps := testEpisodes()
	whole, err := json.Marshal(eps[0])
	if err != nil {
		t.Fatal(err)
	}
	for name, tail := range map[string]string{
		"partial line":               string(whole[:len(whole)/2]),
		"whole line without newline": string(whole),
		"none":                       "",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeRun(t, dir, eps, tail)
			if err := WriteFile(dir); err != nil {
				t.Fatalf("WriteFile: %v", err)
			}
			if got := embedded(t, readReport(t, dir)); len(got) != len(eps) {
				t.Errorf("report holds %d episodes; want %d", len(got), len(eps))
			}
			if fi, err := os.Stat(filepath.Join(dir, ReportFile)); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("report.html mode %v, %v; want 0644", fi.Mode(), err)
			}
			assertNoTempFiles(t, dir)
		})
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

func TestWriteFileFailureLeavesTheOldReport(t *testing.T) {
	eps := testEpisodes()
	dir := t.TempDir()
	writeRun(t, dir, eps, "")
	// A broken line in the middle of the log is an error, not a partial line.
	data, err := os.ReadFile(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	data = append([]byte("{\"episode_id\": \n"), data...)
	if err := os.WriteFile(filepath.Join(dir, TranscriptsFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := []byte("the old report")
	if err := os.WriteFile(filepath.Join(dir, ReportFile), old, 0o644); err != nil {
		t.Fatal(err)
	}
	err = WriteFile(dir)
	if err == nil || !strings.Contains(err.Error(), TranscriptsFile+":1:") {
		t.Fatalf("WriteFile = %v; want an error naming %s:1", err, TranscriptsFile)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ReportFile)); !bytes.Equal(got, old) {
		t.Errorf("report.html = %q after a failed write; want %q", got, old)
	}
	assertNoTempFiles(t, dir)
}

func TestWriteFileNotARun(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir); !errors.Is(err, ErrNotRun) {
		t.Errorf("WriteFile(empty folder) = %v; want ErrNotRun", err)
	}
	writeRun(t, dir, testEpisodes(), "")
	if err := os.Remove(filepath.Join(dir, TranscriptsFile)); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir); !errors.Is(err, ErrNotRun) {
		t.Errorf("WriteFile(no transcripts) = %v; want ErrNotRun", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ReportFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed WriteFile wrote %s", ReportFile)
	}
}

func TestPlotLabel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"debate · hidden-qa · weak-judge", "debate · hidden-qa · weak-judge"},
		{"<script>alert(1)</script>", "_script_alert(1)_/script_"},
		{`a&b"c'd`, "a_b_c_d"},
		{"tab\tand\nnewline", "tab and newline"},
		{"日本語 naïve", "日本語 naïve"},
		{strings.Repeat("x", 70), strings.Repeat("x", 70)},
		{strings.Repeat("x", 210), strings.Repeat("x", 200) + "…"},
		{"debate [strong.skill=0.7]", "debate [strong.skill=0.7]"},
	} {
		if got := plotLabel(tc.in); got != tc.want {
			t.Errorf("plotLabel(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestAccuracyPlotEscapesLabels(t *testing.T) {
	cells := []analysis.Cell{
		{Protocol: "<script>alert(1)</script>", Task: "t&t", Judge: "j", N: 10, Correct: 7, Accuracy: 0.7, Interval: analysis.Interval{CILow: 0.4, CIHigh: 0.9}},
		{Protocol: "empty", Task: "t", Judge: "j"}, // n = 0: not drawn
	}
	svg, err := accuracyPlot("Judge accuracy", cells, func(c analysis.Cell) string { return c.Protocol + " · " + c.Task + " · " + c.Judge })
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	if !strings.HasPrefix(s, "<svg") || !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
		t.Errorf("plot is not one svg element: %.60q…", s)
	}
	if strings.Contains(s, "<script") || strings.Contains(s, "t&t") {
		t.Errorf("plot holds unescaped label text")
	}
	if !strings.Contains(s, "_script_alert(1)_/script_ · t_t · j") || strings.Contains(s, ">empty") {
		t.Errorf("plot labels: want the sanitized label and not the empty cell")
	}
}

func TestCalibration(t *testing.T) {
	var c calibration
	add := func(p float64, correct bool, protocol string) {
		c.add(&transcript.Episode{Protocol: protocol, Judge: "j", Correct: correct, Verdict: transcript.Verdict{Answer: 0, Probability: p}})
	}
	add(0.95, true, "a")
	add(0.95, false, "a")
	add(1, true, "a") // the last bin holds 1
	add(0.55, true, "a")
	add(0, true, "a")          // no probability: left out
	add(math.NaN(), true, "a") // left out
	c.add(&transcript.Episode{Protocol: "a", Judge: "j", Verdict: transcript.Verdict{Answer: transcript.Unparsed, Probability: 0.9}})
	add(0.7, true, "b")
	series := c.finish()
	if len(series) != 2 || series[0].Name != "a" || series[1].Name != "b" {
		t.Fatalf("series = %+v; want a and b", series)
	}
	a := series[0]
	if a.N != 4 || a.Bins[9].N != 3 || a.Bins[5].N != 1 {
		t.Fatalf("a: n %d, bin 9 n %d, bin 5 n %d; want 4, 3, 1", a.N, a.Bins[9].N, a.Bins[5].N)
	}
	conf9 := (0.95 + 0.95 + 1) / 3
	wantECE := 3.0/4*math.Abs(2.0/3-conf9) + 1.0/4*math.Abs(1-0.55)
	wantBrier := (0.05*0.05 + 0.95*0.95 + 0 + 0.45*0.45) / 4
	if math.Abs(a.ECE-wantECE) > 1e-12 || math.Abs(a.Brier-wantBrier) > 1e-12 {
		t.Errorf("a: ECE %v, Brier %v; want %v, %v", a.ECE, a.Brier, wantECE, wantBrier)
	}
}

func TestExtraFields(t *testing.T) {
	// Every field the page renders itself is a field of Summary.
	names := map[string]bool{}
	st := reflect.TypeFor[analysis.Summary]()
	for i := range st.NumField() {
		name, _, _ := strings.Cut(st.Field(i).Tag.Get("json"), ",")
		names[name] = true
	}
	for name := range shownSummaryFields {
		if !names[name] {
			t.Errorf("shownSummaryFields names %q, which Summary does not have", name)
		}
	}
	extra, err := extraFields(testSummary(testEpisodes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range extra {
		if shownSummaryFields[f.Name] {
			t.Errorf("extraFields repeats %q, which the page shows", f.Name)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -45678: "-45,678"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestWriteShowsTheSummaryAnalyses(t *testing.T) {
	eps := testEpisodes()
	sum := testSummary(eps)
	doc, err := html.Parse(strings.NewReader(render(t, sum, eps)))
	if err != nil {
		t.Fatal(err)
	}
	rows := func(id string) []string {
		sec := byID(doc, id)
		if sec == nil {
			return nil
		}
		var out []string
		for _, tr := range elements(sec, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }) {
			out = append(out, text(tr))
		}
		return out
	}
	var debaters int
	for _, c := range sum.Cells {
		debaters += len(c.Debaters)
	}
	for _, tc := range []struct {
		id   string
		want int
	}{
		{"comparisons", len(sum.Comparisons)},
		{"elo", len(sum.Elo)},
		{"position-bias", 1}, // the debate cell judged q2 in both orders, each debater keeping its answer
		{"debaters", debaters},
		{"usage-by-protocol", 2},
		{"usage-by-agent", 3},
	} {
		if tc.want == 0 {
			t.Errorf("#%s: the test summary has nothing to show", tc.id)
		}
		if got := rows(tc.id); len(got) != tc.want {
			t.Errorf("#%s has %d rows; want %d: %q", tc.id, len(got), tc.want, got)
		}
	}
	if p := sum.Comparisons[0]; !strings.Contains(rows("comparisons")[0], fmt.Sprintf("%+.1f pp", 100*p.Difference)) {
		t.Errorf("comparison row %q lacks the difference %+.1f pp", rows("comparisons")[0], 100*p.Difference)
	}
	// One pair (q2), none consistent: its second verdict did not parse;
	// one question, so Wilson over its one pair, 0 of 1: [0, 79.3].
	if got := rows("position-bias")[0]; !strings.HasPrefix(got, "debatehidden-qaweak-judge"+"1"+"0"+"0.0% [0.0, 79.3]") {
		t.Errorf("position row = %q; want debate's 1 pair, 0 consistent, [0.0, 79.3]", got)
	}
	if byID(doc, "more") != nil {
		t.Errorf("the page shows summary fields as raw JSON although it has tables for all of them")
	}
	if cal := text(byID(doc, "calibration")); !strings.Contains(cal, "From summary.json") {
		t.Errorf("calibration does not come from the summary's cells")
	}
}

func TestWriteGroupedSummary(t *testing.T) {
	eps := testEpisodes()
	sum, err := analysis.SummarizeBy("grouped", 7, eps, []string{analysis.FieldAssignment, analysis.FieldRepeat})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(render(t, sum, eps)))
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	for _, th := range elements(byID(doc, "accuracy"), func(n *html.Node) bool { return n.Data == "th" }) {
		headers = append(headers, text(th))
	}
	if len(headers) < 2 || headers[0] != "Assignment" || headers[1] != "Repeat" {
		t.Errorf("headers = %q; want Assignment, Repeat first", headers)
	}
	cells := elements(byID(doc, "accuracy"), func(n *html.Node) bool { return n.Data == "tr" && attr(n, "class") == "cell" })
	if len(cells) != len(sum.Cells) {
		t.Fatalf("%d cell rows; want %d", len(cells), len(sum.Cells))
	}
	if got := strings.TrimSpace(text(cells[0])); !strings.HasPrefix(got, "correct-first0") {
		t.Errorf("first row = %q; want it keyed by assignment and repeat", got)
	}
	// Rows are named by the grouping field that differs between them;
	// every cell has repeat 0.
	if svg := text(byID(doc, "accuracy-plot")); !strings.Contains(svg, "\nassigned-incorrect\n") || strings.Contains(svg, "repeat 0") {
		t.Errorf("plot labels lack the grouping, or name what all cells share: %q", svg)
	}
}

// The calibration computed from the episodes is the one analysis puts in
// the cells, up to the summary's rounding.
func TestCalibrationMatchesTheSummary(t *testing.T) {
	eps := testEpisodes()
	sum := testSummary(eps)
	fromCells := calibrationFromCells(sum.Cells)
	var c calibration
	for i := range eps {
		c.add(&eps[i])
	}
	fromEpisodes := c.finish()
	if len(fromCells) == 0 || len(fromCells) != len(fromEpisodes) {
		t.Fatalf("%d series from the cells, %d from the episodes; want the same, not 0", len(fromCells), len(fromEpisodes))
	}
	approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-4 })
	ignore := cmp.FilterPath(func(p cmp.Path) bool {
		name := p.Last().String()
		return name == ".sumConf" || name == ".sumSquares" || name == ".Correct"
	}, cmp.Ignore())
	if diff := cmp.Diff(fromEpisodes, fromCells, approx, ignore, cmp.AllowUnexported(calibrationSeries{}, calibrationBin{})); diff != "" {
		t.Errorf("calibration differs (-episodes +summary):\n%s", diff)
	}
}

// TestPlotsBinEdgesAsTheSummary: a probability of 0.2 that is 1 − 0.8 in
// floating point (the sim judge's share for the answer it did not favour)
// is binned at 0.2 by the report's reliability diagram and confidence
// histogram, as the summary's calibration bins it, not below.
func TestPlotsBinEdgesAsTheSummary(t *testing.T) {
	eps := testEpisodes()
	one := 1.0 // a variable: 1 - 0.8 as constants is exactly 0.2
	for i := range eps {
		eps[i].Verdict.Probability = one - 0.8
	}
	sum := testSummary(eps)
	var c calibration
	var h confidenceCounts
	for i := range eps {
		c.add(&eps[i])
		h.add(&eps[i])
	}
	approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-4 })
	ignore := cmp.FilterPath(func(p cmp.Path) bool {
		name := p.Last().String()
		return name == ".sumConf" || name == ".sumSquares" || name == ".Correct"
	}, cmp.Ignore())
	if diff := cmp.Diff(c.finish(), calibrationFromCells(sum.Cells), approx, ignore, cmp.AllowUnexported(calibrationSeries{}, calibrationBin{})); diff != "" {
		t.Errorf("reliability bins differ (-episodes +summary):\n%s", diff)
	}
	for protocol, counts := range h.counts {
		if n := counts[0][4] + counts[1][4]; n == 0 {
			t.Errorf("%s: the confidence histogram has no verdict in [0.2, 0.25): %v", protocol, counts)
		}
	}
}

// TestWriteShowsSweepCells: in a sweep's report each embedded episode names
// its cell and the transcript browser can filter by it; other reports have
// no cell filter.
func TestWriteShowsSweepCells(t *testing.T) {
	eps := testEpisodes()
	for i := range eps {
		eps[i].Cell = "strong.skill=" + []string{"0.5", "0.9"}[i%2]
	}
	doc, err := html.Parse(strings.NewReader(render(t, analysis.Summarize("sweep", 7, eps), eps)))
	if err != nil {
		t.Fatal(err)
	}
	sel := byID(doc, "f-cell")
	if sel == nil {
		t.Fatal("no cell filter in a sweep's report")
	}
	var options []string
	for _, o := range elements(sel, func(n *html.Node) bool { return n.Data == "option" }) {
		if o.FirstChild != nil {
			options = append(options, o.FirstChild.Data)
		}
	}
	if want := []string{"all", "strong.skill=0.5", "strong.skill=0.9"}; !slices.Equal(options, want) {
		t.Errorf("cell filter options %q; want %q", options, want)
	}
	if got := embedded(t, doc); len(got) == 0 || got[0].Cell != "strong.skill=0.5" {
		t.Errorf("embedded episodes do not carry their cell: %+v", got[:min(1, len(got))])
	}

	plain := testEpisodes()
	doc, err = html.Parse(strings.NewReader(render(t, testSummary(plain), plain)))
	if err != nil {
		t.Fatal(err)
	}
	if byID(doc, "f-cell") != nil {
		t.Error("a report without a sweep has a cell filter")
	}
}

// TestListedVerdictOfAGrader: the episode list shows a grader's grade,
// not the slot letter its grade was parsed from (B for "incorrect").
func TestListedVerdictOfAGrader(t *testing.T) {
	ep := testEpisodes()[0]
	ep.Graded = &transcript.Graded{Seat: "Exam-taker", Agent: "ace", Answer: 0, Call: transcript.GradeIncorrect}
	v := newEpisodeView(&ep)
	if got := v.listedVerdict(); got != transcript.GradeIncorrect {
		t.Errorf("listed verdict %q; want %q", got, transcript.GradeIncorrect)
	}
	ep.Graded = nil
	if v := newEpisodeView(&ep); v.listedVerdict() != ep.Verdict.Slot {
		t.Errorf("listed verdict %q of a judge; want its slot %q", v.listedVerdict(), ep.Verdict.Slot)
	}
}

// TestForgedMarksShowAsClaims: a message's quote marks are the run's
// (its shown text); a mark a speaker wrote itself, in a record without
// one (checking off, or written before moot made such marks claims), is
// shown as a plain quote, never as verified.
func TestForgedMarksShowAsClaims(t *testing.T) {
	ep := testEpisodes()[0]
	if len(ep.Messages) == 0 {
		t.Fatal("the test episode has no messages")
	}
	ep.Messages[0].Text, ep.Messages[0].Shown = "see <v_quote>the king confessed</v_quote>", ""
	if got := newEpisodeView(&ep).Messages[0].Text; got != "see <quote>the king confessed</quote>" {
		t.Errorf("a forged mark without shown text reads %q; want a plain quote", got)
	}
	ep.Messages[0].Shown = "see <u_quote>the king confessed</u_quote>"
	if got := newEpisodeView(&ep).Messages[0].Text; got != ep.Messages[0].Shown {
		t.Errorf("with shown text, the message reads %q; want the run's marks %q", got, ep.Messages[0].Shown)
	}
}

// TestWriteFileSummarizesAgain: the page's numbers are the transcripts'
// summarized again, not summary.json's four places; where the log is not
// in the order summary.json has its cells (a run stopped early, its
// episodes written as they finished), the page is summary.json's.
func TestWriteFileSummarizesAgain(t *testing.T) {
	eps := testEpisodes()
	for _, reversed := range []bool{false, true} {
		dir := t.TempDir()
		writeRun(t, dir, eps, "")
		path := filepath.Join(dir, SummaryFile)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tampered := regexp.MustCompile(`"ci_low":[-0-9.e]+`).ReplaceAll(data, []byte(`"ci_low":0.1234`))
		if err := os.WriteFile(path, tampered, 0o644); err != nil {
			t.Fatal(err)
		}
		if reversed {
			log := filepath.Join(dir, TranscriptsFile)
			lines := bytes.SplitAfter(bytes.TrimSuffix(readOrFail(t, log), []byte("\n")), []byte("\n"))
			slices.Reverse(lines)
			if err := os.WriteFile(log, append(bytes.Join(lines, []byte("\n")), '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := writeFile(dir, 3, nil); err != nil {
			t.Fatal(err)
		}
		page := string(readOrFail(t, filepath.Join(dir, ReportFile)))
		if fromFile := strings.Contains(page, "[12.3, "); fromFile != reversed {
			t.Errorf("log reversed %v: the page drawn from summary.json %v; want %v", reversed, fromFile, reversed)
		}
	}
}

func readOrFail(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestWriteNamesGroups: a cell whose questions share groups (an article's)
// says its interval is over the groups.
func TestWriteNamesGroups(t *testing.T) {
	eps := testEpisodes()
	for i := range eps {
		eps[i].Group = map[string]string{"q1": "a", "q2": "a", "q3": "b"}[eps[i].QuestionID]
	}
	sum := analysis.Summarize("report-test", 7, eps)
	doc, err := html.Parse(strings.NewReader(render(t, sum, eps)))
	if err != nil {
		t.Fatal(err)
	}
	cells := elements(byID(doc, "accuracy"), func(n *html.Node) bool { return n.Data == "tr" && attr(n, "class") == "cell" })
	named := 0
	for i, c := range sum.Cells {
		want := fmt.Sprintf("over %d groups of questions", c.Groups)
		if c.Groups == 1 { // one group: over its questions
			want = "bootstrap over questions, of one group"
		} else {
			named++
		}
		if c.Groups == 0 || c.Groups >= c.Questions || !strings.Contains(text(cells[i]), want) {
			t.Errorf("cell %s: %d questions in %d groups, row %q; want it to say %q", c.Protocol, c.Questions, c.Groups, text(cells[i]), want)
		}
	}
	if named == 0 {
		t.Error("no cell was resampled by group")
	}
}

// TestCellOfFailuresAlone: a cell whose episodes all failed has no
// interval, so the page names no method for it (the summary's Wilson of
// no episodes is the whole range), nor for an empty part.
func TestCellOfFailuresAlone(t *testing.T) {
	whole := analysis.Interval{CILow: 0, CIHigh: 1, CIMethod: analysis.MethodWilson}
	sum := analysis.Summary{Experiment: "failed", Cells: []analysis.Cell{{
		Protocol: "debate", Task: "t", Judge: "j", Failed: 3, Interval: whole,
		Breakdown: []analysis.Part{{Assignment: "correct-first", Interval: whole}},
	}}}
	rows := cellRows(sum)
	if got := []string{rows[0].Accuracy, rows[0].CI, rows[0].Method}; !slices.Equal(got, []string{"n/a", "n/a", "n/a"}) {
		t.Errorf("the failed cell's accuracy, CI, method: %q; want n/a for each", got)
	}
	if p := rows[0].Parts[0]; p.Method != "n/a" || p.CI != "n/a" {
		t.Errorf("the empty part's CI, method: %q, %q; want n/a", p.CI, p.Method)
	}
}

// TestADamagedQuestionStoreIsSaidOnThePage: a question store whose bytes
// are wrong past its first question does not keep the page from being
// drawn (with the texts read before the damage: ReadQuestionTexts), and
// the page warns of the damage, where WriteFile failed with the store's
// error.
func TestADamagedQuestionStoreIsSaidOnThePage(t *testing.T) {
	eps := testEpisodes()
	dir := t.TempDir()
	writeRun(t, dir, eps, "")
	writeQuestions(t, dir, map[string]string{"task": eps[0].Task, "id": eps[0].QuestionID, "text": "Which colour did the ferry carry?"})
	path := filepath.Join(dir, transcript.QuestionsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(data, "a second stream whose header is not gzip's"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dir); err != nil {
		t.Fatalf("WriteFile beside a damaged question store: %v; want the page drawn", err)
	}
	page, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Warning:</strong> ", "compressed file damaged after 1 whole lines", "the questions past the damage are shown without their text"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}
