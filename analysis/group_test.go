package analysis

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

func TestSummarizeByErrors(t *testing.T) {
	_, err := SummarizeBy("e", 1, nil, []string{"task", "model"})
	if !errors.Is(err, ErrUnknownField) {
		t.Fatalf("got error %v; want ErrUnknownField", err)
	}
	if want := "protocol, kind, cell, task, judge, assignment, repeat"; !strings.Contains(err.Error(), `"model"`) || !strings.Contains(err.Error(), want) {
		t.Errorf("got error %q; want it to name \"model\" and list %q", err, want)
	}
	if _, err := SummarizeBy("e", 1, nil, []string{"task", "task"}); err == nil {
		t.Errorf("task twice: got no error; want one")
	}
}

func TestSummarizeByDefaultIsSummarize(t *testing.T) {
	eps := goldenEpisodes()
	got, err := SummarizeBy("e", 3, eps, []string{"protocol", "task", "judge"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Summarize("e", 3, eps), got); diff != "" {
		t.Errorf("default grouping (-Summarize +SummarizeBy):\n%s", diff)
	}
	if got.By != nil || len(got.Comparisons) == 0 {
		t.Errorf("got By %v and %d comparisons; want no By and comparisons", got.By, len(got.Comparisons))
	}
}

func TestSummarizeBy(t *testing.T) {
	ep := func(protocol, kind, judge, assignment string, repeat, answer int) transcript.Episode {
		e := episode(protocol, kind, "t", judge, "q", assignment, answer, "")
		e.Repeat = repeat
		return e
	}
	eps := []transcript.Episode{
		ep("debate", "debate", "j", "correct-first", 0, 0),
		ep("debate", "debate", "j", "correct-second", 0, 1),
		ep("consult", "consultancy", "j", "assigned-correct", 0, 0),
		ep("debate", "debate", "j2", "correct-first", 1, 0),
	}
	tests := []struct {
		name string
		by   []string
		want []Cell // only the fields checked below
	}{
		{"judge", []string{"judge"}, []Cell{
			{Task: "t", Judge: "j", N: 3, Correct: 2},
			{Protocol: "debate", Kind: "debate", Task: "t", Judge: "j2", N: 1, Correct: 1},
		}},
		{"kind, repeat", []string{"kind", "repeat"}, []Cell{
			{Protocol: "debate", Kind: "debate", Task: "t", Judge: "j", Repeat: intPtr(0), N: 2, Correct: 1},
			{Protocol: "consult", Kind: "consultancy", Task: "t", Judge: "j", Repeat: intPtr(0), N: 1, Correct: 1},
			{Protocol: "debate", Kind: "debate", Task: "t", Judge: "j2", Repeat: intPtr(1), N: 1, Correct: 1},
		}},
		{"assignment", []string{"assignment"}, []Cell{
			{Protocol: "debate", Kind: "debate", Task: "t", Assignment: "correct-first", N: 2, Correct: 2},
			{Protocol: "debate", Kind: "debate", Task: "t", Judge: "j", Assignment: "correct-second", N: 1},
			{Protocol: "consult", Kind: "consultancy", Task: "t", Judge: "j", Assignment: "assigned-correct", N: 1, Correct: 1},
		}},
		{"nothing", []string{}, []Cell{{Task: "t", N: 4, Correct: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := SummarizeBy("e", 1, eps, tt.by)
			if err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(s.By, tt.by) || s.By == nil || s.Comparisons != nil {
				t.Errorf("got By %v and comparisons %v; want By %v and no comparisons", s.By, s.Comparisons, tt.by)
			}
			var got []Cell
			for _, c := range s.Cells {
				got = append(got, Cell{Protocol: c.Protocol, Kind: c.Kind, Task: c.Task, Judge: c.Judge,
					Assignment: c.Assignment, Repeat: c.Repeat, N: c.N, Correct: c.Correct})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
		})
	}
}

func intPtr(i int) *int { return &i }

func TestSummarizeByPositionAcrossProtocols(t *testing.T) {
	// Grouped by judge, a cell holds two protocols; their pairs stay apart.
	var eps []transcript.Episode
	for _, p := range []string{"debate", "naive"} {
		eps = append(eps,
			episode(p, "debate", "t", "j", "q", "correct-first", 0, ""),
			episode(p, "debate", "t", "j", "q", "correct-second", 0, ""))
	}
	s, err := SummarizeBy("e", 1, eps, []string{"judge"})
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Cells[0].Position; p == nil || p.Pairs != 2 || p.Consistent != 2 {
		t.Errorf("got position %+v; want 2 consistent pairs", p)
	}
}
