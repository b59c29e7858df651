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
	interim := reflect.TypeFor[Interim]()
	if v, ok := embedded(reflect.ValueOf(s), interim); !ok || !v.FieldByName("JudgeEveryRound").Bool() {
		t.Error("judge_every_round within an unexported block: not seen")
	}
	if _, ok := embedded(reflect.ValueOf(nil), interim); ok {
		t.Error("no settings: an Interim found")
	}
	if _, ok := embedded(reflect.ValueOf((*interimSettings)(nil)), interim); ok {
		t.Error("a nil pointer: an Interim found")
	}
}

// speechesProtocol is interimProtocol's consultancy with settings that
// embed Speeches; wired says whether its Rules are Speeches.Rules.
type speechesProtocol struct {
	interimProtocol
	sp    Speeches
	wired bool
}

func (p *speechesProtocol) Settings() any {
	return struct {
		Common
		Speeches
	}{p.s.Common, p.sp}
}

func (p *speechesProtocol) Rules() Rules {
	if p.wired {
		return p.sp.Rules()
	}
	return Rules{Rounds: 1, WordLimit: 50}
}

// TestCheckRefusesSpeechesItsRulesIgnore: settings that embed Speeches
// whose Rules do not carry them (here verify_quotes, set, is dropped)
// would take the setting and play without it; Check refuses them, and
// passes Rules built from Speeches.Rules.
func TestCheckRefusesSpeechesItsRulesIgnore(t *testing.T) {
	sp := Speeches{Rounds: 1, WordLimit: 50, VerifyQuotes: true}
	base := interimProtocol{s: interimSettings{Common: Common{Judge: "j"}}}
	err := Check(&speechesProtocol{interimProtocol: base, sp: sp})
	if err == nil || !strings.Contains(err.Error(), "verify_quotes true are set, but the protocol's Rules say 1, 50 and false") {
		t.Errorf("Rules dropping verify_quotes: %v; want it refused, naming the settings and the rules", err)
	}
	if err := Check(&speechesProtocol{interimProtocol: base, sp: sp, wired: true}); err != nil {
		t.Errorf("Rules from Speeches.Rules: %v", err)
	}
}
