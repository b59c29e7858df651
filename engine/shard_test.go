package engine

import (
	"testing"
)

func TestShardsPartitionThePlanByQuestion(t *testing.T) {
	x := loadSmall(t)
	whole := x.Plan()
	const n = 5
	seen := map[string]int{}       // episode id → shard
	questionOf := map[string]int{} // question id → shard
	for i := 1; i <= n; i++ {
		x.Shard = &Shard{Index: i, Count: n}
		part := x.Plan()
		if len(part) == 0 {
			t.Errorf("shard %d/%d is empty", i, n)
		}
		for k, ep := range part {
			if k > 0 && ep.Index <= part[k-1].Index {
				t.Errorf("shard %d: episode %d after %d; want plan order", i, ep.Index, part[k-1].Index)
			}
			if whole[ep.Index].ID != ep.ID {
				t.Errorf("shard %d: episode %s has index %d, which is %s in the whole plan", i, ep.ID, ep.Index, whole[ep.Index].ID)
			}
			if s, ok := seen[ep.ID]; ok {
				t.Errorf("episode %s in shards %d and %d", ep.ID, s, i)
			}
			seen[ep.ID] = i
			if s, ok := questionOf[ep.Question.ID]; ok && s != i {
				t.Errorf("question %s split between shards %d and %d", ep.Question.ID, s, i)
			}
			questionOf[ep.Question.ID] = i
		}
	}
	if len(seen) != len(whole) {
		t.Errorf("the shards play %d episodes; want the plan's %d", len(seen), len(whole))
	}
}

func TestParseShard(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == JobCompletionIndex {
				return v
			}
			return ""
		}
	}
	for _, tc := range []struct {
		spec, index string
		want        Shard
		ok          bool
	}{
		{"1/4", "", Shard{1, 4}, true},
		{"4/4", "", Shard{4, 4}, true},
		{"k8s/4", "0", Shard{1, 4}, true},
		{"k8s/4", "3", Shard{4, 4}, true},
		{"k8s/4", "4", Shard{}, false},
		{"k8s/4", "", Shard{}, false},
		{"0/4", "", Shard{}, false},
		{"5/4", "", Shard{}, false},
		{"1/0", "", Shard{}, false},
		{"2", "", Shard{}, false},
	} {
		got, err := ParseShard(tc.spec, env(tc.index))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseShard(%q) with index %q = %v, %v; want %v, ok %v", tc.spec, tc.index, got, err, tc.want, tc.ok)
		}
	}
}
