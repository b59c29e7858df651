package mad_test

import (
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/mad"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestDecideWithoutAWord: a moderator that said nothing names no side, so
// the debate goes on to its next round, as its step says.
func TestDecideWithoutAWord(t *testing.T) {
	p := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\n")
	if got := p.(protocols.Decider).Decide("moderate-1", nil); got != "to-round-2" {
		t.Errorf("Decide(moderate-1, nothing said) = %q; want to-round-2", got)
	}
}

// TestSettleOnA: with verdict: moderator, a last remark preferring A
// settles the debate on A (slot 0), as one preferring B does on B.
func TestSettleOnA(t *testing.T) {
	p := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\nverdict: moderator\n")
	if slot, how, ok := p.(protocols.Settler).Settle([]string{"Preference: none", "Preference: A"}); !ok || slot != 0 || how != mad.VerdictModerator {
		t.Errorf("Settle after A = %d, %q, %v; want 0, %q, true", slot, how, ok, mad.VerdictModerator)
	}
}
