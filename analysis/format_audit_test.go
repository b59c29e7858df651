package analysis

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// namedRows reads a CSV table into one map a row, by its header.
func namedRows(t *testing.T, text string) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("CSV %q: %v", text, err)
	}
	var named []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		named = append(named, m)
	}
	return named
}

// TestCSVPartsCarryTheirCellsRepeat: a breakdown's and a round's rows
// are parts of their cell, and name the repeat it belongs to, as the
// cell's own row does; only the judging columns are left empty.
func TestCSVPartsCarryTheirCellsRepeat(t *testing.T) {
	repeat := 2
	in := Interval{CILow: 0.1, CIHigh: 0.9, CIMethod: MethodWilson}
	s := Summary{Cells: []Cell{{Protocol: "p", Kind: "direct", Task: "t", Judge: "j", Repeat: &repeat,
		N: 4, Correct: 2, Accuracy: 0.5, Interval: in,
		Breakdown: []Part{{Assignment: "x", N: 2, Correct: 1, Accuracy: 0.5, Interval: in},
			{Assignment: "y", N: 2, Correct: 1, Accuracy: 0.5, Interval: in}},
		ByRound: []RoundPoint{{Round: 1, N: 4, Correct: 1, Accuracy: 0.25, Interval: in},
			{Round: 2, N: 4, Correct: 2, Accuracy: 0.5, Interval: in}}}}}
	rows := csvColumns(t, s)
	if len(rows) != 5 {
		t.Fatalf("got %d rows, want the cell's, two parts' and two rounds': %v", len(rows), rows)
	}
	for i, r := range rows {
		if r["repeat"] != "2" {
			t.Errorf("row %d: repeat %q, want 2 (the cell's): %v", i, r["repeat"], r)
		}
	}
}

// TestWriteSummaryMarkdownIsTheMarkdownTable: asked for Markdown,
// WriteSummary writes what WriteMarkdown writes, not the text table.
func TestWriteSummaryMarkdownIsTheMarkdownTable(t *testing.T) {
	s := Summary{Cells: []Cell{{Protocol: "p", Kind: "direct", Task: "t", Judge: "j", N: 2, Correct: 1, Accuracy: 0.5,
		Interval: Interval{CILow: 0.1, CIHigh: 0.9, CIMethod: MethodWilson}}}}
	var b bytes.Buffer
	if err := WriteSummary(&b, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), markdownOf(t, s); got != want {
		t.Errorf("WriteSummary(markdown):\n%s\nwant WriteMarkdown's:\n%s", got, want)
	}
	if strings.Contains(b.String(), "+--") {
		t.Errorf("Markdown written with text boxes:\n%s", b.String())
	}
}

// TestJSONKeepsAngleBracketsAndAmpersands: summary.json is written
// without HTML escaping, so a label with <, > or & reads as it is.
func TestJSONKeepsAngleBracketsAndAmpersands(t *testing.T) {
	s := Summary{Cells: []Cell{{Protocol: "a<b>&c", Kind: "direct", Task: "t", Judge: "j"}}}
	var b bytes.Buffer
	if err := WriteSummary(&b, s, FormatJSON); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"a<b>&c"`) {
		t.Errorf("the label is not written as it is:\n%s", b.String())
	}
}

// TestComparisonNoteOnGroups: the note says groups are drawn together
// only where a comparison has more than one group; one group holding
// all the questions draws its questions, as with none (Paired.Groups).
func TestComparisonNoteOnGroups(t *testing.T) {
	for _, tt := range []struct {
		groups int
		want   bool
	}{{0, false}, {1, false}, {2, true}} {
		note := ComparisonNote([]Paired{{Questions: 5, Groups: tt.groups, PValue: 0.5, Interval: Interval{CILow: -0.1, CIHigh: 0.1}}})
		if got := strings.Contains(note, pairedGroupsNote); got != tt.want {
			t.Errorf("groups %d: says groups are drawn together %v, want %v:\n%s", tt.groups, got, tt.want, note)
		}
	}
}

// TestDiscordanceNoteNamesGroupsOnlyOfItsOwn: the ‡ sentence speaks of
// groups only where a comparison with the discordance bound has them;
// another comparison's groups, bootstrapped, do not change it.
func TestDiscordanceNoteNamesGroupsOnlyOfItsOwn(t *testing.T) {
	cs := []Paired{
		{Questions: 5, PValue: 0.06, Interval: Interval{CILow: 0, CIHigh: 0.4, CIMethod: MethodDiscordance}},
		{Questions: 9, Groups: 3, PValue: 0.5, Interval: Interval{CILow: -0.1, CIHigh: 0.1, CIMethod: MethodBootstrap}},
	}
	note := ComparisonNote(cs)
	if !strings.Contains(note, "every question's Δ is the same") || !strings.Contains(note, "0 of the questions differed") ||
		strings.Contains(note, "(or group") {
		t.Errorf("the ‡ sentence should speak of questions alone:\n%s", note)
	}
	cs[0].Groups = 2
	if note := ComparisonNote(cs); !strings.Contains(note, "every question's (or group's) Δ") {
		t.Errorf("a grouped discordance bound should name groups:\n%s", note)
	}
}

// comparisonsCSV is the comparisons of s as WriteComparisons writes
// their CSV, a map a row.
func comparisonsCSV(t *testing.T, s Summary) []map[string]string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteComparisons(&b, s, FormatCSV); err != nil {
		t.Fatal(err)
	}
	return namedRows(t, b.String())
}

// TestComparisonsCSVByHand: each comparison's row names A's cell and B's
// in their own columns, the bootstrap where an older summary names no
// method, and leaves empty what is not there: the unlike questions
// outside moot compare, the share of agreement with no item, kappa
// where it is undefined.
func TestComparisonsCSVByHand(t *testing.T) {
	two := 2
	s := Summary{Comparisons: []Paired{
		{A: CellKey{Protocol: "a", Task: "t", Judge: "j", Cell: "x=1"}, B: CellKey{Protocol: "b", Task: "t", Judge: "j", Cell: "x=2"},
			Questions: 4, AccuracyA: 0.25, AccuracyB: 0.75, Difference: 0.5, Interval: Interval{CILow: 0.1, CIHigh: 0.9},
			PValue: 0.03, Agreement: &Agreement{Skipped: 4}},
		{A: CellKey{Protocol: "a", Task: "t", Judge: "j", Cell: "x=1"}, B: CellKey{Protocol: "c", Task: "t", Judge: "j", Cell: "x=1"},
			Questions: 3, Interval: Interval{CILow: -0.2, CIHigh: 0.2, CIMethod: MethodDiscordance}, PValue: 1,
			UnlikeQuestions: &two, Agreement: &Agreement{Items: 3, Agreement: 2.0 / 3, Kappa: 0.25, KappaDefined: true}},
	}}
	rows := comparisonsCSV(t, s)
	want := []map[string]string{
		{"a_cell": "x=1", "b_cell": "x=2", "ci_method": MethodBootstrap, "accuracy_a": "0.2500", "accuracy_b": "0.7500", "unlike_questions": "",
			"judges_agree": "", "agreement_items": "0", "kappa": "", "kappa_ci_low": ""},
		{"a_cell": "x=1", "b_cell": "x=1", "ci_method": MethodDiscordance, "unlike_questions": "2",
			"judges_agree": "0.6667", "agreement_items": "3", "kappa": "0.2500", "kappa_ci_low": ""},
	}
	for i, w := range want {
		for col, v := range w {
			if got, ok := rows[i][col]; !ok || got != v {
				t.Errorf("row %d: %s = %q (present %v), want %q", i, col, got, ok, v)
			}
		}
	}
}

// TestComparisonsTableNamesAsCell: in a sweep's comparisons table the
// Cell column is A's; B, of another cell, names its own after it.
func TestComparisonsTableNamesAsCell(t *testing.T) {
	s := Summary{Comparisons: []Paired{{A: CellKey{Protocol: "a", Task: "t", Judge: "j", Cell: "x=1"},
		B: CellKey{Protocol: "b", Task: "t", Judge: "j", Cell: "x=2"}, Questions: 4, PValue: 0.5}}}
	var b bytes.Buffer
	if err := WriteComparisons(&b, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if !hasRow(b.String(), "t", "j", "x=1", "a", "b (x=2)") {
		t.Errorf("want a row t | j | x=1 | a | b (x=2):\n%s", b.String())
	}
}

// hasRow says whether a Markdown table holds a row whose first cells
// are cells, in order, however padded.
func hasRow(table string, cells ...string) bool {
	for _, line := range strings.Split(table, "\n") {
		fields := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(fields) < len(cells) {
			continue
		}
		ok := true
		for i, c := range cells {
			ok = ok && strings.TrimSpace(fields[i]) == c
		}
		if ok {
			return true
		}
	}
	return false
}

// TestComparisonsMarkdownEscapesPipes: a label with a pipe keeps its
// Markdown row whole in the comparisons table, as in the cells' table.
func TestComparisonsMarkdownEscapesPipes(t *testing.T) {
	s := Summary{Comparisons: []Paired{{A: CellKey{Protocol: "a|1", Task: "t", Judge: "j"},
		B: CellKey{Protocol: "b", Task: "t", Judge: "j"}, Questions: 4, PValue: 0.5}}}
	var b bytes.Buffer
	if err := WriteComparisons(&b, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `a\|1`) {
		t.Errorf("the pipe is not escaped:\n%s", b.String())
	}
}

// TestUpperBoundsOnlyGold: only a cell whose judge read the gold answer
// is marked an upper bound; one that read another agent's reference is
// not.
func TestUpperBoundsOnlyGold(t *testing.T) {
	s := Summary{Cells: []Cell{
		{Protocol: "gold", Task: "t", Judge: "j", Reference: &ReferenceSplit{Source: "gold", UpperBound: true}},
		{Protocol: "agent", Task: "t", Judge: "j", Reference: &ReferenceSplit{Source: "agent", Agent: "m"}},
		{Protocol: "none", Task: "t", Judge: "j"},
	}}
	got := UpperBounds(s)
	want := map[CellKey]string{{Protocol: "gold", Task: "t", Judge: "j"}: MarkUpperBound}
	if len(got) != len(want) || got[CellKey{Protocol: "gold", Task: "t", Judge: "j"}] != MarkUpperBound {
		t.Errorf("UpperBounds = %v, want %v", got, want)
	}
}

// TestCSVCellColumnsByHand: a cell's row has its unparsed and failed
// counts, its first-slot preference, ECE and Brier score each in the
// column of its name (the golden table checks them only as a whole).
func TestCSVCellColumnsByHand(t *testing.T) {
	pref := 0.6
	s := Summary{Cells: []Cell{{Protocol: "p", Kind: "direct", Task: "t", Judge: "j", N: 10, Correct: 6, Unparsed: 1, Failed: 2,
		Accuracy: 0.6, Interval: Interval{CILow: 0.3, CIHigh: 0.85, CIMethod: MethodWilson},
		Position:    &PositionBias{Pairs: 5, Consistent: 4, Consistency: 0.8, Verdicts: 10, FirstSlot: 6, FirstSlotPreference: &pref},
		Calibration: &Calibration{N: 10, ECE: 0.1, Brier: 0.2}}}}
	got := csvColumns(t, s)[0]
	for col, v := range map[string]string{"unparsed": "1", "failed": "2", "consistency": "0.8000",
		"first_slot_preference": "0.6000", "ece": "0.1000", "brier": "0.2000", "ci_low": "0.3000", "ci_high": "0.8500"} {
		if got[col] != v {
			t.Errorf("%s = %q, want %q", col, got[col], v)
		}
	}
}

// TestEloByHand: the CSV has each player's games and wins in their own
// columns; the note explains ∞ wherever a rating is unbounded on a side.
func TestEloByHand(t *testing.T) {
	s := Summary{Elo: []Rating{{Player: "ace/correct", Rating: 1100, Interval: Interval{CILow: 1050, CIHigh: 1150}, Games: 5, Wins: 3},
		{Player: "mute/incorrect", Rating: 900, Interval: Interval{CILow: 850, CIHigh: 950}, Games: 5, Wins: 2, Unbounded: UnboundedAbove}}}
	var b bytes.Buffer
	if err := WriteElo(&b, s, FormatCSV); err != nil {
		t.Fatal(err)
	}
	rows := namedRows(t, b.String())
	if rows[0]["games"] != "5" || rows[0]["wins"] != "3" || rows[1]["wins"] != "2" || rows[1]["unbounded"] != UnboundedAbove {
		t.Errorf("rows %v; want ace 3 wins of 5 games, mute 2, unbounded above", rows)
	}
	if note := EloNote(s.Elo, false); !strings.Contains(note, "∞: a player that never lost") {
		t.Errorf("a rating unbounded above, and the note does not explain ∞:\n%s", note)
	}
}
