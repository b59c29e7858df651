package humanjudge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// oneProtocol is a run of one debate and, apart, one consultancy, whose
// questions each have two assignments: the correct answer first or
// second, the consultant arguing it or not.
const oneProtocol = `name: hj-position
seed: 11
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  weak-judge: {backend: sim, skill: 0.5, diligence: 0.2}
tasks:
  - {name: hidden-qa, generator: qa, n: 24, difficulty: 0.6}
protocols:
  - {name: debate, judge: weak-judge, debaters: strong, rounds: 1}
  - {name: consultancy, judge: weak-judge, consultant: strong, rounds: 1}
`

// TestAssignmentDoesNotFollowThePosition: which answer is correct (in a
// debate) or whether the consultant argues it (in a consultancy) must not
// follow from where an episode falls in an annotator's order. The
// rotation took question j's assignment from (j + slot) / P alone, so
// that a study of one protocol showed the correct answer as A, B, A, B…
// (a consultant honest every other episode): an annotator who answered by
// the episode's position, or who alternates as people tend to, judged
// better than the debate let them. A study begun before 2026-12-05
// (FixedRotation) keeps that rotation.
func TestAssignmentDoesNotFollowThePosition(t *testing.T) {
	x, recs := playFile(t, oneProtocol)
	for _, label := range []string{"debate", "consultancy"} {
		all, err := x.JudgeSeats(recs, Judge("ann"))
		if err != nil {
			t.Fatal(err)
		}
		seats := all[:0]
		for _, s := range all {
			if s.Protocol == label {
				seats = append(seats, s)
			}
		}
		for _, fixed := range []bool{false, true} {
			hits, n := 0, 0
			for seed := range uint64(4) {
				for slot := range 2 {
					h, k := parityHits(Assign(seats, Plan{Seed: seed, Slot: slot, FixedRotation: fixed}))
					if fixed && h != 0 && h != k {
						t.Errorf("%s, FixedRotation, seed %d, slot %d: the position tells the assignment in %d of %d episodes; want all or none, as a study begun before 2026-12-05", label, seed, slot, h, k)
					}
					hits, n = hits+max(h, k-h), n+k
				}
			}
			if share := float64(hits) / float64(n); !fixed && share > 0.7 {
				t.Errorf("%s: the position tells the assignment (or its opposite) in %d of %d episodes (%.0f%%); want about half", label, hits, n, 100*share)
			}
		}
	}
}

// parityHits counts the episodes of an annotator's order whose
// assignment the guess "the first assignment at even positions" gets
// right, of all.
func parityHits(order []*engine.JudgeSeat) (hits, n int) {
	for i, s := range order {
		rec := s.Verdict("Answer: A", nil, 0)
		first := strings.HasPrefix(rec.Assignment, "correct-first") || strings.HasPrefix(rec.Assignment, "assigned-correct")
		if first == (i%2 == 0) {
			hits++
		}
	}
	return hits, len(order)
}

// TestJoinKeepsTheRotation: a new study draws where each question's
// rotation starts, and says so in study.json; one begun before
// 2026-12-05 (no "rotation" there) keeps the fixed rotation for every
// annotator, so that one who resumes is not reassigned.
func TestJoinKeepsTheRotation(t *testing.T) {
	fresh := t.TempDir()
	if j, err := Join(fresh, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "alice", Slot: -1, DefaultSeed: 5}); err != nil || j.FixedRotation {
		t.Errorf("joining a new study: %+v, %v; want the drawn rotation", j, err)
	}
	if data, _ := os.ReadFile(filepath.Join(fresh, StudyFile)); !strings.Contains(string(data), `"rotation": "seeded"`) {
		t.Errorf("a new study.json: %s; want the rotation kept", data)
	}
	old := t.TempDir()
	before := `{"run": "run", "run_id": "id1", "seed": 5, "order": "spread", "episodes": "assignment-first", "annotators": [{"name": "alice", "slot": 0}]}`
	if err := os.WriteFile(filepath.Join(old, StudyFile), []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "carol"} {
		if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: name, Slot: -1, DefaultSeed: 5}); err != nil || !j.FixedRotation {
			t.Errorf("%s joining a study begun before: %+v, %v; want its fixed rotation", name, j, err)
		}
	}
}
