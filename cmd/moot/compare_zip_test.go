package main

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// eps are debate episodes on one task and judge, one in each sweep cell
// named.
func eps(cells ...string) []transcript.Episode {
	var out []transcript.Episode
	for _, c := range cells {
		out = append(out, transcript.Episode{Protocol: "debate", Task: "qa", Judge: "j", Cell: c})
	}
	return out
}

// TestCompareSaysWhatAZippedAxisDoes: an axis one run alone varies is
// pooled where a compared cell holds several of its values, and said to
// go with the shared axes where each holds one (zipped with a shared
// axis), not said to pool every value.
func TestCompareSaysWhatAZippedAxisDoes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		a     []transcript.Episode
		want  string
		wrong string
	}{
		{"zipped", eps("x=1,y=a", "x=2,y=b"), "Varied in A alone, one value in each cell above (with the axes both vary): y (a, b).", "Pooled in A"},
		{"crossed", eps("x=1,y=a", "x=1,y=b", "x=2,y=a", "x=2,y=b"), "Pooled in A, which B does not vary: y (a, b);", "Varied in A"},
	} {
		pooledA, _, _ := onShared(tt.a, eps("x=1", "x=2"))
		var out strings.Builder
		writePooled(&out, "A", "B", pooledA)
		if !strings.Contains(out.String(), tt.want) || strings.Contains(out.String(), tt.wrong) {
			t.Errorf("%s: %q; want %q", tt.name, out.String(), tt.want)
		}
	}
}

// TestCompareTakesANumberAsOne: a sweep value written 0.50 in one file and
// 0.5 in the other names one cell: the second run's cells take the
// first's text, so that they pair, and each renaming is returned. Names
// and numbers the first run lacks are left as written.
func TestCompareTakesANumberAsOne(t *testing.T) {
	a := eps("d=0,r=1", "d=0.50,r=1", "d=1.0,r=3", "d=1.0,j=big")
	b := eps("d=0,r=1", "d=0.5,r=1", "d=1,r=3.0", "d=1,j=big", "d=2,r=1", "d=3,j=small")
	renamed := sameNumbers(a, b)
	var got []string
	for _, ep := range b {
		got = append(got, ep.Cell)
	}
	want := []string{"d=0,r=1", "d=0.50,r=1", "d=1.0,r=3", "d=1.0,j=big", "d=2,r=1", "d=3,j=small"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("b's cells: %q; want %q", got, want)
	}
	if w := "d 0.5 as 0.50; d 1 as 1.0; r 3.0 as 3"; strings.Join(renamed, "; ") != w {
		t.Errorf("renamed: %q; want %q", strings.Join(renamed, "; "), w)
	}
	// Names that read as one number, two in a run (agents 1.1 and
	// 1.10), are names: the axis is left as written. So are inf and Inf.
	a = eps("judge=1.1", "judge=1.10", "x=inf")
	b = eps("judge=1.1", "judge=1.10", "x=Inf")
	if renamed := sameNumbers(a, b); len(renamed) > 0 || b[1].Cell != "judge=1.10" || b[2].Cell != "x=Inf" {
		t.Errorf("names that read as numbers: renamed %q, b's cells %q, %q; want none renamed", renamed, b[1].Cell, b[2].Cell)
	}
}
