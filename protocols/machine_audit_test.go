package protocols

import (
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestNoRoundZero: rounds count from 1, so "round-0" (or "moderate-0") is
// no state of a round, as "round--1" is not.
func TestNoRoundZero(t *testing.T) {
	for _, c := range []struct{ prefix, state string }{
		{roundPrefix, "round-0"}, {roundPrefix, "round--1"}, {"moderate-", "moderate-0"},
	} {
		if n, ok := NumberOf(c.prefix, c.state); ok {
			t.Errorf("NumberOf(%q, %q) = %d, true; want false: rounds count from 1", c.prefix, c.state, n)
		}
	}
	if n, ok := NumberOf("moderate-", NumberedState("moderate-", 1)); !ok || n != 1 {
		t.Errorf("NumberOf(moderate-1) = %d, %v; want 1, true", n, ok)
	}
}

// TestTopicOfAFamilyWithNoWords: with no text to name, a question of a
// family the prompts cannot name is just "a question" (as subject calls
// it "a question about a text").
func TestTopicOfAFamilyWithNoWords(t *testing.T) {
	if got := topic(transcript.Family("never-described-family")); got != "a question" {
		t.Errorf("topic(a family with no words) = %q; want %q", got, "a question")
	}
	if got := topic(transcript.FamilyCode); got != "a code question" {
		t.Errorf("topic(code) = %q; want %q", got, "a code question")
	}
}
