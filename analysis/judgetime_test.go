package analysis

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// timed is a debate episode judged by a person who took wall seconds over
// it, active of them at the page (nil: the page sent none); the debaters'
// turns are kept from the run judged again, as moot judge writes them.
func timed(question string, wall float64, active *float64) transcript.Episode {
	ep := episode("debate", "debate", "t", "human:ada", question, "correct-first", 0, "")
	ep.Messages = []transcript.Message{
		{Round: 1, Role: transcript.RoleDebater, Text: "A argues", Kept: true},
		{Round: 1, Role: transcript.RoleDebater, Text: "B argues", Kept: true},
		{Round: 1, Role: transcript.RoleJudge, Text: "an interim verdict", Aside: true, Seconds: 999},
		{Round: 1, Role: transcript.RoleJudge, Text: "Answer: A", Seconds: wall, ActiveSeconds: active},
	}
	return ep
}

// TestJudgeTimeByHand: the quartiles are type 7's, worked by hand
// (NumPy's percentile of [10, 20, 30, 40] at 25, 50, 75 is 17.5, 25,
// 32.5; of five, the order statistics themselves), the mean exact; a
// verdict without an active time counts in the wall time alone; an
// interim verdict (an aside) and the kept turns count in neither.
func TestJudgeTimeByHand(t *testing.T) {
	eps := []transcript.Episode{
		timed("q1", 40, ptr(10.0)), timed("q2", 25, ptr(30.0)), timed("q3", 482.125, ptr(40.0)),
		timed("q4", 30, ptr(20.0)), timed("q5", 12.5, nil),
	}
	want := &JudgeTime{
		Wall:   TimeStats{N: 5, Median: 30, Q1: 25, Q3: 40, Mean: (40 + 25 + 482.125 + 30 + 12.5) / 5},
		Active: &TimeStats{N: 4, Median: 25, Q1: 17.5, Q3: 32.5, Mean: 25},
	}
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 2, 0, 3, 1}} {
		var in []transcript.Episode
		for _, i := range order {
			in = append(in, eps[i])
		}
		s := Summarize("x", 1, in)
		if diff := cmp.Diff(want, s.Cells[0].JudgeTime); diff != "" {
			t.Errorf("order %v: JudgeTime (-want +got):\n%s", order, diff)
		}
	}
}

// TestJudgeTimeOfAGrader: a person who grades (moot judge on a run of
// the grade protocol) decides in the grader's seat: the grade is the
// verdict whose time counts.
func TestJudgeTimeOfAGrader(t *testing.T) {
	ep := timed("q1", 40, ptr(30.0))
	ep.Messages[len(ep.Messages)-1].Role = transcript.RoleGrader
	jt := Summarize("x", 1, []transcript.Episode{ep}).Cells[0].JudgeTime
	if jt == nil || jt.Wall.Median != 40 || jt.Active == nil || jt.Active.Median != 30 {
		t.Errorf("a person grading: JudgeTime %+v; want 40 s wall, 30 s active", jt)
	}
}

// TestNoJudgeTimeForAgents: a cell of agents, whose messages have no
// time, and a cell whose timed episodes all failed, have none; the
// terminal says nothing of it and table.csv gets no time columns.
func TestNoJudgeTimeForAgents(t *testing.T) {
	failed := timed("q1", 40, ptr(10.0))
	failed.Error = "the judge's server was down"
	s := Summarize("x", 1, []transcript.Episode{episode("debate", "debate", "t", "j", "q1", "correct-first", 0, ""), failed})
	if c := s.Cells[0]; c.JudgeTime != nil {
		t.Errorf("JudgeTime %+v; want none", c.JudgeTime)
	}
	if got := csvOf(t, s); strings.Contains(got, "seconds") {
		t.Errorf("table.csv has time columns:\n%s", got)
	}
}

// TestJudgeTimeShown: the terminal notes the medians, and table.csv has
// the time columns on the cell's own row, empty on its parts' rows and
// active ones empty for a cell without active times.
func TestJudgeTimeShown(t *testing.T) {
	eps := []transcript.Episode{timed("q1", 40, ptr(10.0)), timed("q2", 20, ptr(30.0))}
	eps[1].Assignment = "correct-second" // a cell of two parts
	other := timed("q1", 8, nil)
	other.Judge = "human:bo"
	other.Assignment = "correct-second"
	s := Summarize("x", 1, append(eps, other))
	text := textOf(t, s)
	for _, want := range []string{"median 20.0 s active, 30.0 s wall", "median 8.0 s wall"} {
		if !strings.Contains(text, want) {
			t.Errorf("terminal:\n%s\nwant %q", text, want)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(csvOf(t, s))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	at := slices.Index(rows[0], "timed")
	if at < 0 {
		t.Fatalf("table.csv header %q: no time columns", rows[0])
	}
	got := [][]string{}
	for _, r := range rows[1:] {
		got = append(got, append([]string{r[3], r[4]}, r[at:]...))
	}
	want := [][]string{
		{"human:ada", "", "2", "30.0000", "30.0000", "2", "20.0000", "15.0000", "25.0000", "20.0000"},
		{"human:ada", "correct-first", "", "", "", "", "", "", "", ""},
		{"human:ada", "correct-second", "", "", "", "", "", "", "", ""},
		{"human:bo", "", "1", "8.0000", "8.0000", "", "", "", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table.csv's time columns (-want +got):\n%s", diff)
	}
}

// TestJudgeTimeWrittenToFourPlaces: summary.json rounds the times as it
// rounds every float, to four places: a mean of a third of a second past
// a whole one is written 1.3333.
func TestJudgeTimeWrittenToFourPlaces(t *testing.T) {
	s := Summarize("x", 1, []transcript.Episode{timed("q1", 1, ptr(1.0)), timed("q2", 1, ptr(1.0)), timed("q3", 2, ptr(2.0))})
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `"judge_time":{"wall":{"n":3,"median":1,"q1":1,"q3":1.5,"mean":1.3333},"active":{"n":3,"median":1,"q1":1,"q3":1.5,"mean":1.3333}}`
	if !strings.Contains(string(data), want) {
		t.Errorf("summary.json:\n%s\nwant %s", data, want)
	}
}
