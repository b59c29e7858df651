package protocols

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// interimSettings are the settings of a protocol whose judge may be asked
// after each round (Interim), as a new protocol's embed it.
type interimSettings struct {
	Common  `yaml:",inline"`
	Interim `yaml:",inline"`
}

// interimProtocol is a one-round consultancy whose settings embed
// Interim; wired says whether its Rules pass judge_every_round on.
type interimProtocol struct {
	Prompter
	s     interimSettings
	wired bool
}

func (p *interimProtocol) Settings() any          { return p.s }
func (p *interimProtocol) Common() *Common        { return &p.s.Common }
func (p *interimProtocol) Machine() Machine       { return RoundsMachine(1) }
func (p *interimProtocol) Step(state string) Step { return RoundsStep(state, 1, []int{0}, false, 1) }
func (p *interimProtocol) Comparison() Comparison { return Comparison{Class: "interim"} }

func (p *interimProtocol) Rules() Rules {
	return Rules{Rounds: 1, WordLimit: 50, JudgeEveryRound: p.wired && p.s.JudgeEveryRound}
}

func (p *interimProtocol) Assignments() []Assignment {
	return []Assignment{{Name: "as-given", Seats: []Seat{
		{Name: "Consultant", Role: transcript.RoleConsultant, Agent: "x", Stance: Correct, Setting: "consultant"},
		JudgeSeat("j", false),
	}}}
}

// TestCheckRefusesAnInterimSettingItsRulesIgnore: a protocol whose
// settings embed Interim but whose Rules leave JudgeEveryRound unset
// would take judge_every_round: true and play as if it were false, no
// interim verdict recorded and no word said; Check refuses it, and passes
// it where its Rules follow the setting or the setting is off.
func TestCheckRefusesAnInterimSettingItsRulesIgnore(t *testing.T) {
	on := interimSettings{Common: Common{Judge: "j"}, Interim: Interim{JudgeEveryRound: true}}
	err := Check(&interimProtocol{s: on})
	if err == nil || !strings.Contains(err.Error(), "judge_every_round") {
		t.Errorf("Rules ignoring judge_every_round: true: %v; want an error naming judge_every_round", err)
	}
	if err := Check(&interimProtocol{s: on, wired: true}); err != nil {
		t.Errorf("Rules following judge_every_round: %v", err)
	}
	if err := Check(&interimProtocol{s: interimSettings{Common: Common{Judge: "j"}}}); err != nil {
		t.Errorf("judge_every_round off: %v", err)
	}
}

// hidden is an unexported block a protocol's settings may embed.
type hidden struct{ Interim }

// TestCheckReadsInterimInAnUnexportedBlock: Interim within an embedded
// block of an unexported type is read too, without a panic.
func TestCheckReadsInterimInAnUnexportedBlock(t *testing.T) {
	s := struct {
		Common
		hidden
	}{Common{Judge: "j"}, hidden{Interim{JudgeEveryRound: true}}}
	if !asksEveryRound(reflect.ValueOf(s)) {
		t.Error("judge_every_round within an unexported block: not seen")
	}
	if asksEveryRound(reflect.ValueOf(nil)) || asksEveryRound(reflect.ValueOf((*interimSettings)(nil))) {
		t.Error("no settings, or a nil pointer: seen as judge_every_round")
	}
}
