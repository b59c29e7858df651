package protocols

import (
	"strings"
	"testing"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/transcript"
)

// fixedProtocol is a protocol of one assignment whose seats and steps a
// test sets: rounds rounds of speeches by seats speakers, then the judge,
// seat judge, unless steps gives the steps by state.
type fixedProtocol struct {
	Prompter
	seats    []Seat
	rounds   int
	speakers []int
	judge    int
	steps    map[string]Step
	machine  *Machine
	settings any
	rules    Rules
}

func (p *fixedProtocol) Settings() any          { return p.settings }
func (p *fixedProtocol) Common() *Common        { return &Common{Judge: "j"} }
func (p *fixedProtocol) Rules() Rules           { return p.rules }
func (p *fixedProtocol) Comparison() Comparison { return Comparison{Class: "fixed"} }

func (p *fixedProtocol) Machine() Machine {
	if p.machine != nil {
		return *p.machine
	}
	return RoundsMachine(p.rounds)
}

func (p *fixedProtocol) Step(state string) Step {
	if st, ok := p.steps[state]; ok {
		return st
	}
	return RoundsStep(state, p.rounds, p.speakers, false, p.judge)
}

func (p *fixedProtocol) Assignments() []Assignment {
	return []Assignment{{Name: "as-given", Seats: p.seats}}
}

// consultancyOf is a consultancy of rounds rounds: a consultant, seat 0,
// then the judge, seat 1.
func consultancyOf(rounds int) *fixedProtocol {
	return &fixedProtocol{rounds: rounds, speakers: []int{0}, judge: 1, seats: []Seat{
		{Name: "Consultant", Role: transcript.RoleConsultant, Agent: "x", Stance: Correct, Setting: "consultant"},
		JudgeSeat("j", false),
	}}
}

func TestCheckAcceptsTheFixedConsultancy(t *testing.T) {
	if err := Check(consultancyOf(2)); err != nil {
		t.Fatalf("Check(a two-round consultancy) = %v; want nil", err)
	}
}

// TestCheckRefusesBrokenSeats: each rule of the seats on their own, as
// Check's doc states it, refuses a seat that breaks it and names the
// assignment and the seat.
func TestCheckRefusesBrokenSeats(t *testing.T) {
	questioner := Seat{Name: "Asker", Role: transcript.RoleQuestioner, Agent: "x", Act: Remark, Setting: "judge"}
	tests := []struct {
		name  string
		spoil func(p *fixedProtocol)
		want  string
	}{
		{"a seat with no setting", func(p *fixedProtocol) { p.seats[0].Setting = "" }, `seat "Consultant" names no Setting`},
		{"a seat addressing itself", func(p *fixedProtocol) {
			questioner.Addresses = "Asker"
			p.seats = append(p.seats, questioner)
		}, `seat "Asker" addresses "Asker", which is no other seat`},
		{"a seat addressing no seat", func(p *fixedProtocol) {
			questioner.Addresses = "Witness"
			p.seats = append(p.seats, questioner)
		}, `seat "Asker" addresses "Witness"`},
		{"two seats that decide", func(p *fixedProtocol) {
			second := JudgeSeat("k", false)
			second.Name = "Second judge"
			p.seats = append(p.seats, second)
		}, "2 seats decide"},
		{"no seat that decides", func(p *fixedProtocol) { p.seats[1].Act = Answer }, "0 seats decide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := consultancyOf(1)
			tt.spoil(p)
			err := Check(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "assignment as-given: ") {
				t.Errorf("Check = %v; want an error naming assignment as-given and %q", err, tt.want)
			}
		})
	}
	t.Run("a questioner addressing the consultant", func(t *testing.T) {
		p := consultancyOf(1)
		questioner.Addresses = "Consultant"
		p.seats = append(p.seats, questioner)
		if err := Check(p); err != nil {
			t.Errorf("Check = %v; want nil: the seat it addresses is another of the assignment", err)
		}
	})
}

// TestCheckRefusesBrokenSteps: where the steps are fixed, a step that
// names a seat the assignment lacks, a judge that speaks with another seat
// in the last step, and two seats of one name in one round are refused.
func TestCheckRefusesBrokenSteps(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(p *fixedProtocol)
		want  string
	}{
		{"a step naming seat 2 of 2", func(p *fixedProtocol) { p.speakers = []int{2} }, "round 1 names seat 2 of 2"},
		{"a step naming seat -1", func(p *fixedProtocol) { p.speakers = []int{-1} }, "round 1 names seat -1 of 2"},
		{"the judge speaking with the consultant last", func(p *fixedProtocol) {
			p.steps = map[string]Step{StateJudging: {Round: 2, Seats: []int{1, 0}, Event: EventVerdict}}
		}, "the seat that decides speaks alone in the last step"},
		{"the judge speaking twice in the last step", func(p *fixedProtocol) {
			p.steps = map[string]Step{StateJudging: {Round: 2, Seats: []int{1, 1}, Event: EventVerdict}}
		}, "the seat that decides speaks alone in the last step"},
		{"the judge speaking in a round", func(p *fixedProtocol) { p.speakers = []int{0, 1} }, "the seat that decides speaks alone in the last step"},
		{"two consultants of one name in one round", func(p *fixedProtocol) {
			p.seats = append(p.seats, p.seats[0])
			p.speakers = []int{0, 2}
		}, `seats 0 and 2, both named "Consultant", speak in round 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := consultancyOf(1)
			tt.spoil(p)
			err := Check(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check = %v; want an error saying %q", err, tt.want)
			}
		})
	}
	t.Run("one seat speaking twice in a round", func(t *testing.T) {
		p := consultancyOf(1)
		p.speakers = []int{0, 0}
		if err := Check(p); err != nil {
			t.Errorf("Check = %v; want nil: a seat shares its name with no other seat", err)
		}
	})
}

// TestCheckLetsOneSeatSpeakTwiceInARound: the names that seed draws must
// differ between seats; one seat speaking in two steps of one round (a
// consultant answering a follow-up) is no clash.
func TestCheckLetsOneSeatSpeakTwiceInARound(t *testing.T) {
	p := consultancyOf(1)
	p.machine = &Machine{Initial: RoundState(1), Final: StateDone, Events: []fsm.EventDesc{
		{Name: "to-follow-up", Src: []string{RoundState(1)}, Dst: "follow-up"},
		{Name: "to-" + StateJudging, Src: []string{"follow-up"}, Dst: StateJudging},
		{Name: EventVerdict, Src: []string{StateJudging}, Dst: StateDone},
	}}
	p.steps = map[string]Step{
		RoundState(1): {Round: 1, Seats: []int{0}, Event: "to-follow-up"},
		"follow-up":   {Round: 1, Seats: []int{0}, Event: "to-" + StateJudging},
	}
	if err := Check(p); err != nil {
		t.Errorf("Check = %v; want nil", err)
	}
}

// TestWalkBound: Walk follows a long machine to its end, and gives up,
// saying so, on one that never reaches its final state.
func TestWalkBound(t *testing.T) {
	steps, err := Walk(consultancyOf(500))
	if err != nil || len(steps) != 501 {
		t.Errorf("Walk(500 rounds) = %d steps, %v; want 501 steps (500 rounds and the judge)", len(steps), err)
	}
	loop := consultancyOf(1)
	loop.machine = &Machine{Initial: "ping", Final: StateDone, Events: []fsm.EventDesc{
		{Name: "to-pong", Src: []string{"ping"}, Dst: "pong"},
		{Name: "to-ping", Src: []string{"pong"}, Dst: "ping"},
	}}
	loop.steps = map[string]Step{"ping": {Round: 1, Seats: []int{0}, Event: "to-pong"}, "pong": {Round: 1, Seats: []int{0}, Event: "to-ping"}}
	if _, err := Walk(loop); err == nil || !strings.Contains(err.Error(), `not in its final state "done"`) {
		t.Errorf("Walk(a loop) = %v; want an error saying it never reached %q", err, StateDone)
	}
}

// deciding is a consultancy whose judging step names an event its machine
// lacks: the event is Decide's, which picks it from what was said.
type deciding struct{ *fixedProtocol }

func (deciding) Decide(string, []string) string { return EventVerdict }

// TestCheckDoesNotWalkADecider: a Decider's steps are not fixed (Decide
// names the next event), so Check does not walk its machine by its steps.
func TestCheckDoesNotWalkADecider(t *testing.T) {
	p := consultancyOf(1)
	p.steps = map[string]Step{StateJudging: {Round: 2, Seats: []int{1}, Event: "decided-later"}}
	if err := Check(p); err == nil {
		t.Fatal("Check of the fixed protocol whose step names no event = nil; want an error")
	}
	if err := Check(deciding{p}); err != nil {
		t.Errorf("Check(a Decider) = %v; want nil: its steps are not fixed", err)
	}
}

// TestCheckRefusesRoundsItsRulesIgnore: settings that embed Speeches
// whose Rules play another number of rounds are refused, naming both.
func TestCheckRefusesRoundsItsRulesIgnore(t *testing.T) {
	p := consultancyOf(1)
	p.settings = struct{ Speeches }{Speeches{Rounds: 3, WordLimit: 50}}
	p.rules = Rules{Rounds: 1, WordLimit: 50}
	if err := Check(p); err == nil || !strings.Contains(err.Error(), "rounds 3, word_limit 50 and verify_quotes false are set, but the protocol's Rules say 1, 50 and false") {
		t.Errorf("Check = %v; want the three rounds set and the one played named", err)
	}
}
