package analysis

import (
	"testing"
	"time"
)

// TestQuestionGroupsJoin: a question named in two groups joins them,
// named by the least key whatever the order; a question that names
// itself, or no group, has none.
func TestQuestionGroupsJoin(t *testing.T) {
	var g questionGroups
	g.add("q1", "q1")
	g.add("q2", "")
	if g.any() || g.unit("q1") != "q1" {
		t.Fatalf("no groups named: any %v, unit(q1) %q", g.any(), g.unit("q1"))
	}
	g.add("q1", "gb")
	g.add("q2", "gc")
	g.add("q3", "ga")
	g.add("q4", "gd")
	g.add("q1", "gc") // joins gb and gc
	g.add("q2", "ga") // joins them with ga
	for _, q := range []string{"q1", "q2", "q3"} {
		if u := g.unit(q); u != "ga" {
			t.Errorf("unit(%s) = %q; want ga", q, u)
		}
	}
	if u := g.unit("q4"); u != "gd" {
		t.Errorf("unit(q4) = %q; want gd", u)
	}
	done := make(chan struct{})
	go func() {
		g.add("q1", "gc") // already joined: nothing changes
		g.add("q3", "gb")
		_ = g.unit("q1")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("joining groups already joined loops")
	}
	if u := g.unit("q1"); u != "ga" {
		t.Errorf("after joining again, unit(q1) = %q; want ga", u)
	}
}

// TestGroupsDrawn: groups are drawn where there are two or more, fewer
// than the questions.
func TestGroupsDrawn(t *testing.T) {
	for _, c := range []struct {
		units, questions int
		want             bool
	}{{2, 3, true}, {1, 3, false}, {3, 3, false}, {2, 2, false}, {0, 0, false}} {
		if got := groupsDrawn(c.units, c.questions); got != c.want {
			t.Errorf("groupsDrawn(%d, %d) = %v; want %v", c.units, c.questions, got, c.want)
		}
	}
}
