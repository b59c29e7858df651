package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// TestComparisonShowsAUnderAAndBUnderB: the paired comparisons' table has
// A's accuracy under "Accuracy A", B's under "Accuracy B" and B − A under
// "Δ B−A", each read by its heading.
func TestComparisonShowsAUnderAAndBUnderB(t *testing.T) {
	p := analysis.Paired{A: analysis.CellKey{Protocol: "consultancy", Task: "t", Judge: "j"},
		B: analysis.CellKey{Protocol: "debate", Task: "t", Judge: "j"}, Questions: 20,
		AccuracyA: 0.6, AccuracyB: 0.85, Difference: 0.25}
	s := comparisonSection(analysis.Summary{Comparisons: []analysis.Paired{p}}, nil)
	if len(s.Rows) != 1 {
		t.Fatalf("rows %q; want one", s.Rows)
	}
	for heading, want := range map[string]string{"A": "consultancy", "B": "debate", "Questions": "20",
		"Accuracy A": "60.0%", "Accuracy B": "85.0%", "Δ B−A": "+25.0 pp"} {
		i := slices.Index(s.Header, heading)
		if i < 0 {
			t.Errorf("no column %q in %q", heading, s.Header)
			continue
		}
		if got := s.Rows[0][i]; got != want {
			t.Errorf("%s: got %q; want %q", heading, got, want)
		}
	}
}

// TestDebaterSectionCountsEachSide: each side's wins are its own, beside
// its own rate; a side with no debates is n/a.
func TestDebaterSectionCountsEachSide(t *testing.T) {
	right, wrong := 0.75, 0.2
	cells := []analysis.Cell{{Protocol: "debate", Task: "t", Judge: "j", Debaters: []analysis.DebaterRate{
		{Agent: "strong", CorrectN: 8, CorrectWins: 6, CorrectWinRate: &right, IncorrectN: 5, IncorrectWins: 1, IncorrectWinRate: &wrong},
		{Agent: "weak", CorrectN: 3, CorrectWins: 3, CorrectWinRate: new(1.0)},
	}}}
	s := debaterSection(cells)
	want := [][]string{
		{"debate", "t", "j", "strong", "8", "75.0% (6)", "5", "20.0% (1)"},
		{"debate", "t", "j", "weak", "3", "100.0% (3)", "0", "n/a"},
	}
	if !slices.EqualFunc(s.Rows, want, slices.Equal) {
		t.Errorf("got %q; want %q", s.Rows, want)
	}
}

// TestEloSections: the Elo table has each player's games and wins under
// their headings, the Elo-accuracy table each debater's debates.
func TestEloSections(t *testing.T) {
	s := eloSection([]analysis.Rating{{Player: "strong", Rating: 1612.4, Games: 40, Wins: 31}}, false)
	if want := []string{"Player", "Elo", "95% CI", "Games", "Wins"}; !slices.Equal(s.Header, want) {
		t.Fatalf("header %q; want %q", s.Header, want)
	}
	if got := s.Rows[0]; got[1] != "1612" || got[3] != "40" || got[4] != "31" {
		t.Errorf("got %q; want Elo 1612, 40 games, 31 wins", got)
	}
	a := eloAccuracySection([]analysis.DebaterAccuracy{{Agent: "strong", Elo: 1500.6, Accuracy: 0.625, Debates: 16}})
	if want := []string{"strong", "1501", "62.5%", "16"}; !slices.Equal(a.Rows[0], want) {
		t.Errorf("got %q; want %q", a.Rows[0], want)
	}
}

// TestUsageCosts: a cost under a cent keeps six places, one above two;
// the listed cost is "—" only where cached calls were listed at nothing
// (a summary written before listed costs were kept), else the listed
// cost, or the paid cost where none was listed.
func TestUsageCosts(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{0, "$0"}, {0.0042, "$0.004200"}, {0.00999, "$0.009990"}, {0.01, "$0.01"}, {12.345, "$12.35"}} {
		if got := usd(tc.x); got != tc.want {
			t.Errorf("usd(%v): got %q; want %q", tc.x, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name string
		u    analysis.Usage
		want string
	}{
		{"listed", analysis.Usage{CostUSD: 1.5, ListCostUSD: 2.25, CachedCalls: 3}, "$2.25"},
		{"nothing cached, none listed", analysis.Usage{CostUSD: 1.5}, "$1.50"},
		{"cached, none listed", analysis.Usage{CostUSD: 1.5, CachedCalls: 3}, "—"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := listedCost(tc.u); got != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}

// TestMethodName: an interval's method names the groups of questions it
// was drawn over where the questions share some, one group as such, and
// none where they share none; a breakdown part that names no method is
// Wilson's.
func TestMethodName(t *testing.T) {
	for _, tc := range []struct {
		m      string
		groups int
		want   string
	}{
		{analysis.MethodBootstrap, 0, fmt.Sprintf("bootstrap over questions (%d)", analysis.Resamples)},
		{analysis.MethodBootstrap, 1, fmt.Sprintf("bootstrap over questions, of one group (%d)", analysis.Resamples)},
		{analysis.MethodBootstrap, 2, fmt.Sprintf("bootstrap over 2 groups of questions (%d)", analysis.Resamples)},
		{analysis.MethodWilsonQuestions, 0, "Wilson over questions"},
		{analysis.MethodWilsonQuestions, 3, "Wilson over 3 groups of questions"},
		{analysis.MethodWilson, 5, "Wilson"},
	} {
		if got := methodName(tc.m, tc.groups); got != tc.want {
			t.Errorf("methodName(%q, %d): got %q; want %q", tc.m, tc.groups, got, tc.want)
		}
	}
	rows := cellRows(analysis.Summary{Cells: []analysis.Cell{{Protocol: "p", Task: "t", Judge: "j", N: 4, Correct: 2,
		Interval: analysis.Interval{CIMethod: analysis.MethodWilson}, Breakdown: []analysis.Part{{Assignment: "a", N: 4, Correct: 2, Accuracy: 0.5}}}}})
	if got := rows[0].Parts[0].Method; got != "Wilson" {
		t.Errorf("a part with no method: got %q; want Wilson", got)
	}
}

// TestConfidenceCountsCertainty: a verdict at probability 1 is counted,
// in the top bin; one at 0 (none given), unparsed or failed is not.
func TestConfidenceCountsCertainty(t *testing.T) {
	var c confidenceCounts
	ep := func(p float64, answer int, correct bool, err string) *transcript.Episode {
		return &transcript.Episode{Protocol: "debate", Verdict: transcript.Verdict{Answer: answer, Probability: p}, Correct: correct, Error: err}
	}
	c.add(ep(1, 0, true, ""))
	c.add(ep(1, 1, false, ""))
	c.add(ep(0, 0, true, ""))
	c.add(ep(0.9, transcript.Unparsed, false, ""))
	c.add(ep(0.9, 0, false, "503"))
	h := c.counts["debate"]
	if h == nil {
		t.Fatal("no counts; want the two verdicts at probability 1")
	}
	for k, what := range []string{"incorrect", "correct"} {
		total := 0
		for _, n := range h[k] {
			total += n
		}
		if h[k][confidenceBins-1] != 1 || total != 1 {
			t.Errorf("%s: top bin %d of %d counted; want 1 of 1", what, h[k][confidenceBins-1], total)
		}
	}
}

// TestEpisodeViewKeepsNonFiniteOut: a probability or score that is not
// finite (an episode held in memory, Write) reaches the page as none,
// which JSON can carry.
func TestEpisodeViewKeepsNonFiniteOut(t *testing.T) {
	nan := math.NaN()
	ep := transcript.Episode{Verdict: transcript.Verdict{Answer: 0, Probability: math.Inf(1)},
		Messages: []transcript.Message{{Score: &nan}}}
	v := newEpisodeView(&ep)
	if v.Verdict.Probability != 0 || v.Messages[0].Score != nil {
		t.Errorf("got probability %v score %v; want 0, nil", v.Verdict.Probability, v.Messages[0].Score)
	}
}

// TestCalibrationSeriesNamesItsRepeat: a summary grouped by repeat names
// each calibration series by the repeat the cell holds.
func TestCalibrationSeriesNamesItsRepeat(t *testing.T) {
	one := 1
	k := &analysis.Calibration{N: 4, Bins: []analysis.CalibrationBin{{Lo: 0.7, Hi: 0.8, N: 4, Confidence: 0.75, Accuracy: 0.5}}}
	s := calibrationFromCells([]analysis.Cell{{Protocol: "p", Task: "t", Judge: "j", Assignment: "a", Repeat: &one, Calibration: k}})
	if len(s) != 1 || s[0].Extra != "a · repeat 1" || s[0].Bins[7].N != 4 {
		t.Fatalf("got %+v; want one series, a · repeat 1, its 4 verdicts in bin 7", s)
	}
}

// TestReplicatesTablesReadByHeading: the replicated run's page shows a
// cell's SD only where it has more than one seed, its range as lowest–
// highest, and a comparison's seeds whose interval lies above 0 under
// "CI above 0", those below under "CI below 0".
func TestReplicatesTablesReadByHeading(t *testing.T) {
	a := analysis.CellKey{Protocol: "consultancy", Task: "t", Judge: "j"}
	b := analysis.CellKey{Protocol: "debate", Task: "t", Judge: "j"}
	ci := analysis.Interval{CILow: 0.3, CIHigh: 0.8, CIMethod: analysis.MethodReplicatesT}
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2, 3}, Cells: []analysis.ReplicateCell{
		{CellKey: a, Accuracy: []float64{0.4, 0.55, 0.7}, Replicates: 3, Mean: 0.55, SD: 0.15, Min: 0.4, Max: 0.7, N: 60, Interval: ci},
		{CellKey: b, Accuracy: []float64{0.5}, Seeds: []uint64{1}, Replicates: 1, Mean: 0.5, Min: 0.5, Max: 0.5, N: 20, Interval: ci},
	}, Comparisons: []analysis.ReplicateComparison{{A: a, B: b, Difference: []float64{0.1, 0.2, -0.1},
		OverSeeds: analysis.OverSeeds{Replicates: 3, Mean: 0.0667, SD: 0.1528, Interval: ci}, Higher: 2, Lower: 1}}}
	page, err := Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{
		`<td>consultancy</td><td>t</td><td>j</td><td class="num">3</td><td class="num">55.0%</td><td class="num">15.0</td><td class="num">40.0–70.0</td>`,
		`<td>debate</td><td>t</td><td>j</td><td class="num">1</td><td class="num">50.0%</td><td class="num">n/a</td><td class="num">50.0–50.0</td>`,
		`<td class="num">2 of 3</td><td class="num">1 of 3</td></tr>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page has no %s:\n%s", want, html)
		}
	}
}

// TestIndexListsAGradersGrade: the episode list's verdict column holds a
// grader's grade, not the slot letter its verdict was parsed from.
func TestIndexListsAGradersGrade(t *testing.T) {
	var x episodeIndex
	defer x.close()
	graded := transcript.Episode{EpisodeID: "g", Verdict: transcript.Verdict{Answer: 1, Slot: "B"},
		Graded: &transcript.Graded{Answer: 0, Call: transcript.GradeIncorrect}}
	plain := transcript.Episode{EpisodeID: "p", Verdict: transcript.Verdict{Answer: 0, Slot: "A"}, Correct: true}
	for _, ep := range []*transcript.Episode{&graded, &plain} {
		v := newEpisodeView(ep)
		x.add(&v)
	}
	verdict := slices.Index(indexColumns[:], "verdict")
	if got, want := x.values[verdict], []string{transcript.GradeIncorrect, "A"}; !slices.Equal(got, want) {
		t.Errorf("got verdicts %q; want %q", got, want)
	}
}

// TestChunksHoldChunkSizeEpisodes: episodes are packed ChunkSize to a
// chunk, the page's script finding episode i in chunk i / ChunkSize.
func TestChunksHoldChunkSizeEpisodes(t *testing.T) {
	s := chunkStore{inline: 10 * ChunkSize}
	for i := range ChunkSize + 1 {
		s.add(episodeView{ID: strconv.Itoa(i)})
	}
	if _, err := s.finish(); err != nil {
		t.Fatal(err)
	}
	if len(s.packed) != 2 {
		t.Fatalf("got %d chunks of %d episodes; want 2", len(s.packed), ChunkSize+1)
	}
	var first []episodeView
	unpackTest(t, s.packed[0], &first)
	if len(first) != ChunkSize || first[ChunkSize-1].ID != strconv.Itoa(ChunkSize-1) {
		t.Errorf("first chunk holds %d episodes; want %d, the first %d in order", len(first), ChunkSize, ChunkSize)
	}
}

// TestSweepContrastOverNoQuestions: a sweep line whose contrast shared no
// question states none.
func TestSweepContrastOverNoQuestions(t *testing.T) {
	l := analysis.SweepLine{Contrast: &analysis.Paired{}}
	if got := pairedContrast(analysis.Summary{})(l, "debate"); got != "" {
		t.Errorf("got %q; want no contrast", got)
	}
}

// TestCostPoints: a protocol's point on the accuracy-against-cost plot
// is its listed cost (what its calls cost made afresh, not what a rerun
// through the cache paid) over all its episodes, failed ones included,
// against its judge accuracy over the episodes judged; a protocol of no
// cost is named apart.
func TestCostPoints(t *testing.T) {
	sum := analysis.Summary{
		Cells: []analysis.Cell{
			{Protocol: "debate", Task: "a", N: 4, Correct: 3},
			{Protocol: "debate", Task: "b", N: 4, Correct: 3},
			{Protocol: "sim", Task: "a", N: 4, Correct: 2},
		},
		Usage: analysis.UsageSummary{ByProtocol: map[string]analysis.Usage{
			"debate": {CostUSD: 0.5, ListCostUSD: 2},
			"sim":    {},
		}},
	}
	xys, labels, free := costPoints(sum, map[string]int{"debate": 10, "sim": 4})
	if len(xys) != 1 || !slices.Equal(labels, []string{"debate"}) || !slices.Equal(free, []string{"sim"}) {
		t.Fatalf("got points %v labels %q free %q; want debate's alone, sim free", xys, labels, free)
	}
	if math.Abs(xys[0].X-0.2) > 1e-12 || math.Abs(xys[0].Y-0.75) > 1e-12 {
		t.Errorf("got (%v, %v); want ($2 / 10 episodes = 0.2, 6 of 8 = 0.75)", xys[0].X, xys[0].Y)
	}
}

// TestAccuracyPoints: the accuracy plot draws the first cell at the top,
// as the table lists it, each point at its accuracy with its interval as
// the distances down to its low bound and up to its high one, and each
// row named by its own cell.
func TestAccuracyPoints(t *testing.T) {
	cells := []analysis.Cell{
		{Protocol: "debate", Accuracy: 0.6, Interval: analysis.Interval{CILow: 0.5, CIHigh: 0.8}},
		{Protocol: "consultancy", Accuracy: 0.3, Interval: analysis.Interval{CILow: 0.1, CIHigh: 0.4}},
	}
	pts, names, _ := accuracyPoints(cells, func(c analysis.Cell) string { return c.Protocol })
	want := []struct {
		name               string
		x, y, below, above float64
	}{{"debate", 0.6, 1, 0.1, 0.2}, {"consultancy", 0.3, 0, 0.2, 0.1}}
	for i, w := range want {
		x, y := pts.XY(i)
		below, above := pts.XError(i)
		if math.Abs(x-w.x) > 1e-12 || y != w.y || math.Abs(below-w.below) > 1e-12 || math.Abs(above-w.above) > 1e-12 {
			t.Errorf("%s: got (%v, %v) −%v +%v; want (%v, %v) −%v +%v", w.name, x, y, below, above, w.x, w.y, w.below, w.above)
		}
		if got := names[int(y)]; got != w.name {
			t.Errorf("row at y %v: named %q; want %q", y, got, w.name)
		}
	}
}

// TestPhaseMapLabelsBMinusA: each point of a phase map is labelled with
// B − A in points, as its caption says (consultancy A, debate B here).
func TestPhaseMapLabelsBMinusA(t *testing.T) {
	page, err := Replicates(phaseSummary(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, s, _ := strings.Cut(string(page), `<figure id="phase-1">`)
	s, _, _ = strings.Cut(s, "</figure>")
	if !strings.Contains(s, "+25.0") || !strings.Contains(s, "-15.0") || strings.Contains(s, "-25.0") {
		t.Errorf("the phase map has no point labelled +25.0 and -15.0 (B − A of the means 0.25 and −0.15), or has -25.0")
	}
}

// TestPhaseExtent: a phase map's colour scale reaches the largest B − A
// either way, a loss as a gain, and at least 5 points.
func TestPhaseExtent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		means []float64
		want  float64
	}{
		{"small", []float64{0.01, -0.02}, 0.05},
		{"a gain", []float64{0.3, -0.1}, 0.3},
		{"a loss", []float64{0.1, -0.4}, 0.4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m analysis.PhaseMap
			for _, x := range tc.means {
				m.Points = append(m.Points, analysis.PhasePoint{Mean: x})
			}
			if got := phaseExtent(m); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("got %v; want %v", got, tc.want)
			}
		})
	}
}
