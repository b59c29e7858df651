package engine

import (
	"slices"
	"testing"
)

// PlanCounts counts each protocol's episodes in the plan, by label, the
// labels in the order the plan first plays them: what listing the plan
// and counting gives.
func TestPlanCountsAgreeWithThePlan(t *testing.T) {
	x := loadSmall(t)
	for _, shard := range []*Shard{nil, {Index: 2, Count: 5}} {
		x.Shard = shard
		var wantLabels []string
		want := map[string]int{}
		for _, ep := range x.Plan() {
			if want[ep.Protocol.Label] == 0 {
				wantLabels = append(wantLabels, ep.Protocol.Label)
			}
			want[ep.Protocol.Label]++
		}
		labels, counts := x.PlanCounts()
		if !slices.Equal(labels, wantLabels) {
			t.Errorf("shard %v: labels %v; want %v", shard, labels, wantLabels)
		}
		for _, l := range wantLabels {
			if counts[l] != want[l] {
				t.Errorf("shard %v: %s has %d episodes; want %d", shard, l, counts[l], want[l])
			}
		}
		if len(counts) != len(want) {
			t.Errorf("shard %v: counts %v; want %v", shard, counts, want)
		}
	}
}

// small.yaml plans 12 questions: shard 2 of 5 plays those at positions
// 1, 6 and 11 (from 0), and names itself as --shard takes it.
func TestShardQuestionsAndName(t *testing.T) {
	x := loadSmall(t)
	if n, name := x.PlanQuestions(), x.ShardName(); n != 12 || name != "" {
		t.Errorf("whole plan: %d questions, shard %q; want 12 and \"\"", n, name)
	}
	x.Shard = &Shard{Index: 2, Count: 5}
	if n, name := x.PlanQuestions(), x.ShardName(); n != 3 || name != "2/5" {
		t.Errorf("shard 2/5: %d questions, named %q; want 3 and \"2/5\"", n, name)
	}
	all := x.Tasks[0].Questions
	var got []string
	for _, ep := range x.Plan() {
		if len(got) == 0 || got[len(got)-1] != ep.Question.ID {
			got = append(got, ep.Question.ID)
		}
	}
	if want := []string{all[1].ID, all[6].ID, all[11].ID}; !slices.Equal(got, want) {
		t.Errorf("shard 2/5 plays questions %v; want %v", got, want)
	}
}

// The dry run plays the first question of each shape a template may
// branch on: a text or none, shared or not, an exhibit or none.
func TestEachShapeOfEachTask(t *testing.T) {
	x := mustParse(t, "shapes.yaml", "name: shapes\nseed: 3\nagents:\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 6}\nprotocols:\n  - {name: direct, judge: j}\n")
	if got := x.planned().eachShapeOfEachTask(); !slices.Equal(got, []int{0}) {
		t.Fatalf("questions of one shape: %v; want [0]", got)
	}
	qs := x.Tasks[0].Questions
	qs[2].Exhibit = "a table every seat reads"
	qs[3].Exhibit = "another"
	qs[4].ContextShared = true
	qs[5].Context = ""
	if got, want := x.planned().eachShapeOfEachTask(), []int{0, 2, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("an exhibit at 2 and 3, a shared text at 4, none at 5: %v; want %v", got, want)
	}
}

// Episodes share a shape where they are of one protocol (as one cell
// plays it): small.yaml's five protocols are five shapes.
func TestShapesAreTheProtocols(t *testing.T) {
	x := loadSmall(t)
	p := x.planned()
	shapeOf := map[string]int{}
	labelOf := map[int]string{}
	for i := range p.Len() {
		label, shape := p.At(i).Protocol.Label, p.Shape(i)
		if s, ok := shapeOf[label]; ok && s != shape {
			t.Fatalf("%s: episodes of shapes %d and %d; want one", label, s, shape)
		}
		if l, ok := labelOf[shape]; ok && l != label {
			t.Fatalf("shape %d: episodes of %s and %s; want one protocol", shape, l, label)
		}
		shapeOf[label], labelOf[shape] = shape, label
	}
	if len(shapeOf) != 5 {
		t.Errorf("%d protocols; want small.yaml's 5", len(shapeOf))
	}
}
