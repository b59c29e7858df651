package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/transcript"
)

// TestUnrenderedSkipsPieces: a prompts file's block named R.part is a
// seat's prompt, warned of where no seat of role R is rendered; a block
// named without a dot is a piece the seats' templates call ("question"),
// which the seats rendered may call, and is not warned of.
func TestUnrenderedSkipsPieces(t *testing.T) {
	p := &ProtocolEntry{Label: "critique", promptsSHA256: "f",
		promptsBlocks: []string{"question", "judge.user", "answerer.user", "turns"}}
	got := unrendered([]*ProtocolEntry{p}, map[*ProtocolEntry]map[transcript.Role]bool{p: {transcript.RoleJudge: true}})
	want := []string{"protocol critique: its prompts file defines answerer.user, which no seat of it renders as it is set (a dry run played every assignment), so it changes nothing"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
