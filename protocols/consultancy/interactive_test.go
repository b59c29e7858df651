package consultancy_test

import (
	"context"
	"testing"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/transcript"
)

// TestInteractiveMachine: the judge asks after every round but the last.
func TestInteractiveMachine(t *testing.T) {
	p := protocoltest.Build(t, "consultancy", "judge: j\nconsultant: c\ninteractive: true\n")
	m := p.Machine()
	f := fsm.NewFSM(m.Initial, m.Events, nil)
	var states []string
	var roles []transcript.Role
	seats := p.Assignments()[0].Seats
	for f.Current() != m.Final {
		step := p.Step(f.Current())
		states = append(states, f.Current())
		roles = append(roles, seats[step.Seats[0]].Role)
		if err := f.Event(context.Background(), step.Event); err != nil {
			t.Fatalf("%s: %v", f.Current(), err)
		}
	}
	want := []string{"round-1", "ask-1", "round-2", "ask-2", "round-3", "judging"}
	wantRoles := []transcript.Role{transcript.RoleConsultant, transcript.RoleQuestioner, transcript.RoleConsultant, transcript.RoleQuestioner, transcript.RoleConsultant, transcript.RoleJudge}
	if len(states) != len(want) {
		t.Fatalf("states %v; want %v", states, want)
	}
	for i := range want {
		if states[i] != want[i] || roles[i] != wantRoles[i] {
			t.Errorf("step %d: %s by %s; want %s by %s", i, states[i], roles[i], want[i], wantRoles[i])
		}
	}
	plain := protocoltest.Build(t, "consultancy", "judge: j\nconsultant: c\n")
	if n := len(plain.Assignments()[0].Seats); n != 2 {
		t.Errorf("a consultancy that is not interactive has %d seats; want 2", n)
	}
}
