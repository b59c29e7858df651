package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// faulty is a protocol a newcomer wrote with one mistake, which its
// fault setting names: one judged debater, and the seats the mistake
// adds or changes. No test lists it, as none lists a protocol that is one
// package imported by a test alone.
type faulty struct{ s faultySettings }

type faultySettings struct {
	protocols.Common `yaml:",inline"`
	Debater          string `yaml:"debater" required:"true"`
	Fault            string `yaml:"fault"`
	// Examiner, which a newcomer forgot to tag required, is the
	// examiner's agent; the debater's if "same".
	Examiner string `yaml:"examiner"`
}

func (f faulty) Settings() any                                             { return f.s }
func (f faulty) Common() *protocols.Common                                 { return &f.s.Common }
func (f faulty) Machine() protocols.Machine                                { return protocols.RoundsMachine(1) }
func (f faulty) Rules() protocols.Rules                                    { return protocols.Rules{Rounds: 1, WordLimit: 50} }
func (f faulty) Render(protocols.Prompt) ([]transcript.ChatMessage, error) { return nil, nil }
func (f faulty) Comparison() protocols.Comparison                          { return protocols.Comparison{Class: "faulty"} }

func (f faulty) Step(state string) protocols.Step {
	step := protocols.RoundsStep(state, 1, []int{0, 1}, false, 2)
	if f.s.Fault == "seat-index" && step.Round == 1 {
		step.Seats = []int{0, 3}
	}
	return step
}

func (f faulty) Assignments() []protocols.Assignment {
	seats := []protocols.Seat{
		{Name: "Debater", Role: transcript.RoleDebater, Agent: f.s.Debater, Stance: protocols.SlotA, Setting: "debater", SeesContext: true},
		{Name: "Examiner", Role: "examiner", Agent: f.s.Examiner, Act: protocols.Remark, Setting: "examiner", Addresses: "Debater", SeesContext: true},
		protocols.JudgeSeat(f.s.Judge, false),
	}
	if f.s.Examiner == "same" {
		seats[1].Agent = f.s.Debater
	}
	switch f.s.Fault {
	case "name-clash":
		seats[1].Name, seats[1].Addresses = "Debater", ""
	case "addresses":
		seats[1].Addresses = "Debater B"
	case "remark-stance":
		seats[1].Stance = protocols.SlotB
	case "no-judge":
		seats[2].Act = protocols.Answer
	case "no-setting":
		seats[1].Setting = ""
	}
	return []protocols.Assignment{{Name: "as-given", Seats: seats}}
}

func init() {
	protocols.Register("faulty", settings.Make("a protocol with one mistake, for TestLoadRefusesAFaultyProtocol",
		func() faultySettings { return faultySettings{} }, func(s faultySettings) (protocols.Protocol, error) { return faulty{s}, nil }))
}

// TestLoadRefusesAFaultyProtocol: a protocol whose seats or steps break
// the contract every episode relies on is refused as the experiment
// loads, naming the file, the line, the protocol and the mistake, where
// it ran (names that clash share their draws, a remark to no seat asks
// no one, no judge leaves every verdict unparsed) or failed episode by
// episode.
func TestLoadRefusesAFaultyProtocol(t *testing.T) {
	checkLoadFaults(t, map[string]string{
		"":              "",
		"name-clash":    `seats 0 and 1, both named "Debater", speak in round 1`,
		"addresses":     `seat "Examiner" addresses "Debater B", which is no other seat`,
		"remark-stance": `seat "Examiner" remarks (Act Remark) but has a stance`,
		"no-judge":      "0 seats decide",
		"seat-index":    "round 1 names seat 3 of 3",
		"no-setting":    `seat "Examiner" names no Setting`,
	}, func(fault string) string {
		return "name: f\nseed: 1\nagents:\n  s: {backend: sim}\ntasks:\n  - {name: qa, generator: qa, n: 2}\nprotocols:\n  - {name: faulty, judge: s, debater: s, examiner: same, fault: " + fault + "}\n"
	}, ":8: protocols[0]: protocol faulty, as these settings make it: assignment as-given: ")
}

// TestLoadNamesASeatWithNoAgent: a seat whose agent the settings leave
// out, where the protocol neither tags its setting required nor
// validates it, is refused naming the setting and the seat, not as an
// unknown agent "".
func TestLoadNamesASeatWithNoAgent(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.yaml")
	text := "name: f\nseed: 1\nagents:\n  s: {backend: sim}\ntasks:\n  - {name: qa, generator: qa, n: 2}\nprotocols:\n  - {name: faulty, judge: s, debater: s}\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(file)
	if want := file + `:8: protocols[0].examiner: no agent for seat "Examiner": name one (agents: s)`; err == nil || err.Error() != want {
		t.Errorf("got %v; want %s", err, want)
	}
}

// TestASeatWithNoAgentListsEveryAgentNamed: where an agent's own settings
// are at fault, a seat left with no agent lists it too, as an unknown
// agent's error does: the file names it, and it is one to choose.
func TestASeatWithNoAgentListsEveryAgentNamed(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.yaml")
	text := "name: f\nseed: 1\nagents:\n  s: {backend: sim}\n  t: {backend: sim, colour: red}\ntasks:\n  - {name: qa, generator: qa, n: 2}\nprotocols:\n  - {name: faulty, judge: s, debater: s}\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(file)
	if want := file + `:9: protocols[0].examiner: no agent for seat "Examiner": name one (agents: s, t)`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v; want it to say %s", err, want)
	}
}
