package humanjudge

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

func questionOf(s *engine.JudgeSeat) string { return s.Task + "/" + s.QuestionID }

func TestJudgeSeatsLeaveOutVotes(t *testing.T) {
	_, recs, seats := testSeats(t, "ann")
	voted := 0
	for _, r := range recs {
		if r.Kind == "society" {
			voted++
		}
	}
	if voted == 0 {
		t.Fatal("the test run has no society episode")
	}
	if got, want := len(seats), len(recs)-voted; got != want {
		t.Errorf("%d judge seats of %d records (%d voted); want %d", got, len(recs), voted, want)
	}
	for _, s := range seats {
		if s.Kind == "society" {
			t.Errorf("seat of a society episode %s: a vote has no judge", s.ID)
		}
	}
}

func TestAssignOnceAQuestionBalanced(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	questions := map[string]bool{}
	for _, s := range seats {
		questions[questionOf(s)] = true
	}
	for slot := range 4 {
		got := Assign(seats, Plan{Seed: 3, Slot: slot})
		if len(got) != len(questions) {
			t.Errorf("slot %d: %d episodes; want one for each of the %d questions", slot, len(got), len(questions))
		}
		seen := map[string]bool{}
		count := map[string]int{}
		for _, s := range got {
			if seen[questionOf(s)] {
				t.Errorf("slot %d: question %s assigned twice", slot, questionOf(s))
			}
			seen[questionOf(s)] = true
			count[s.Protocol]++
		}
		// 8 questions over 4 protocols: 2 each.
		for _, p := range []string{"qa-without-article", "qa-with-article", "consultancy", "debate"} {
			if count[p] != 2 {
				t.Errorf("slot %d: %d episodes of %s; want 2 (counts %v)", slot, count[p], p, count)
			}
		}
		// Any 4 in a row are of the 4 protocols.
		first := map[string]bool{}
		for _, s := range got[:4] {
			first[s.Protocol] = true
		}
		if len(first) != 4 {
			t.Errorf("slot %d: the first 4 episodes are of %d protocols; want 4", slot, len(first))
		}
		if again := Assign(seats, Plan{Seed: 3, Slot: slot}); !slices.Equal(again, got) {
			t.Errorf("slot %d: a second assignment differs", slot)
		}
	}
}

func TestAssignSlotsSpreadProtocols(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	byQuestion := map[string]map[string]bool{}
	for slot := range 4 {
		for _, s := range Assign(seats, Plan{Seed: 3, Slot: slot}) {
			q := questionOf(s)
			if byQuestion[q] == nil {
				byQuestion[q] = map[string]bool{}
			}
			byQuestion[q][s.Protocol] = true
		}
	}
	for q, ps := range byQuestion {
		if len(ps) != 4 {
			t.Errorf("question %s: annotators in slots 0–3 judge it under %d protocols; want 4", q, len(ps))
		}
	}
	// Slots 4 to 7 judge the same protocols with the other assignment.
	a, b := Assign(seats, Plan{Seed: 3, Slot: 2}), Assign(seats, Plan{Seed: 3, Slot: 6})
	for i := range a {
		if a[i].Protocol != b[i].Protocol {
			t.Fatalf("episode %d: slot 2 judges %s, slot 6 %s; want the same protocol", i, a[i].Protocol, b[i].Protocol)
		}
		if a[i].Protocol == "debate" && a[i].ID == b[i].ID {
			t.Errorf("episode %d: slots 2 and 6 judge the same debate episode; want the other order", i)
		}
	}
}

func TestAssignRepeatAndN(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	all := Assign(seats, Plan{Seed: 3, Repeat: true})
	if len(all) != len(seats) {
		t.Fatalf("with Repeat: %d episodes; want all %d", len(all), len(seats))
	}
	ids := map[string]bool{}
	for _, s := range all {
		ids[s.ID] = true
	}
	if len(ids) != len(seats) {
		t.Errorf("with Repeat: %d distinct episodes; want %d", len(ids), len(seats))
	}
	a, b := Assign(seats, Plan{Seed: 3}), Assign(seats, Plan{Seed: 4})
	for _, n := range []int{1, 3} {
		if got := Assign(seats, Plan{Seed: 3, N: n}); !slices.Equal(got, a[:n]) {
			t.Errorf("N %d: %d episodes; want the first %d of the assignment", n, len(got), n)
		}
	}
	same := true
	for i := range a {
		same = same && questionOf(a[i]) == questionOf(b[i])
	}
	if same {
		t.Error("seeds 3 and 4 order the questions alike")
	}
}

func TestJoin(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name       string
		slot, want int
	}{{"alice", -1, 0}, {"bob", -1, 1}, {"alice", -1, 0}, {"carol", 0, 0}, {"dan", -1, 2}, {"bob", 1, 1}} {
		got, _, err := join(dir, "run", []string{"id1"}, tc.name, tc.slot, 7)
		if err != nil || got != tc.want {
			t.Errorf("join(%s, %d) = %d, %v; want %d", tc.name, tc.slot, got, err, tc.want)
		}
	}
	for _, slot := range []int{0, 2} {
		if _, _, err := join(dir, "run", []string{"id1"}, "bob", slot, 7); !errors.Is(err, ErrSlot) {
			t.Errorf("bob, in slot 1, asking for slot %d: %v; want ErrSlot", slot, err)
		}
	}
	for _, bad := range []string{"", ".hidden", "a/b", "..", strings.Repeat("x", 41), "名前", "study.json"} {
		if _, _, err := join(dir, "run", []string{"id1"}, bad, -1, 7); !errors.Is(err, ErrBadName) {
			t.Errorf("name %q: %v; want ErrBadName", bad, err)
		}
	}
	// Another run, under any name, is refused; the same run under another
	// path is known by its identity.
	if _, _, err := join(dir, "other", []string{"id2"}, "erin", -1, 7); !errors.Is(err, ErrOtherRun) {
		t.Errorf("a study of another run: %v; want ErrOtherRun", err)
	}
	if got, added, err := join(dir, "./run/", []string{"id1"}, "erin", -1, 7); err != nil || got != 3 || !added {
		t.Errorf("the run by another path: slot %d, added %v, %v; want slot 3, added", got, added, err)
	}
	// One who leaves (their run did not start) holds no slot.
	if err := Leave(dir, "erin"); err != nil {
		t.Fatal(err)
	}
	if got, _, err := join(dir, "run", []string{"id1"}, "fay", -1, 7); err != nil || got != 3 {
		t.Errorf("after erin left: fay's slot %d, %v; want 3", got, err)
	}
	// A run whose identity moot now reckons otherwise (id3), the study
	// holding the one it had (id1), is still the study's run, and the
	// study takes the new one.
	if got, _, err := join(dir, "run", []string{"id3", "id1"}, "alice", -1, 7); err != nil || got != 0 {
		t.Errorf("the run under its new identity: slot %d, %v; want alice's slot 0", got, err)
	}
	if _, _, err := join(dir, "run", []string{"id1"}, "alice", -1, 7); !errors.Is(err, ErrOtherRun) {
		t.Errorf("after the study took the new identity, the old one alone: %v; want ErrOtherRun", err)
	}
}

// TestAssignSpreadsNeighbouringIDs: questions whose ids differ only in
// their last characters (q-000 … q-199) come in an order that spreads
// them: an annotator's first 20 fall in many blocks of ten neighbouring
// ids (about 13 at random), not in two or three as by FNV-1a alone, the
// order a study begun before 2026-12-01 keeps.
func TestAssignSpreadsNeighbouringIDs(t *testing.T) {
	var seats []*engine.JudgeSeat
	for i := range 200 {
		id := fmt.Sprintf("q-%03d", i)
		seats = append(seats, &engine.JudgeSeat{Protocol: "debate", Task: "t", QuestionID: id, ID: id})
	}
	blocks := func(p Plan) int {
		seen := map[string]bool{}
		for _, s := range Assign(seats, p)[:20] {
			seen[s.QuestionID[:4]] = true
		}
		return len(seen)
	}
	for seed := range uint64(5) {
		if n := blocks(Plan{Seed: seed}); n < 9 {
			t.Errorf("seed %d: the first 20 questions fall in %d blocks of ten ids; want them spread (9 or more)", seed, n)
		}
		if n := blocks(Plan{Seed: seed, FNVOrder: true}); n > 5 {
			t.Errorf("seed %d, FNV order: the first 20 questions fall in %d blocks; want them together, as studies begun before keep them", seed, n)
		}
	}
}

// repeatedDebates are the debate seats of a test run of repeats: 2, taken
// over for annotator "ann": each question's four debates, both answer
// orders twice.
func repeatedDebates(t *testing.T) []*engine.JudgeSeat {
	t.Helper()
	_, _, all := fileSeats(t, strings.Replace(quickstart, "seed: 11\n", "seed: 11\nrepeats: 2\n", 1), "ann")
	var seats []*engine.JudgeSeat
	for _, s := range all {
		if s.Protocol == "debate" {
			seats = append(seats, s)
		}
	}
	if len(seats) != 8*4 {
		t.Fatalf("%d debate seats; want 4 for each of 8 questions", len(seats))
	}
	return seats
}

// sameOrders counts the questions that slots a and b of plan p judge
// under the same answer order (the debate's answers as shown).
func sameOrders(seats []*engine.JudgeSeat, p Plan, a, b int) int {
	p.Slot = a
	first := map[string][2]string{}
	for _, s := range Assign(seats, p) {
		first[questionOf(s)] = s.Request.View.Answers
	}
	p.Slot = b
	same := 0
	for _, s := range Assign(seats, p) {
		if first[questionOf(s)] == s.Request.View.Answers {
			same++
		}
	}
	return same
}

// TestAssignRepeatsGoThroughTheOrdersFirst: with repeats: 2 the next slot
// judges each question under its other answer order, not its other repeat
// of the same order (a review: slots 0 and 1 judged half the questions
// alike, those whose rotation fell on an order's first repeat),
// and slots 0 to 3 judge its four debates; an annotator going through the
// questions again (Repeat) sees the other order before a repeat. A study
// begun before 2026-12-05 (RunOrder) keeps the order it began in.
func TestAssignRepeatsGoThroughTheOrdersFirst(t *testing.T) {
	seats := repeatedDebates(t)
	if same := sameOrders(seats, Plan{Seed: 3}, 0, 1); same != 0 {
		t.Errorf("slots 0 and 1 judge %d of 8 questions under the same answer order; want none", same)
	}
	if same := sameOrders(seats, Plan{Seed: 3}, 0, 2); same != 8 {
		t.Errorf("slots 0 and 2 judge %d of 8 questions under the same answer order; want all (the other repeat)", same)
	}
	ids := map[string]bool{}
	for slot := range 4 {
		for _, s := range Assign(seats, Plan{Seed: 3, Slot: slot}) {
			ids[s.ID] = true
		}
	}
	if len(ids) != len(seats) {
		t.Errorf("slots 0 to 3 judge %d distinct debates; want all %d", len(ids), len(seats))
	}
	// Two passes of one annotator: each question under both orders.
	twice := Assign(seats, Plan{Seed: 3, Repeat: true})[:16]
	orders := map[string]map[[2]string]bool{}
	for _, s := range twice {
		q := questionOf(s)
		if orders[q] == nil {
			orders[q] = map[[2]string]bool{}
		}
		orders[q][s.Request.View.Answers] = true
	}
	for q, o := range orders {
		if len(o) != 2 {
			t.Errorf("question %s: the first two passes show it under %d answer orders; want 2", q, len(o))
		}
	}
	if same := sameOrders(seats, Plan{Seed: 3, RunOrder: true, FixedRotation: true}, 0, 1); same != 4 {
		t.Errorf("RunOrder: slots 0 and 1 judge %d of 8 questions under the same answer order; want 4, as a study begun before 2026-12-05 did", same)
	}
}

// TestAssignListsEveryOrderBeforeARepeat: a question's debates are listed
// as Assign documents, each answer order's repeat 0 and then each
// order's repeat 1, and slot s judges question j (in the annotator's
// order) under the episode at (j + s + d_j) mod 4 of that list; d_j is 0
// with FixedRotation. A study's annotators keep their queues only while
// this list stays as it is.
func TestAssignListsEveryOrderBeforeARepeat(t *testing.T) {
	seats := repeatedDebates(t)
	firstOrder := map[string][2]string{}
	for _, s := range seats {
		if _, ok := firstOrder[questionOf(s)]; !ok {
			firstOrder[questionOf(s)] = s.Request.View.Answers
		}
	}
	for slot := range 4 {
		for j, s := range Assign(seats, Plan{Seed: 3, FixedRotation: true, Slot: slot}) {
			i := (j + slot) % 4
			wantRepeat, wantFirstOrder := i/2, i%2 == 0
			if s.Repeat != wantRepeat || (s.Request.View.Answers == firstOrder[questionOf(s)]) != wantFirstOrder {
				t.Errorf("slot %d, question %d: repeat %d, the run's first answer order %v; want repeat %d, first order %v (episode %d of the list)",
					slot, j, s.Repeat, s.Request.View.Answers == firstOrder[questionOf(s)], wantRepeat, wantFirstOrder, i)
			}
		}
	}
}

// TestAssignRotatesProtocolsWhateverTheRecordsOrder: a run stopped and
// resumed, or played in parallel, writes its records in the order its
// episodes finished, so a question's protocols come in an order of their
// own; the rotation still takes question j (in the annotator's order)
// under protocol (j + Slot) mod 4 of the protocols in the order they first
// appear in the records, so that each slot's protocols stay balanced.
func TestAssignRotatesProtocolsWhateverTheRecordsOrder(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	r := rand.New(rand.NewPCG(5, 6))
	r.Shuffle(len(seats), func(i, j int) { seats[i], seats[j] = seats[j], seats[i] })
	var protocols []string
	for _, s := range seats {
		if !slices.Contains(protocols, s.Protocol) {
			protocols = append(protocols, s.Protocol)
		}
	}
	for slot := range 4 {
		for j, s := range Assign(seats, Plan{Seed: 3, Slot: slot}) {
			if want := protocols[(j+slot)%len(protocols)]; s.Protocol != want {
				t.Errorf("slot %d, question %d: judged under %s; want %s (protocols in the records' order: %v)", slot, j, s.Protocol, want, protocols)
			}
		}
	}
}
