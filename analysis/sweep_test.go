package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// sweepEpisodes makes a two-axis sweep of debate and consultancy on four
// questions: in cell (skill=s, rounds=r), question q is judged correctly
// iff q < correct[s][r]... as given by right.
func sweepEpisodes(right func(skill, rounds string, q int) bool) []transcript.Episode {
	var eps []transcript.Episode
	for q := range 4 {
		for _, p := range []string{"debate", "consultancy"} {
			for _, skill := range []string{"0.5", "0.9"} {
				for _, rounds := range []string{"1", "3"} {
					answer := 1
					if right(skill, rounds, q) {
						answer = 0
					}
					ep := episode(p, p, "qa", "j", fmt.Sprint("q", q), "assigned-correct", answer, "")
					ep.Cell = "strong.skill=" + skill + ",debate.rounds=" + rounds
					ep.EpisodeID += "/" + ep.Cell
					eps = append(eps, ep)
				}
			}
		}
	}
	return eps
}

// TestSummarySweepSection: the default cells keep the sweep's cells apart,
// the sweep section lists the axes in order and the accuracy along each,
// pooled over the other axis, and comparisons stay within a cell.
func TestSummarySweepSection(t *testing.T) {
	// Skill 0.9 gets every question right; 0.5 gets q0 and q1 with one
	// round, only q0 with three.
	eps := sweepEpisodes(func(skill, rounds string, q int) bool {
		return skill == "0.9" || q == 0 || q == 1 && rounds == "1"
	})
	s := Summarize("e", 1, eps)
	if len(s.Cells) != 8 {
		t.Fatalf("%d cells; want 8 (2 protocols × 4 sweep cells)", len(s.Cells))
	}
	if c := s.Cells[1]; c.Protocol != "debate" || c.Cell != "strong.skill=0.5,debate.rounds=3" || c.N != 4 || c.Correct != 1 {
		t.Errorf("cells[1] = %s %s n=%d correct=%d; want debate strong.skill=0.5,debate.rounds=3 n=4 correct=1", c.Protocol, c.Cell, c.N, c.Correct)
	}
	if s.Sweep == nil {
		t.Fatal("no sweep section")
	}
	wantAxes := []SweepAxis{{"strong.skill", []string{"0.5", "0.9"}}, {"debate.rounds", []string{"1", "3"}}}
	if diff := cmp.Diff(wantAxes, s.Sweep.Axes); diff != "" {
		t.Errorf("axes (-want +got):\n%s", diff)
	}
	if len(s.Sweep.Cells) != 8 || !slices.Equal(s.Sweep.Cells[1].Values, []string{"0.5", "3"}) || s.Sweep.Cells[1].Accuracy != s.Cells[1].Accuracy {
		t.Errorf("sweep cells[1] = %+v; want the values 0.5, 3 and the accuracy of cells[1]", s.Sweep.Cells[1])
	}
	type point struct {
		axis, protocol, value string
		cells, n, correct     int
	}
	var got []point
	for _, l := range s.Sweep.Lines {
		for _, p := range l.Points {
			got = append(got, point{l.Axis, l.Protocol, p.Value, p.Cells, p.N, p.Correct})
		}
	}
	want := []point{
		{"strong.skill", "debate", "0.5", 2, 8, 3}, {"strong.skill", "debate", "0.9", 2, 8, 8},
		{"debate.rounds", "debate", "1", 2, 8, 6}, {"debate.rounds", "debate", "3", 2, 8, 5},
		{"strong.skill", "consultancy", "0.5", 2, 8, 3}, {"strong.skill", "consultancy", "0.9", 2, 8, 8},
		{"debate.rounds", "consultancy", "1", 2, 8, 6}, {"debate.rounds", "consultancy", "3", 2, 8, 5},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(point{})); diff != "" {
		t.Errorf("points (-want +got):\n%s", diff)
	}
	for _, l := range s.Sweep.Lines {
		for _, p := range l.Points {
			if !(p.CILow <= p.Accuracy && p.Accuracy <= p.CIHigh) || p.CIMethod == "" {
				t.Errorf("%s %s=%s: accuracy %v outside its CI [%v, %v] (%s)", l.Protocol, l.Axis, p.Value, p.Accuracy, p.CILow, p.CIHigh, p.CIMethod)
			}
		}
	}
	for _, p := range s.Comparisons {
		if p.A.Cell == "" || p.A.Cell != p.B.Cell {
			t.Errorf("comparison %v vs %v crosses cells; want both in one cell", p.A, p.B)
		}
	}
	// With one axis, a point is a cell, with the very same interval.
	var single []transcript.Episode
	for _, ep := range eps {
		if strings.HasSuffix(ep.Cell, "debate.rounds=1") {
			ep.Cell = strings.TrimSuffix(ep.Cell, ",debate.rounds=1")
			single = append(single, ep)
		}
	}
	one := Summarize("e", 1, single)
	if c, p := one.Cells[0], one.Sweep.Lines[0].Points[0]; c.CILow != p.CILow || c.CIHigh != p.CIHigh || c.N != p.N {
		t.Errorf("one axis: cell n=%d [%v, %v], point n=%d [%v, %v]; want the same", c.N, c.CILow, c.CIHigh, p.N, p.CILow, p.CIHigh)
	}
	if len(s.Comparisons) != 4 {
		t.Errorf("%d comparisons; want one a cell, 4", len(s.Comparisons))
	}
}

// TestSummaryWithoutSweep: episodes without a cell give no sweep section
// and no cell in their cells.
func TestSummaryWithoutSweep(t *testing.T) {
	eps := []transcript.Episode{episode("debate", "debate", "qa", "j", "q0", "correct-first", 0, "")}
	s := Summarize("e", 1, eps)
	if s.Sweep != nil || s.Cells[0].Cell != "" {
		t.Errorf("sweep %v, cell %q; want none", s.Sweep, s.Cells[0].Cell)
	}
	md := markdownOf(t, s)
	if !strings.HasPrefix(md, "| Protocol | Task | Judge |") {
		t.Errorf("table header %q; want the columns of a run without a sweep", strings.SplitN(md, "\n", 2)[0])
	}
}

// TestTableBySweep: the default table has a column per axis; grouping by
// an axis pools the other; grouping by cell keeps the cells; an unknown
// axis is an error naming the sweep's axes.
func TestTableBySweep(t *testing.T) {
	eps := sweepEpisodes(func(skill, rounds string, q int) bool { return skill == "0.9" || q == 0 })
	md := markdownOf(t, Summarize("e", 1, eps))
	lines := strings.Split(md, "\n")
	if got, want := rowCells(lines[0])[:5], []string{"Protocol", "strong.skill", "debate.rounds", "Task", "Judge"}; !slices.Equal(got, want) {
		t.Errorf("header %q; want it to start %q", got, want)
	}
	if got, want := rowCells(lines[3])[:6], []string{"debate", "0.5", "3", "qa", "j", "4"}; !slices.Equal(got, want) {
		t.Errorf("row 2 %q; want it to start %q", got, want)
	}

	s, err := SummarizeBy("e", 1, eps, []string{FieldProtocol, "strong.skill"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.Cells {
		got = append(got, fmt.Sprintf("%s %s %d/%d", c.Protocol, c.Cell, c.Correct, c.N))
	}
	want := []string{"debate strong.skill=0.5 2/8", "debate strong.skill=0.9 8/8", "consultancy strong.skill=0.5 2/8", "consultancy strong.skill=0.9 8/8"}
	if !slices.Equal(got, want) {
		t.Errorf("by protocol, strong.skill: %q; want %q", got, want)
	}
	text := textOf(t, s)
	if got := rowCells(strings.Split(text, "\n")[1]); !slices.Equal(got[:3], []string{"Protocol", "strong.skill", "n"}) {
		t.Errorf("by an axis, the table has no column for it:\n%s", text)
	}

	s, err = SummarizeBy("e", 1, eps, []string{FieldCell})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Cells) != 4 || s.Cells[0].Cell != "strong.skill=0.5,debate.rounds=1" || s.Cells[0].N != 8 {
		t.Errorf("by cell: %d cells, first %q n=%d; want 4, strong.skill=0.5,debate.rounds=1 n=8", len(s.Cells), s.Cells[0].Cell, s.Cells[0].N)
	}

	_, err = SummarizeBy("e", 1, eps, []string{"strong.skil"})
	if !errors.Is(err, ErrUnknownField) || !strings.Contains(err.Error(), "debate.rounds, strong.skill") {
		t.Errorf("unknown axis: error %v; want ErrUnknownField naming the axes", err)
	}

	csv := csvOf(t, Summarize("e", 1, eps))
	if h := strings.SplitN(csv, "\n", 2)[0]; !strings.HasSuffix(h, ",brier,cell,strong.skill,debate.rounds") {
		t.Errorf("CSV header %q; want the cell and axis columns last", h)
	}
}

// rowCells splits a table row into its trimmed cells.
func rowCells(line string) []string {
	parts := strings.Split(strings.Trim(line, "|"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// TestSweepPooling checks what pools a sweep's cells and what keeps them
// apart: a grouping that names the default fields pools them (in any
// order), position-bias pairs stay within a cell, and a line along an axis
// that varies the judge is one line.
func TestSweepPooling(t *testing.T) {
	// Both orders of two questions in two cells: in the first the judge
	// always says the first slot, in the second always the correct
	// answer. judged makes the cells sweep the judge's bias, or the judge.
	judged := func(sweepJudge bool) []transcript.Episode {
		var eps []transcript.Episode
		for _, judge := range []string{"j1", "j2"} {
			for q := range 2 {
				for _, order := range []string{"correct-first", "correct-second"} {
					answer := 0
					if judge == "j1" && order == "correct-second" {
						answer = 1
					}
					ep := episode("debate", "debate", "qa", "j", fmt.Sprint("q", q), order, answer, "")
					ep.Cell = "j.position_bias=" + map[string]string{"j1": "10", "j2": "0"}[judge]
					if sweepJudge {
						ep.Judge, ep.Cell = judge, "debate.judge="+judge
					}
					ep.EpisodeID += "/" + ep.Cell
					eps = append(eps, ep)
				}
			}
		}
		return eps
	}
	eps := judged(false)
	for _, by := range [][]string{{FieldProtocol, FieldTask, FieldJudge}, {FieldProtocol, FieldJudge, FieldTask}} {
		s, err := SummarizeBy("e", 1, eps, by)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Cells) != 1 || s.Cells[0].N != 8 {
			t.Errorf("by %v: %d cells, first n=%d; want 1 of n=8, the sweep cells pooled", by, len(s.Cells), s.Cells[0].N)
		}
	}
	s, err := SummarizeBy("e", 1, eps, []string{FieldProtocol})
	if err != nil {
		t.Fatal(err)
	}
	p := s.Cells[0].Position
	if p == nil || p.Pairs != 4 || p.Consistent != 2 {
		t.Errorf("pooled position bias %+v; want 4 pairs (2 questions × 2 cells), 2 consistent", p)
	}
	full := Summarize("e", 1, judged(true))
	if len(full.Sweep.Lines) != 1 {
		t.Fatalf("%d lines along debate.judge; want 1", len(full.Sweep.Lines))
	}
	if l := full.Sweep.Lines[0]; l.Judge != "" || len(l.Points) != 2 || l.Points[0].Accuracy != 0.5 || l.Points[1].Accuracy != 1 {
		t.Errorf("line %+v; want no judge and two points, 50%% and 100%%", l)
	}
}

// TestSweepContrast: each line compares its axis's last value with its
// first, paired by question, pooled over the other axes.
func TestSweepContrast(t *testing.T) {
	// Skill 0.9 gets every question right, 0.5 only q0: +75 points.
	eps := sweepEpisodes(func(skill, rounds string, q int) bool { return skill == "0.9" || q == 0 })
	s := Summarize("e", 1, eps)
	for _, l := range s.Sweep.Lines {
		c := l.Contrast
		if c == nil {
			t.Fatalf("line %s/%s: no contrast", l.Axis, l.Protocol)
		}
		want := 0.0
		if l.Axis == "strong.skill" {
			want = 0.75
		}
		if c.A.Cell != l.Axis+"="+l.Points[0].Value || c.B.Cell != l.Axis+"="+l.Points[len(l.Points)-1].Value || c.Questions != 4 || c.Difference != want {
			t.Errorf("line %s/%s: contrast %+v; want %s first against last on 4 questions, difference %v", l.Axis, l.Protocol, c, l.Axis, want)
		}
		if want > 0 && !(c.CILow > 0) {
			t.Errorf("line %s/%s: interval [%v, %v]; want it above 0", l.Axis, l.Protocol, c.CILow, c.CIHigh)
		}
	}
	// The lines' contrasts are one family for Holm's method (from their p
	// before rounding to nine places: within 1e-8 of the rounded p's).
	var ps []float64
	for _, l := range s.Sweep.Lines {
		ps = append(ps, l.Contrast.PValue)
	}
	for i, want := range holmByDefinition(ps) {
		if c := s.Sweep.Lines[i].Contrast; c.PHolm == nil || math.Abs(*c.PHolm-want) > 1e-8 {
			t.Errorf("line %d: p Holm %v over the contrasts' p %v; want %v", i, deref(c.PHolm), ps, want)
		}
	}
}

// TestSweepAxesInTheSweepsOrder: the axes come in the order the cell
// names write them, though the first episode is of a protocol that only
// the second axis touches.
func TestSweepAxesInTheSweepsOrder(t *testing.T) {
	ep := func(protocol, cell string) transcript.Episode {
		return transcript.Episode{Protocol: protocol, Kind: protocol, Task: "t", Judge: "j", QuestionID: "q", Cell: cell, Correct: true}
	}
	s := Summarize("x", 1, []transcript.Episode{
		ep("alone", "judge.skill=0.3"), ep("debate", "debate.rounds=1,judge.skill=0.3"), ep("debate", "debate.rounds=2,judge.skill=0.3"),
	})
	if s.Sweep == nil || len(s.Sweep.Axes) != 2 || s.Sweep.Axes[0].Name != "debate.rounds" {
		t.Fatalf("axes %+v; want debate.rounds, then judge.skill", s.Sweep)
	}
	for _, c := range s.Sweep.Cells {
		if c.Protocol == "alone" && (c.Values[0] != "" || c.Values[1] != "0.3") {
			t.Errorf("alone's values %q; want no rounds, skill 0.3", c.Values)
		}
	}
}

// TestGroupByAnAxisLeavesAnUntouchedProtocolUnnamed: grouped by a sweep
// axis, a protocol that no axis touches has no value on it, and its cell
// names none ("*.rounds=" read as a value).
func TestGroupByAnAxisLeavesAnUntouchedProtocolUnnamed(t *testing.T) {
	eps := []transcript.Episode{
		{Protocol: "alone", Kind: "direct", Task: "t", Judge: "j", QuestionID: "q"},
		{Protocol: "debate", Kind: "debate", Task: "t", Judge: "j", QuestionID: "q", Cell: "*.rounds=2"},
	}
	s, err := SummarizeBy("x", 1, eps, []string{FieldProtocol, "*.rounds"})
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, c := range s.Cells {
		cells[c.Protocol] = c.Cell
	}
	if cells["alone"] != "" || cells["debate"] != "*.rounds=2" {
		t.Errorf("cells %q; want alone with none, debate at *.rounds=2", cells)
	}
}

// TestSweepNoteCountsNoCells: the note under the sweep lines gives no
// count of cells, which it cannot know as the run's header does (a zip
// makes fewer than the product of the axes; a protocol that only some
// axes touch has cells of its own): it said 9 where the header said 6,
// and 0 where no protocol met every axis.
func TestSweepNoteCountsNoCells(t *testing.T) {
	eps := sweepEpisodes(func(string, string, int) bool { return true })
	for q := range 4 {
		for _, skill := range []string{"0.5", "0.9"} {
			ep := episode("judge-alone", "direct", "qa", "j", fmt.Sprint("q", q), "as-given", 0, "")
			ep.Cell = "strong.skill=" + skill
			ep.EpisodeID += "/" + ep.Cell
			eps = append(eps, ep)
		}
	}
	if note := SweepNote(Summarize("e", 1, eps)); strings.Contains(note, "in all") || !strings.Contains(note, "Each value pools the other axes' cells;") {
		t.Errorf("note: %s", note)
	}
}

// TestSweepValueAllFailed: a value whose episodes all failed has no
// accuracy and its line no contrast: the terminal says n/a, not 0.0%, and
// summary.json holds no difference computed from no question.
func TestSweepValueAllFailed(t *testing.T) {
	eps := sweepEpisodes(func(skill, rounds string, q int) bool { return true })
	for i := range eps {
		if strings.HasPrefix(eps[i].Cell, "strong.skill=0.9") {
			eps[i].Error = "openai: connection refused"
		}
	}
	s := Summarize("e", 1, eps)
	lines := 0
	for _, l := range s.Sweep.Lines {
		if l.Axis != "strong.skill" {
			continue
		}
		lines++
		if l.Contrast != nil {
			t.Errorf("line %s/%s: contrast %+v over %d questions; want none", l.Axis, l.Protocol, *l.Contrast, l.Contrast.Questions)
		}
	}
	if lines == 0 {
		t.Fatal("no strong.skill line")
	}
	var b bytes.Buffer
	if err := WriteSweepLines(&b, s, FormatText); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "0.9: n/a") || strings.Contains(out, "0.9: 0.0%") {
		t.Errorf("sweep lines:\n%s\nwant the failed value as n/a", out)
	}
}

// TestSweepLinesInTableMarkdown: a run's table.md has, after its cells
// and comparisons and before the Elo ratings, the sweep's lines as the
// terminal shows them (WriteSweepLines), each line's change and its note;
// a run without a sweep has none.
func TestSweepLinesInTableMarkdown(t *testing.T) {
	s := Summarize("e", 1, sweepEpisodes(func(skill, rounds string, q int) bool { return skill == "0.9" || q == 0 }))
	var lines bytes.Buffer
	table := markdownOf(t, s)
	if err := WriteSweepLines(&lines, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	at := strings.Index(table, lines.String())
	if lines.Len() == 0 || at < 0 {
		t.Fatalf("table.md lacks the sweep lines:\n%s\nwant, within it:\n%s", table, lines.String())
	}
	if c := strings.Index(table, "| Δ B−A |"); c < 0 || c > at {
		t.Errorf("the comparisons at %d, the sweep lines at %d; want the comparisons first:\n%s", c, at, table)
	}
	if !strings.Contains(table[at:], "\nSweep lines: Each value pools the other axes' cells") {
		t.Errorf("no note under the sweep lines:\n%s", table[at:])
	}
	// Skill 0.9 is right on all four questions, 0.5 on one: +75 points.
	if row := strings.Split(lines.String(), "\n")[2]; !strings.Contains(row, " +75.0 |") {
		t.Errorf("the skill line %q; want its change +75.0", row)
	}
	eps := []transcript.Episode{episode("debate", "debate", "qa", "j", "q0", "correct-first", 0, "")}
	table = markdownOf(t, Summarize("e", 1, eps))
	if strings.Contains(table, "Sweep lines") {
		t.Errorf("a run without a sweep has sweep lines:\n%s", table)
	}
}

// TestSweepLinesCountGroups: where questions share groups, each point of a
// sweep line says how many (as a cell does), and the sweep lines' note says
// they are drawn together; without groups, neither.
func TestSweepLinesCountGroups(t *testing.T) {
	eps := sweepEpisodes(func(skill, rounds string, q int) bool { return skill == "0.9" || q == 0 })
	plain := Summarize("e", 1, eps)
	for i := range eps {
		eps[i].Group = fmt.Sprint("article-", eps[i].QuestionID[1]-'0' < 2) // q0, q1 and q2, q3
	}
	grouped := Summarize("e", 1, eps)
	for _, l := range grouped.Sweep.Lines {
		for _, p := range l.Points {
			if p.Questions != 4 || p.Groups != 2 {
				t.Errorf("line %s/%s, %s: %d questions in %d groups; want 4 in 2", l.Axis, l.Protocol, p.Value, p.Questions, p.Groups)
			}
		}
		if c := l.Contrast; c == nil || c.Groups != 2 {
			t.Errorf("line %s/%s: contrast %+v; want it over 2 groups", l.Axis, l.Protocol, c)
		}
	}
	if note := sweepLinesNote(grouped); !strings.Contains(note, pairedGroupsNote) {
		t.Errorf("sweep lines note %q does not say the groups are drawn together", note)
	}
	if note := sweepLinesNote(plain); strings.Contains(note, "group") || plain.Sweep.Lines[0].Points[0].Groups != 0 {
		t.Errorf("without groups: note %q, groups %d; want neither", note, plain.Sweep.Lines[0].Points[0].Groups)
	}
}

// TestSweepLinesOfRunsWithOtherValues: two runs pooled, one sweeping skill
// over 0.4 and 0.9, the other over 0.4, 0.6 and 0.9: the axis keeps both
// runs' order (0.4, 0.6, 0.9), not first appearance (0.4, 0.9, 0.6), and
// each line is contrasted between its own first and last values.
func TestSweepLinesOfRunsWithOtherValues(t *testing.T) {
	eps := skillRuns(map[string]int{"0.4": 2, "0.6": 4, "0.9": 6},
		skillRun{"s:debate", []string{"0.4", "0.9"}}, skillRun{"s2:debate", []string{"0.4", "0.6", "0.9"}})
	s := Summarize("e", 1, eps)
	if got := s.Sweep.Axes[0].Values; !slices.Equal(got, []string{"0.4", "0.6", "0.9"}) {
		t.Errorf("axis values %v; want [0.4 0.6 0.9]", got)
	}
	for _, l := range s.Sweep.Lines {
		c := l.Contrast
		if c == nil || c.A.Cell != "strong.skill=0.4" || c.B.Cell != "strong.skill=0.9" || !near(c.Difference, 4.0/6) {
			t.Errorf("line %s: contrast %+v; want 0.9 against 0.4, +66.7 points", l.Protocol, c)
		}
	}
	// Pooled into one line (one label: moot table --by without protocol),
	// numbers in no declared order are put in ascending order.
	for i := range eps {
		eps[i].Protocol = "debate"
	}
	pooled := Summarize("e", 1, eps)
	if got := pooled.Sweep.Axes[0].Values; !slices.Equal(got, []string{"0.4", "0.6", "0.9"}) {
		t.Errorf("one line's axis values %v; want [0.4 0.6 0.9]", got)
	}
	if c := pooled.Sweep.Lines[0].Contrast; c == nil || c.B.Cell != "strong.skill=0.9" {
		t.Errorf("one line: contrast %+v; want 0.9 against 0.4", c)
	}
	if got := numericOrder([]string{"0.9", "0.5", "0.1"}); !slices.Equal(got, []string{"0.9", "0.5", "0.1"}) {
		t.Errorf("a descending sweep: %v; want its order kept", got)
	}
	if got := mergeOrders([][]string{{"b", "a"}, {"a", "b"}}, []string{"a", "b", "c"}); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("orders that disagree: %v; want appearance order [a b c]", got)
	}
}

// TestSweepLineKeepsItsOwnOrder: a run sweeping skill down (0.8, then
// 0.45) tabled with one sweeping up (0.3, 0.6, 0.95): the axis lists its
// values ascending, and each line keeps its own order, its contrast last
// against first as its own run has it (the first run's line was put in the
// axis's order, and its contrast changed sign); the table has a column
// for each point a line has, not for each value of the axis.
func TestSweepLineKeepsItsOwnOrder(t *testing.T) {
	eps := skillRuns(map[string]int{"0.8": 5, "0.45": 2, "0.3": 1, "0.6": 3, "0.95": 6},
		skillRun{"down:debate", []string{"0.8", "0.45"}}, skillRun{"up:debate", []string{"0.3", "0.6", "0.95"}})
	s := Summarize("e", 1, eps)
	if got := s.Sweep.Axes[0].Values; !slices.Equal(got, []string{"0.3", "0.45", "0.6", "0.8", "0.95"}) {
		t.Errorf("axis values %v; want them ascending", got)
	}
	want := map[string]struct {
		a, b string
		d    float64
	}{"down:debate": {"0.8", "0.45", -3.0 / 6}, "up:debate": {"0.3", "0.95", 5.0 / 6}}
	for _, l := range s.Sweep.Lines {
		w, c := want[l.Protocol], l.Contrast
		if c == nil || c.A.Cell != "strong.skill="+w.a || c.B.Cell != "strong.skill="+w.b || !near(c.Difference, w.d) || l.Points[0].Value != w.a {
			t.Errorf("line %s: first point %s, contrast %+v; want %s to %s, %+.3f", l.Protocol, l.Points[0].Value, c, w.a, w.b, w.d)
		}
	}
	var buf strings.Builder
	if err := WriteSweepLines(&buf, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "value 4") || !strings.Contains(buf.String(), "value 3") {
		t.Errorf("the table's columns: want one for each of the 3 points a line has at most:\n%s", buf.String())
	}
}

// TestSweepPointsWhateverTheOrder: where a sweep varies the judge, a line
// along another axis pools the judges, and its points' intervals are the
// same whichever judge's episode comes first (a log in the order its
// episodes finished, summarized again by moot table).
func TestSweepPointsWhateverTheOrder(t *testing.T) {
	var eps []transcript.Episode
	for q := range 30 {
		for _, judge := range []string{"j1", "j2"} {
			for _, rounds := range []string{"1", "3"} {
				for r := range 3 {
					answer := (q*7 + r*3 + len(judge)*int(judge[1]) + len(rounds)) % 5 / 3 // mostly right, varied
					ep := episode("debate", "debate", "qa", judge, fmt.Sprint("q", q), "assigned-correct", answer, "")
					ep.Cell = "debate.judge=" + judge + ",debate.rounds=" + rounds
					ep.Repeat = r
					ep.EpisodeID += fmt.Sprintf("/%s/%d", ep.Cell, r)
					eps = append(eps, ep)
				}
			}
		}
	}
	reversed := slices.Clone(eps)
	slices.Reverse(reversed)
	points := func(eps []transcript.Episode) map[string]SweepPoint {
		out := map[string]SweepPoint{}
		for _, l := range Summarize("x", 1, eps).Sweep.Lines {
			if l.Axis == "debate.rounds" {
				for _, p := range l.Points {
					out[p.Value] = p
				}
			}
		}
		return out
	}
	forward, backward := points(eps), points(reversed)
	if len(forward) != 2 {
		t.Fatalf("points along debate.rounds: %+v; want 2", forward)
	}
	if diff := cmp.Diff(forward, backward); diff != "" {
		t.Errorf("the points of debate.rounds, in order and reversed (-forward +reversed):\n%s", diff)
	}
}

// TestSweepLinesKeepTheDeclaredOrder: the episodes of a line name its last
// declared value first (a log left in the order episodes finished): the
// order the runs declared is kept, and the contrast is last against
// first; orders two runs declared otherwise (one up, one down) are left
// aside for the order of the episodes.
func TestSweepLinesKeepTheDeclaredOrder(t *testing.T) {
	eps := skillRuns(map[string]int{"0.4": 2, "0.9": 5}, skillRun{"debate", []string{"0.9", "0.4"}})
	contrast := func(declared ...[]string) string {
		z := NewSummarizer("e", 1)
		for _, d := range declared {
			z.DeclareAxes([]SweepAxis{{Name: "strong.skill", Values: d}})
		}
		for i := range eps {
			z.Add(&eps[i])
		}
		c := z.Summary().Sweep.Lines[0].Contrast
		return fmt.Sprintf("%s-%s %+.3f", c.B.Cell, c.A.Cell, c.Difference)
	}
	up, down := []string{"0.4", "0.9"}, []string{"0.9", "0.4"}
	for _, tc := range []struct {
		name     string
		declared [][]string
		want     string
	}{
		{"none declared", nil, "strong.skill=0.4-strong.skill=0.9 -0.500"},
		{"declared up", [][]string{up}, "strong.skill=0.9-strong.skill=0.4 +0.500"},
		{"declared up twice", [][]string{up, {"0.4", "0.6", "0.9"}}, "strong.skill=0.9-strong.skill=0.4 +0.500"},
		{"declared both ways", [][]string{up, down}, "strong.skill=0.4-strong.skill=0.9 -0.500"},
	} {
		if got := contrast(tc.declared...); got != tc.want {
			t.Errorf("%s: contrast %s; want %s", tc.name, got, tc.want)
		}
	}
}
