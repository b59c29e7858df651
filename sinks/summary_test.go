package sinks

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// TestDiffLeavesOutHowAnswersWereGot: a rerun that got its answers from
// the cache, after other retries or failed calls, at another cost, has the reference's
// results; one that made other calls has not.
func TestDiffLeavesOutHowAnswersWereGot(t *testing.T) {
	ref := analysis.Summary{Experiment: "x", Episodes: 4, Usage: analysis.UsageSummary{
		Total:   analysis.Usage{Calls: 12, InputTokens: 900, OutputTokens: 300, CostUSD: 0.5},
		ByAgent: map[string]analysis.Usage{"judge": {Calls: 12, Retries: 1, CostUSD: 0.5}},
	}}
	write := func(sum analysis.Summary) string {
		dir := t.TempDir()
		if err := WriteFiles(dir, sum); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	refDir := write(ref)

	cached := ref
	cached.Usage.Total.CachedCalls, cached.Usage.Total.Retries, cached.Usage.Total.CostUSD = 12, 3, 0
	cached.Usage.Total.FailedCalls = 2
	cached.Usage.ByAgent = map[string]analysis.Usage{"judge": {Calls: 12, CachedCalls: 12, Retries: 3}}
	if diff, err := Diff(refDir, write(cached), 0); err != nil || diff != "" {
		t.Errorf("a rerun through the cache: diff %q, err %v; want none", diff, err)
	}

	more := ref
	more.Usage.Total.Calls = 13
	diff, err := Diff(refDir, write(more), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diff, "usage.total.calls: 12 → 13") {
		t.Errorf("a rerun with another call: diff %q; want the calls named", diff)
	}
}

// TestDiffNamesJSONKeys: a difference is named by its place in
// summary.json, by the keys a reader of the file sees (an embedded
// interval's bounds flattened), a cell by what it is, with both values;
// a cell one side lacks is said to be absent there.
func TestDiffNamesJSONKeys(t *testing.T) {
	cell := analysis.Cell{Protocol: "debate", Cell: "x=1", Task: "qa", Judge: "j", N: 10, Correct: 5, Accuracy: 0.5,
		Interval: analysis.Interval{CILow: 0.2, CIHigh: 0.8, CIMethod: analysis.MethodBootstrap}}
	other := cell
	other.Correct, other.Accuracy, other.CILow = 6, 0.6, 0.3
	added := cell
	added.Protocol = "consultancy"
	unlike := analysis.Cell{Protocol: "direct", Kind: "direct", Cell: "y=2", Task: "math", Judge: "k", N: 3, Questions: 3, Correct: 1, Unparsed: 1, Failed: 1, Accuracy: 0.33,
		Interval: analysis.Interval{CILow: 0.1, CIHigh: 0.9}}
	write := func(cells ...analysis.Cell) string {
		dir := t.TempDir()
		if err := WriteFiles(dir, analysis.Summary{Experiment: "x", Cells: cells}); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	ref := write(cell)
	for _, c := range []struct {
		dir  string
		want []string
	}{
		{write(other), []string{
			"summary.json differs (reference → this run):\n",
			"  cells[0] (debate [x=1], qa, j).correct: 5 → 6\n",
			"  cells[0] (debate [x=1], qa, j).accuracy: 0.5 → 0.6\n",
			"  cells[0] (debate [x=1], qa, j).ci_low: 0.2 → 0.3\n",
		}},
		{write(cell, added), []string{`  cells[1] (consultancy [x=1], qa, j): absent → {"protocol":"consultancy",`}},
		// A cell unlike any before the changed one: the changed one is
		// named by its index in the reference, 0, not its index here, 1.
		{write(unlike, other), []string{
			`  cells[0] (direct [y=2], math, k): absent → {"protocol":"direct",`,
			"  cells[0] (debate [x=1], qa, j).correct: 5 → 6\n",
		}},
	} {
		diff, err := Diff(ref, c.dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range c.want {
			if !strings.Contains(diff, want) {
				t.Errorf("diff:\n%s\nwant %q", diff, want)
			}
		}
	}
	// Where go-cmp pairs two cells that are not one (the reference's
	// second dropped, its third changed), a line names both.
	third := cell
	third.Protocol = "direct"
	changed := third
	changed.Correct = 9
	diff, err := Diff(write(cell, added, third), write(cell, changed), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diff, "(consultancy [x=1], qa, j → direct [x=1], qa, j).protocol: \"consultancy\" → \"direct\"") {
		t.Errorf("diff:\n%s\nwant the paired cells both named", diff)
	}
}

// TestDiffReadsBothTables: table.csv is compared as table.md is, to the
// byte, and where the reference was kept without it, left out; a
// tolerance compares neither table's text, nor the usage.
func TestDiffReadsBothTables(t *testing.T) {
	ref, dir := twoRuns(t, analysis.Summary{Experiment: "x", Episodes: 4, Usage: analysis.UsageSummary{Total: analysis.Usage{Calls: 12}}})
	csv := filepath.Join(ref, TableCSV)
	edit(t, csv, func(data string) string { return data + "edited\n" })
	if diff, err := Diff(ref, dir, 0); err != nil || !strings.Contains(diff, TableCSV+" differs") {
		t.Errorf("an edited table.csv: diff %q, err %v; want it named", diff, err)
	}
	if diff, err := Diff(ref, dir, 0.01); err != nil || diff != "" {
		t.Errorf("an edited table.csv within a tolerance: diff %q, err %v; want none", diff, err)
	}
	if err := os.Remove(csv); err != nil {
		t.Fatal(err)
	}
	if diff, err := Diff(ref, dir, 0); err != nil || diff != "" {
		t.Errorf("a reference without table.csv: diff %q, err %v; want none", diff, err)
	}
}

// TestDiffReadsReferencesSavedOnWindows: reference tables with CRLF line
// ends (a Windows checkout, an editor there) are the same tables.
func TestDiffReadsReferencesSavedOnWindows(t *testing.T) {
	ref, dir := twoRuns(t, analysis.Summary{Experiment: "x", Episodes: 4, Usage: analysis.UsageSummary{Total: analysis.Usage{Calls: 12}}})
	for _, name := range []string{TableMarkdown, TableCSV} {
		edit(t, filepath.Join(ref, name), func(data string) string { return strings.ReplaceAll(data, "\n", "\r\n") })
	}
	if diff, err := Diff(ref, dir, 0); err != nil || diff != "" {
		t.Errorf("reference tables with CRLF: diff %q, err %v; want none", diff, err)
	}
}

// TestLinesShowRetriesAsTheyHappen: a retry told to the tally shows in the
// next progress line, before any episode has finished, with its error.
func TestLinesShowRetriesAsTheyHappen(t *testing.T) {
	p := NewProgress()
	p.Retry(errors.New("http://127.0.0.1:8000/v1: HTTP 429: slow down"))
	p.Retry(errors.New("http://127.0.0.1:8000/v1: HTTP 429: slow down"))
	line := firstLine(t, 5, p)
	// A total of 0 is the tally's, once the run tells it.
	p.SetTotal(7)
	later := firstLine(t, 0, p)
	if !strings.HasPrefix(later, "moot: 0/7 episodes") {
		t.Errorf("progress line %q with the total told; want 0/7 episodes", later)
	}
	if !strings.Contains(line, "0/5 episodes") || !strings.Contains(line, "2 retries") || !strings.HasSuffix(line, "; retrying after http://127.0.0.1:8000/v1: HTTP 429: slow down") {
		t.Errorf("progress line %q; want 0/5 episodes, 2 retries and the last one's error", line)
	}
}

// TestLinesShowRetriesOfEpisodesPlayed: the retries of the episodes
// played show where the backend told of fewer as they happened (the one
// told is among them, not added to them), and a retry older than
// RecentRetry is no longer named.
func TestLinesShowRetriesOfEpisodesPlayed(t *testing.T) {
	p := NewProgress()
	p.Retry(errors.New("HTTP 429: slow down"))
	p.when = time.Now().Add(-RecentRetry)
	p.Played(&transcript.Episode{Protocol: "debate", Messages: []transcript.Message{{Retries: 1}, {Retries: 2}}})
	line := firstLine(t, 5, p)
	if !strings.Contains(line, "1/5 episodes") || !strings.Contains(line, " 3 retries") || strings.Contains(line, "retrying after") {
		t.Errorf("progress line %q; want 1/5 episodes, 3 retries and no error named", line)
	}
}

// TestLinesSayTheRunStops: once the run is told to stop (Ctrl-C), the
// progress lines say it is stopping, not when the whole plan would end.
func TestLinesSayTheRunStops(t *testing.T) {
	p := NewProgress()
	stop := make(chan struct{})
	p.StopOn(stop)
	if line := firstLine(t, 5, p); !strings.Contains(line, "ETA") {
		t.Errorf("progress line %q of a run going on; want its ETA", line)
	}
	close(stop)
	if line := firstLine(t, 5, p); strings.Contains(line, "ETA") || !strings.Contains(line, "stopping") {
		t.Errorf("progress line %q of a run told to stop; want it said, and no ETA", line)
	}
}

// firstLine is the first progress line StartLines prints of p, for a
// plan of total (told p where not 0), waited for however loaded the
// machine.
func firstLine(t *testing.T, total int, p *Progress) string {
	t.Helper()
	r, w := io.Pipe()
	if total > 0 {
		p.SetTotal(total)
	}
	stop := StartLines(w, 10*time.Millisecond, p)
	line, err := bufio.NewReader(r).ReadString('\n')
	go io.Copy(io.Discard, r) // the lines printed until stop returns
	stop()
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(line, "\n")
}

// tickLines starts StartLines of p at every millisecond into a pipe, and
// returns the lines it prints, as they come, and a stop that stops them
// and closes the pipe; the channel closes once it has given the last.
func tickLines(p *Progress) (<-chan string, func()) {
	r, w := io.Pipe()
	stop := StartLines(w, time.Millisecond, p)
	lines := make(chan string, 100)
	go func() {
		for sc := bufio.NewScanner(r); sc.Scan(); {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines, func() {
		stop()
		w.Close()
	}
}

// noLineAfterTheLast checks that once p's lines have said the results are
// being written, ticks at every millisecond print nothing more.
func noLineAfterTheLast(t *testing.T, p *Progress) {
	t.Helper()
	lines, stop := tickLines(p)
	<-lines
	time.Sleep(20 * time.Millisecond)
	stop()
	if more := <-lines; more != "" {
		t.Errorf("a line after the last: %q", more)
	}
}

// TestDiffNamesWhatTheReferenceHasBeyondTheSummary: a field in the
// reference's summary.json that no Summary field reads (an edit, another
// version of moot) is a difference, which comparing the decoded
// summaries alone would pass over.
func TestDiffNamesWhatTheReferenceHasBeyondTheSummary(t *testing.T) {
	ref, dir := twoRuns(t, analysis.Summary{Experiment: "x", Episodes: 4})
	edit(t, filepath.Join(ref, SummaryFile), func(data string) string { return strings.Replace(data, "{", `{"bogus_field": 1,`, 1) })
	if diff, err := Diff(ref, dir, 0); err != nil || !strings.Contains(diff, `unknown field "bogus_field"`) {
		t.Errorf("a reference with a field of its own: diff %q, err %v; want it named", diff, err)
	}
}

// twoRuns writes sum's files into two folders, a reference and a rerun.
func twoRuns(t *testing.T, sum analysis.Summary) (ref, dir string) {
	t.Helper()
	ref, dir = t.TempDir(), t.TempDir()
	for _, d := range []string{ref, dir} {
		if err := WriteFiles(d, sum); err != nil {
			t.Fatal(err)
		}
	}
	return ref, dir
}

// edit rewrites the file at path with change.
func edit(t *testing.T, path string, change func(string) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(change(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLinesOfAResume: on a resume, the episodes an earlier run did count
// as done from the first line, not as they reach the sinks (in plan order,
// behind any failure played again), and the count never falls.
func TestLinesOfAResume(t *testing.T) {
	p := NewProgress()
	p.SetResumed(40)
	if line := firstLine(t, 100, p); !strings.HasPrefix(line, "moot: 40/100 episodes") {
		t.Errorf("progress line %q before the earlier run's episodes are read; want 40/100 done", line)
	}
	for range 40 {
		p.Episode(&transcript.Episode{Protocol: "debate"}, true)
	}
	if line := firstLine(t, 100, p); !strings.HasPrefix(line, "moot: 40/100 episodes") {
		t.Errorf("progress line %q once they are read; want 40/100 done", line)
	}
}

// TestLinesOfAResumeRateThisRunAlone: the rate counts the episodes
// played by this run alone, not those an earlier run did (a resume that
// has played none has no rate yet, however many it read), and the ETA is
// of the episodes left after both.
func TestLinesOfAResumeRateThisRunAlone(t *testing.T) {
	p := NewProgress()
	p.SetResumed(40)
	if line := firstLine(t, 100, p); !strings.HasSuffix(line, " 0.0 episodes/s, ETA ?") {
		t.Errorf("progress line %q of a resume that has played nothing; want no rate, no ETA", line)
	}
	// None left to play once the last is played, however slow the rate
	// (were the 1000 resumed still to play, it would be 1000 × the time to
	// the first line, 10 s or more): the line says the run is writing its
	// results, with no rate or ETA, and it is the last.
	p.SetResumed(1000)
	p.Played(&transcript.Episode{Protocol: "debate"})
	if line := firstLine(t, 1001, p); !strings.HasPrefix(line, "moot: 1001/1001 episodes") || !strings.HasSuffix(line, ": all in; writing the summary, tables and report") {
		t.Errorf("progress line %q of a resume with all done; want 1001/1001, writing the results", line)
	}
	noLineAfterTheLast(t, p)
}

// TestNoLineBeforeThePlan: a tally told no total yet (verify and rejudge
// set it once the plan is made) prints no line, where it printed "0/0
// episodes" at every tick while the tasks loaded; once told, it does.
func TestNoLineBeforeThePlan(t *testing.T) {
	p := NewProgress()
	lines, stop := tickLines(p)
	time.Sleep(20 * time.Millisecond)
	select {
	case line := <-lines:
		t.Errorf("a line before the plan: %q", line)
	default:
	}
	p.SetTotal(5)
	if line := <-lines; !strings.HasPrefix(line, "moot: 0/5 episodes") {
		t.Errorf("the first line once the plan is made: %q; want 0/5", line)
	}
	go func() {
		for range lines {
		}
	}()
	stop()
}

// TestRateOverTheLastWindow: the rate is of the episodes played over the
// last rateWindow, so a slow start (a resume reading the earlier run's
// episodes) does not keep it low, and the ETA it gives, long.
func TestRateOverTheLastWindow(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := NewRecentRate(t0)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	if got := r.Add(at(20), 10); got != 0.5 { // a slow start: 10 in 20 s
		t.Errorf("rate %v after 10 in 20 s; want 0.5", got)
	}
	r.Add(at(30), 110)
	r.Add(at(40), 210)
	if got := r.Add(at(50), 310); got != 10 { // 300 since 20 s, 30 s ago
		t.Errorf("rate %v at 50 s; want 10 a second, over the last 30 s", got)
	}
}

// TestDiffNeedsTheReferenceTable: a reference without table.md is an
// error naming it, not a table passed over as table.csv's absence is.
func TestDiffNeedsTheReferenceTable(t *testing.T) {
	ref, dir := twoRuns(t, analysis.Summary{Experiment: "x", Episodes: 4})
	if err := os.Remove(filepath.Join(ref, TableMarkdown)); err != nil {
		t.Fatal(err)
	}
	if diff, err := Diff(ref, dir, 0); err == nil || !strings.Contains(err.Error(), TableMarkdown) {
		t.Errorf("a reference without table.md: diff %q, err %v; want an error naming it", diff, err)
	}
}

// TestDiffToleranceInclusiveAndTablesByLine: a number off by exactly the
// tolerance is within it (0.845 − 0.825 is 0.020000000000000018 in
// floating point, and was refused), one off by more is not; and a table's
// difference is shown line by line, each line whole (go-cmp split a "·"
// into its two bytes).
func TestDiffToleranceInclusiveAndTablesByLine(t *testing.T) {
	cells := func(acc float64) analysis.Summary {
		return analysis.Summary{Experiment: "x", Episodes: 4, Cells: []analysis.Cell{{Protocol: "p", Task: "t", Judge: "j", Accuracy: acc}}}
	}
	ref, _ := twoRuns(t, cells(0.825))
	_, at := twoRuns(t, cells(0.845))
	if diff, err := Diff(ref, at, 0.02); err != nil || diff != "" {
		t.Errorf("off by the tolerance: diff %q, err %v; want none", diff, err)
	}
	_, past := twoRuns(t, cells(0.8451))
	if diff, err := Diff(ref, past, 0.02); err != nil || !strings.Contains(diff, "0.825 → 0.8451") {
		t.Errorf("off by more than the tolerance: diff %q, err %v; want it named", diff, err)
	}
	long := "| debate | 0.6 | t1 | jj | 120 | %s | [75.0, 90.0] | correct-first 85.0%% · correct-second 80.0%% · consistent 75%% · A-pref 52%% · swap-avg 94.2%% |"
	was, is := fmt.Sprintf(long, "82.6%"), fmt.Sprintf(long, "82.5%")
	edit(t, filepath.Join(ref, TableMarkdown), func(data string) string { return data + was + "\n" })
	edit(t, filepath.Join(at, TableMarkdown), func(data string) string { return data + is + "\n" })
	diff, err := Diff(ref, at, 0)
	if err != nil || !strings.Contains(diff, `"`+was+`"`) || !strings.Contains(diff, `"`+is+`"`) {
		t.Errorf("a line of the table changed: %v\n%s; want both lines whole", err, diff)
	}
}
