package engine

import (
	"maps"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestLockHeadGreedyReadsEitherZero: an agent's temperature 0 is greedy
// written as 0 or as 0.0 (a float where the lock says so), 0.7 and no
// temperature are not; a sweep's cell says it of the agents it sets.
func TestLockHeadGreedyReadsEitherZero(t *testing.T) {
	var h LockHead
	lock := "agents:\n  a: {settings: {temperature: 0}}\n  b: {settings: {temperature: 0.0}}\n  c: {settings: {temperature: 0.7}}\n  d: {backend: sim}\n" +
		"sweep:\n  cells:\n    - {name: t=0, agents: {c: {settings: {temperature: 0.0}}}}\n    - {name: t=1, agents: {a: {settings: {temperature: 1}}}}\n"
	if err := yaml.Unmarshal([]byte(lock), &h); err != nil {
		t.Fatal(err)
	}
	all, byCell := h.Greedy()
	if want := map[string]bool{"a": true, "b": true}; !maps.Equal(all, want) {
		t.Errorf("greedy %v; want %v", all, want)
	}
	if !maps.Equal(byCell["t=0"], map[string]bool{"c": true}) || !maps.Equal(byCell["t=1"], map[string]bool{"a": false}) {
		t.Errorf("by cell %v; want c greedy at t=0, a not at t=1", byCell)
	}
}
