package transcript

import "testing"

// TestDrawKeyOfOneDrawInOtherCells: one draw recorded under two sweep
// cells' names (a run that sweeps an axis and one that holds it fixed,
// whose cells are named otherwise) has one key; another draw, or the
// same draws with another verdict, another; a record without its
// messages' draws has none.
func TestDrawKeyOfOneDrawInOtherCells(t *testing.T) {
	ep := Episode{EpisodeID: "e1", Protocol: "debate", Cell: "judge.skill=0.2,strong.deception=0.5", Task: "qa", QuestionID: "q1",
		Judge: "j", Assignment: "correct-first", Messages: []Message{{Name: "Debater A", Draw: "d1"}, {Name: "Judge", Draw: "d2"}},
		Verdict: Verdict{Answer: 0}, Correct: true}
	key, ok := ep.DrawKey()
	if !ok {
		t.Fatal("no key for a record whose messages name their draws")
	}
	other := ep
	other.EpisodeID, other.Cell = "e9", "judge.skill=0.2"
	if k, _ := other.DrawKey(); k != key {
		t.Errorf("one draw under another cell's name: key %s; want %s", k, key)
	}
	redrawn := ep
	redrawn.Messages = []Message{{Name: "Debater A", Draw: "d1"}, {Name: "Judge", Draw: "d3"}}
	judged := ep
	judged.Verdict, judged.Correct = Verdict{Answer: 1}, false
	for name, e := range map[string]Episode{"another draw": redrawn, "another verdict": judged} {
		if k, _ := e.DrawKey(); k == key {
			t.Errorf("%s: the same key %s", name, k)
		}
	}
	undrawn := ep
	undrawn.Messages = []Message{{Name: "Debater A"}}
	if _, ok := undrawn.DrawKey(); ok {
		t.Error("a record whose message names no draw has a key")
	}
}
