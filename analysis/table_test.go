package analysis

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenEpisodes cover what the tables must show: bootstrap and Wilson
// cells, breakdowns, unparsed and failed episodes, a cell whose episodes
// all failed, position bias, calibration, comparisons, and cross-play of
// two debaters for Elo.
func goldenEpisodes() []transcript.Episode {
	eps := syntheticEpisodes(30, 1)
	for q := range 8 {
		qid := fmt.Sprintf("q%04d", q)
		for i, a := range []string{"correct-first/strong-as-A", "correct-first/weak-as-A", "correct-second/strong-as-A", "correct-second/weak-as-A"} {
			x, y := "strong", "weak"
			if strings.HasSuffix(a, "weak-as-A") {
				x, y = y, x
			}
			// The judge follows strong, except on every third question
			// and order, where it picks slot A.
			ep := debateEpisode("cross-play", qid, a, x, y, 0)
			strongSide := ep.Seats[0].Argues
			if x != "strong" {
				strongSide = ep.Seats[1].Argues
			}
			answer := strongSide
			if (q+i)%3 == 0 {
				answer = ep.Order[0]
			}
			ep.Verdict.Answer, ep.Correct = answer, answer == ep.CorrectAnswer
			ep.Verdict.Slot = map[bool]string{true: "A", false: "B"}[answer == ep.Order[0]]
			eps = append(eps, ep)
		}
	}
	return append(eps,
		episode("naive", "direct", "quality", "strong-judge", "q0000", "", 0, ""),
		episode("naive", "direct", "quality", "strong-judge", "q0000", "", 0, ""),
		episode("debate", "debate", "gsm8k", "weak-judge", "q0000", "correct-first", 0, "agents: judge: 500 Internal Server Error"),
		episode("debate", "debate", "gsm8k", "weak-judge", "q0001", "correct-second", 1, "agents: judge: 500 Internal Server Error"),
	)
}

func goldenSummary() Summary {
	return Summarize("golden", 20240601, goldenEpisodes())
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./analysis/ -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// tablesContain checks that s's text and markdown tables both contain
// want.
func tablesContain(t *testing.T, s Summary, want string) {
	t.Helper()
	for _, f := range []Format{FormatText, FormatMarkdown} {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, s, f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s table:\n%s\nwant it to contain %q", f, buf.String(), want)
		}
	}
}

// textOf returns s as WriteText writes it.
func textOf(t *testing.T, s Summary) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteText(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// markdownOf returns s as WriteMarkdown writes it.
func markdownOf(t *testing.T, s Summary) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// csvOf returns s as WriteCSV writes it.
func csvOf(t *testing.T, s Summary) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestGolden(t *testing.T) {
	s := goldenSummary()
	tests := []struct {
		file  string
		write func(io.Writer, Summary) error
	}{
		{"summary.txt", WriteText},
		{"summary.md", WriteMarkdown},
		{"summary.csv", WriteCSV},
		{"summary.json", func(w io.Writer, s Summary) error { return WriteSummary(w, s, FormatJSON) }},
	}
	for _, f := range Formats {
		tests = append(tests,
			struct {
				file  string
				write func(io.Writer, Summary) error
			}{"comparisons." + string(f), func(w io.Writer, s Summary) error { return WriteComparisons(w, s, f) }},
			struct {
				file  string
				write func(io.Writer, Summary) error
			}{"elo." + string(f), func(w io.Writer, s Summary) error { return WriteElo(w, s, f) }},
		)
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, s); err != nil {
				t.Fatalf("got error %v; want nil", err)
			}
			checkGolden(t, tt.file, buf.Bytes())
		})
	}
}

func TestTextNotes(t *testing.T) {
	s := Summary{Cells: []Cell{{
		Protocol: "consultancy", Task: "quality", Judge: "j", N: 100, Questions: 50, Correct: 65,
		Unparsed: 3, Failed: 2, Accuracy: 0.65, Interval: Interval{CILow: 0.5512, CIHigh: 0.7399, CIMethod: MethodBootstrap},
		Breakdown: []Part{
			{Assignment: "assigned-correct", N: 50, Correct: 46, Accuracy: 0.92},
			{Assignment: "assigned-incorrect", N: 50, Correct: 19, Accuracy: 0.38},
		},
	}}}
	text := textOf(t, s)
	for _, want := range []string{
		"| Protocol ", // header not upper-cased
		"65.0%",
		"[55.1, 74.0]",
		"assigned-correct 92.0% · assigned-incorrect 38.0% · unparsed 3 · failed 2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text table:\n%s\nwant it to contain %q", text, want)
		}
	}
}

func TestMarkdownEscapesPipes(t *testing.T) {
	s := Summarize("e", 1, []transcript.Episode{episode("a|b", "debate", "t", "j", "q", "", 0, "")})
	md := markdownOf(t, s)
	if !strings.Contains(md, `a\|b`) {
		t.Errorf("markdown:\n%s\nwant the label escaped as %q", md, `a\|b`)
	}
}

func TestMethodNote(t *testing.T) {
	boot := Cell{N: 10, Interval: Interval{CIMethod: MethodBootstrap}}
	wilson := Cell{N: 10, Interval: Interval{CIMethod: MethodWilson}}
	empty := Cell{N: 0, Interval: Interval{CIMethod: MethodWilson}}
	split := Cell{N: 10, Interval: Interval{CIMethod: MethodBootstrap}, Breakdown: []Part{{}, {}}}
	tests := []struct {
		name  string
		cells []Cell
		want  string
	}{
		{"bootstrap", []Cell{boot}, "CI: 95%, bootstrap over questions (2000 resamples)."},
		{"breakdowns", []Cell{boot, split}, "CI: 95%, bootstrap over questions (2000 resamples); breakdowns: Wilson."},
		{"wilson", []Cell{wilson}, "CI: 95%, Wilson score."},
		{"mixed", []Cell{boot, wilson}, "CI: 95%, bootstrap over questions (2000 resamples), Wilson score where noted."},
		{"empty cell shows no interval", []Cell{boot, empty}, "CI: 95%, bootstrap over questions (2000 resamples)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MethodNote(Summary{Cells: tt.cells}); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestTextNotesPositionAndCalibration(t *testing.T) {
	s := Summary{Cells: []Cell{{
		Protocol: "debate", Task: "quality", Judge: "j", N: 100, Questions: 50, Correct: 70,
		Accuracy: 0.7, Interval: Interval{CILow: 0.6, CIHigh: 0.8, CIMethod: MethodBootstrap},
		Position:    &PositionBias{Pairs: 50, Consistent: 41, Consistency: 0.82, Verdicts: 100, FirstSlot: 56, FirstSlotPreference: ptr(0.56)},
		Calibration: &Calibration{N: 100, ECE: 0.0421, Brier: 0.2},
	}}}
	tablesContain(t, s, "consistent 82% · A-pref 56% · ECE 0.042")
	if got, want := csvOf(t, s), ",0.8200,0.5600,0.0421,0.2000\n"; !strings.HasSuffix(got, want) {
		t.Errorf("csv:\n%s\nwant the row to end with %q", got, want)
	}
}

// TestECENoteCountsParsedVerdicts: the table's ECE says over how many
// verdicts it is where some parsed verdicts came without a probability,
// of the parsed ones alone; a cell whose every parsed verdict came with
// one (its unparsed verdicts have none by their nature) shows it bare,
// where "(8 of 10 verdicts)" passed the unparsed two for verdicts the
// ECE left out.
func TestECENoteCountsParsedVerdicts(t *testing.T) {
	cell := func(probed int) Summary {
		return Summary{Cells: []Cell{{
			Protocol: "debate", Task: "quality", Judge: "j", N: 10, Unparsed: 2, Questions: 10, Correct: 6,
			Accuracy: 0.6, Interval: Interval{CILow: 0.3, CIHigh: 0.8, CIMethod: MethodBootstrap},
			Calibration: &Calibration{N: probed, ECE: 0.0421, Brier: 0.2},
		}}}
	}
	tablesContain(t, cell(5), "ECE 0.042 (5 of 8 verdicts)")
	var buf bytes.Buffer
	if err := WriteSummary(&buf, cell(8), FormatText); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.Contains(got, "ECE 0.042") || strings.Contains(got, "verdicts)") {
		t.Errorf("every parsed verdict with a probability:\n%s\nwant the ECE without a count of verdicts", got)
	}
}

func TestGoldenSummarizeBy(t *testing.T) {
	s, err := SummarizeBy("golden", 20240601, goldenEpisodes(), []string{FieldKind, FieldAssignment})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "by-kind-assignment.txt", []byte(textOf(t, s)))
	checkGolden(t, "by-kind-assignment.csv", []byte(csvOf(t, s)))
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); got != f || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, nil", f, got, err, f)
		}
	}
	_, err := ParseFormat("html")
	if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "text, markdown, csv, json") {
		t.Errorf("ParseFormat(html): got error %v; want ErrUnknownFormat listing the formats", err)
	}
	for name, write := range map[string]func(io.Writer, Summary, Format) error{
		"WriteSummary": WriteSummary, "WriteComparisons": WriteComparisons, "WriteElo": WriteElo,
	} {
		if err := write(io.Discard, Summary{}, "html"); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s(html): got error %v; want ErrUnknownFormat", name, err)
		}
	}
}

func TestWriteEmptyListsAsJSONArrays(t *testing.T) {
	for name, write := range map[string]func(io.Writer, Summary, Format) error{
		"WriteComparisons": WriteComparisons, "WriteElo": WriteElo,
	} {
		var buf bytes.Buffer
		if err := write(&buf, Summary{}, FormatJSON); err != nil {
			t.Fatal(err)
		}
		var v []any
		if err := json.Unmarshal(buf.Bytes(), &v); err != nil || v == nil {
			t.Errorf("%s: got %q; want an empty JSON array", name, buf.String())
		}
	}
}

// TestComparisonsRoundOnce: a paired comparison's accuracies and
// difference, kept to 4 places, are shown from the fractions they were,
// over the questions times the episodes a question its cell has: 25 of
// 46 questions is 54.348%, rounded once 54.3% as its cell reads, twice
// (0.5435) 54.4%; 391 of 448 questions × 6 episodes (0.1455) reads 14.5%,
// not a fraction over fewer episodes that rounds alike (14.6%); a value
// whose cell does not tell its episodes a question, or whose fraction's
// denominator passes 10,000, is shown as it is, whether made in this
// process or read back. A comparison made in this process in a summary
// with no cells (moot compare's) is shown from the value it had before it
// was rounded.
func TestComparisonsRoundOnce(t *testing.T) {
	cell := func(protocol string, questions, n int) Cell {
		return Cell{Protocol: protocol, Task: "t", Judge: "j", Questions: questions, N: n}
	}
	key := func(protocol string) CellKey { return CellKey{Protocol: protocol, Task: "t", Judge: "j"} }
	for _, c := range []struct {
		name         string
		cells        []Cell
		q            int
		a, b         float64
		wantA, wantB float64
		wantDiff     float64
	}{
		{"one episode a question", []Cell{cell("a", 46, 46), cell("b", 46, 46)}, 46, 25.0 / 46, 27.0 / 46, 25.0 / 46, 27.0 / 46, 2.0 / 46},
		{"six episodes a question", []Cell{cell("a", 448, 2688), cell("b", 448, 2688)}, 448, 391.0 / 2688, 400.0 / 2688, 391.0 / 2688, 400.0 / 2688, 9.0 / 2688},
		{"one and two episodes", []Cell{cell("a", 46, 46), cell("b", 46, 92)}, 46, 25.0 / 46, 63.0 / 92, 25.0 / 46, 63.0 / 92, 13.0 / 92},
		{"a cell not told", []Cell{cell("a", 46, 47)}, 46, 25.0 / 46, 0.5, round4(25.0 / 46), 0.5, round4(0.5 - 25.0/46)},
		{"failed episodes", []Cell{{Protocol: "a", Task: "t", Judge: "j", Questions: 14, N: 28, Failed: 14}}, 14, 13.0 / 42, 0.5, round4(13.0 / 42), 0.5, round4(0.5 - 13.0/42)},
		{"past 10,000", []Cell{cell("a", 3000, 12000), cell("b", 3000, 12000)}, 3000, 1234.0 / 12000, 0.5, round4(1234.0 / 12000), 0.5, round4(0.5 - 1234.0/12000)},
	} {
		p := Paired{A: key("a"), B: key("b"), Questions: c.q, AccuracyA: c.a, AccuracyB: c.b, Difference: c.b - c.a}
		// As made in this process, to nine places: shown as they are,
		// each the fraction it was to the ninth place.
		nines := p
		nines.Round()
		if a, b, diff := PairedShares(Summary{Cells: c.cells}, nines); math.Abs(a-c.a) > 1e-9 || math.Abs(b-c.b) > 1e-9 || math.Abs(diff-(c.b-c.a)) > 1e-9 {
			t.Errorf("%s, to nine places: %v, %v, %v; want %v, %v, %v", c.name, a, b, diff, c.a, c.b, c.b-c.a)
		}
		p.round(round4) // as summary.json writes it
		// Made in this process (moot compare's, with no cells): as it was.
		if a, b, diff := PairedShares(Summary{}, p); a != c.a || b != c.b || diff != c.b-c.a {
			t.Errorf("%s, made here: %v, %v, %v; want %v, %v, %v", c.name, a, b, diff, c.a, c.b, c.b-c.a)
		}
		// Of a summary with cells, alike whether made here or read back
		// from summary.json (report.html is written from the file).
		for _, exact := range []*[3]float64{p.Exact, nil} {
			p.Exact = exact
			a, b, diff := PairedShares(Summary{Cells: c.cells}, p)
			if math.Abs(a-c.wantA) > 1e-12 || math.Abs(b-c.wantB) > 1e-12 || math.Abs(diff-c.wantDiff) > 1e-12 {
				t.Errorf("%s (kept exact: %v): %v, %v, %v; want %v, %v, %v", c.name, exact != nil, a, b, diff, c.wantA, c.wantB, c.wantDiff)
			}
		}
	}
	s := Summary{Cells: []Cell{cell("a", 46, 46), cell("b", 46, 46)},
		Comparisons: []Paired{{A: key("a"), B: key("b"), Questions: 46, AccuracyA: round4(25.0 / 46), AccuracyB: round4(27.0 / 46), Difference: round4(2.0 / 46),
			Interval: Interval{CILow: -0.1, CIHigh: 0.2, CIMethod: MethodBootstrap}, PValue: 0.5}}}
	var buf bytes.Buffer
	if err := WriteComparisons(&buf, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if row := buf.String(); !strings.Contains(row, "| 54.3% | 58.7% |  +4.3 |") {
		t.Errorf("comparisons:\n%s\nwant 54.3%%, 58.7%% and +4.3, each rounded once", row)
	}
}

// TestSweepContrastRoundsOnce: a sweep line's change from its first value
// to its last is shown from the fraction it was, as a comparison's is: 46
// questions, one episode each at the first value and two (two cells
// pooled) at the last, a change of 19/92 = 20.652% reads +20.7, not
// +20.6 from the 4 places (0.2065) the summary keeps; where an episode of
// the line's protocol failed, or the run stopped early, a question's
// episodes are not told and the 4 places are shown. The table and the
// report (written from summary.json, with no value kept) agree.
func TestSweepContrastRoundsOnce(t *testing.T) {
	contrast := Paired{A: CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: "strong.skill=0.5"},
		B: CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: "strong.skill=0.9"}, Questions: 46,
		AccuracyA: 20.0 / 46, AccuracyB: 59.0 / 92, Difference: 19.0 / 92,
		Interval: Interval{CILow: 0.1, CIHigh: 0.3, CIMethod: MethodBootstrap}, PValue: 0.001}
	summary := func(failed int, partial string) Summary {
		c := contrast
		c.round(round4)
		c.Exact = nil // as read back from summary.json
		cell := func(v string, n int) Cell {
			return Cell{Protocol: "debate", Task: "t", Judge: "j", Cell: "strong.skill=" + v, Questions: 46, N: n}
		}
		s := Summary{Partial: partial, Cells: []Cell{cell("0.5", 46), cell("0.9", 92)},
			Sweep: &SweepSummary{Axes: []SweepAxis{{Name: "strong.skill", Values: []string{"0.5", "0.9"}}},
				Lines: []SweepLine{{LineOf: LineOf{Axis: "strong.skill", Protocol: "debate", Task: "t", Judge: "j"}, Contrast: &c,
					Points: []SweepPoint{{Value: "0.5", Cells: 1, N: 46, Questions: 46, Correct: 20}, {Value: "0.9", Cells: 2, N: 92, Questions: 46, Correct: 59}}}}}}
		s.Cells[0].Failed = failed
		return s
	}
	for _, c := range []struct {
		name    string
		s       Summary
		want    float64
		wantRow string
	}{
		{"finished", summary(0, ""), 19.0 / 92, "+20.7"},
		{"a failed episode", summary(1, ""), 0.2065, "+20.6"},
		{"stopped early", summary(0, "stopped"), 0.2065, "+20.6"},
	} {
		if got := SweepDelta(c.s, c.s.Sweep.Lines[0]); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: SweepDelta %v; want %v", c.name, got, c.want)
		}
		var buf bytes.Buffer
		if err := WriteSweepLines(&buf, c.s, FormatMarkdown); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), " "+c.wantRow+" |") {
			t.Errorf("%s: sweep lines\n%s\nwant the change %s", c.name, buf.String(), c.wantRow)
		}
		if !regexp.MustCompile(`(?m)\| +46 \|$`).MatchString(buf.String()) {
			t.Errorf("%s: sweep lines\n%s\nwant the contrast's 46 questions last", c.name, buf.String())
		}
	}
}

// TestTablesRoundOnce: a cell's accuracy is shown from its counts, not
// from the summary's accuracy rounded to 4 places: 23 of 34 is 67.647%,
// rounded once 67.6%, twice (0.6765) 67.7%.
func TestTablesRoundOnce(t *testing.T) {
	if got := CountPercent(23, 34, 0.6765); got != "67.6%" {
		t.Errorf("CountPercent(23, 34) = %s; want 67.6%%", got)
	}
	s := Summary{Cells: []Cell{{Protocol: "p", Task: "t", Judge: "j", N: 34, Questions: 34, Correct: 23, Accuracy: 0.6765,
		Interval: Interval{CILow: 0.5, CIHigh: 0.8, CIMethod: MethodBootstrap}}}}
	md := markdownOf(t, s)
	if !strings.Contains(md, "67.6%") || strings.Contains(md, "67.7%") {
		t.Errorf("table.md:\n%s\nwant 67.6%%", md)
	}
}

// TestNoFirstSlotPreferenceWithoutVerdicts: a cell whose judge never gave
// a verdict that parsed has no first-slot preference: its notes say none,
// where "A-pref 0%" read as a lean to B.
func TestNoFirstSlotPreferenceWithoutVerdicts(t *testing.T) {
	s := Summary{Cells: []Cell{{
		Protocol: "direct", Task: "pairs", Judge: "j", N: 20, Questions: 10, Unparsed: 20,
		Interval: Interval{CIMethod: MethodWilson},
		Position: &PositionBias{Pairs: 10},
	}}}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, s, FormatText); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "A-pref") || !strings.Contains(buf.String(), "consistent 0%") {
		t.Errorf("table of a cell with no verdict parsed:\n%s\nwant consistency and no A-pref", buf.String())
	}
	rows, err := csv.NewReader(strings.NewReader(csvOf(t, s))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "first_slot_preference")
	if col < 0 || rows[1][col] != "" {
		t.Errorf("table.csv's first_slot_preference %q; want it empty", rows[1][max(col, 0)])
	}
}

// TestCSVLeavesNoAccuracyOverNothing: a cell whose episodes all failed
// has no accuracy in table.csv (empty), as the text table reads n/a; its
// interval is [0, 1], as documented.
func TestCSVLeavesNoAccuracyOverNothing(t *testing.T) {
	s := Summary{Cells: []Cell{{Protocol: "dead", Kind: "direct", Task: "t", Judge: "j", Failed: 3,
		Interval: Interval{CILow: 0, CIHigh: 1, CIMethod: MethodWilson}}}}
	if got, want := csvOf(t, s), "dead,direct,t,j,,0,0,0,3,,0.0000,1.0000,wilson,"; !strings.Contains(got, want) {
		t.Errorf("csv:\n%s\nwant the row %q…", got, want)
	}
}

// TestAfterCellsSaysWhatWasNotCompared: a pair the protocols' classes
// call for that no question was judged in both is named after the
// comparisons, in the terminal right after their note and in markdown as
// a paragraph of its own, not a row glued to their table.
func TestAfterCellsSaysWhatWasNotCompared(t *testing.T) {
	s := Summary{Comparisons: []Paired{{A: CellKey{Protocol: "a", Task: "t", Judge: "j"}, B: CellKey{Protocol: "b", Task: "t", Judge: "j"},
		Questions: 10, AccuracyA: 0.5, AccuracyB: 0.6, Difference: 0.1, Interval: Interval{CILow: -0.1, CIHigh: 0.3, CIMethod: MethodBootstrap}, PValue: 0.4}},
		Uncompared: []string{"a and c (t, j)"}}
	note := UncomparedNote(s.Uncompared)
	for f, want := range map[Format]string{
		FormatText:     ComparisonNote(s.Comparisons) + "\n" + note + "\n",
		FormatMarkdown: "|\n\n" + ComparisonNote(s.Comparisons) + "\n\n" + note + "\n",
	} {
		var buf bytes.Buffer
		if err := WriteAfterCells(&buf, s, f); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(buf.String(), want) {
			t.Errorf("%v:\n%s\nwant it to end %q", f, buf.String(), want)
		}
	}
}
