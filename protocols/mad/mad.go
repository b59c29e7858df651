package mad

import (
	"embed"
	"errors"
	"fmt"
	"strings"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// Settings of MAD.
type Settings struct {
	protocols.Common `yaml:",inline"`
	// Debaters names one agent for both sides or two: the affirmative and
	// the negative.
	Debaters  protocols.AgentNames `yaml:"debaters,flow" required:"true" doc:"one agent for both sides or two: the affirmative and the negative"`
	Moderator string               `yaml:"moderator" required:"true" doc:"the agent that may end the debate after a round"`
	// Speeches.Rounds is the most rounds the debate may last; the
	// moderator may end it sooner.
	protocols.Speeches `yaml:",inline"`
	// Verdict is whose the verdict is: the judge's ("", or judge), or
	// VerdictModerator's. Left out of the settings' JSON when empty, so
	// that the prompts' hashes are those of the settings before it.
	Verdict string `yaml:"verdict,omitempty" json:",omitempty" doc:"judge (the default): the judge always decides, and the moderator's preference only ends the debate early; moderator: as Liang et al. 2023 ran it, the moderator also speaks after the last round, the side it prefers is the verdict, and the judge decides only where it prefers neither"`
}

// VerdictModerator is the Verdict of MAD as Liang et al. ran it, and the
// parse of a verdict the moderator gave (transcript.ParsedModerator,
// which tells analysis the judge did not give it).
const VerdictModerator = transcript.ParsedModerator

// Protocol is MAD.
type Protocol struct {
	protocols.Prompter
	settings Settings
}

var (
	_ protocols.Protocol = (*Protocol)(nil)
	_ protocols.Decider  = (*Protocol)(nil)
	_ protocols.Settler  = (*Protocol)(nil)
)

func init() {
	protocols.Register("mad", settings.Make(description, DefaultSettings, func(s Settings) (protocols.Protocol, error) {
		return &Protocol{Prompter: protocols.NewPrompter(templates, s), settings: s}, nil
	}))
}

const description = "Multi-agent debate after Liang et al. 2023: the affirmative side, who sees the hidden " +
	"context, first answers the question itself and argues for it; the negative argues the other answer; after " +
	"each round but the last a moderator, who sees only the debate, says whether one side is clearly " +
	"preferred, which ends the debate early; then the judge decides, and the verdict is always the judge's. " +
	"In Liang et al. the moderator also speaks after the last round, the answer it prefers is the final " +
	"answer, and a judge is called only when it prefers neither side by the last round: verdict: moderator " +
	"plays it so (a verdict the moderator gave has parse moderator, and moot rejudge and moot judge leave " +
	"it as it is); by default its preference only ends the debate, and the judge reads it as a view. " +
	"The judge reads the whole debate (Liang et al.'s released code shows its judge each side's first " +
	"answer alone). " +
	"Assignments per question: one (two with swap); each records whether the affirmative chose the correct answer."

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings { return Settings{Speeches: protocols.DefaultSpeeches()} }

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.Common.Validate(); err != nil {
		return err
	}
	if n := len(s.Debaters); n != 1 && n != 2 {
		return fmt.Errorf("debaters: want one agent (for both sides) or two, got %d", n)
	}
	if s.Moderator == "" {
		return errors.New("moderator: a moderator agent is required")
	}
	switch s.Verdict {
	case "judge":
		s.Verdict = "" // the default, written out
	case "", VerdictModerator:
	default:
		return fmt.Errorf("verdict: want judge or %s, got %q", VerdictModerator, s.Verdict)
	}
	return s.Speeches.Validate()
}

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.settings.Common }

// Rules implements protocols.Protocol.
func (p *Protocol) Rules() protocols.Rules { return p.settings.Speeches.Rules() }

// Comparison implements protocols.Protocol: MAD is compared with the judge
// alone, consultancy and plain debate on the same questions.
func (p *Protocol) Comparison() protocols.Comparison {
	return protocols.Comparison{Class: "mad", Against: []string{protocols.ClassJudgeAlone, protocols.ClassConsultancy, protocols.ClassDebate}}
}

// Assignments implements protocols.Protocol.
func (p *Protocol) Assignments() []protocols.Assignment {
	aff, neg := p.settings.Debaters[0], p.settings.Debaters[0]
	if len(p.settings.Debaters) == 2 {
		neg = p.settings.Debaters[1]
	}
	var out []protocols.Assignment
	for _, o := range p.settings.Orders() {
		out = append(out, protocols.Assignment{Name: protocols.OrderName(o), Order: o, Seats: []protocols.Seat{
			{Name: "Affirmative", Role: transcript.RoleDebater, Agent: aff, Stance: protocols.Own, Setting: "debaters", SeesContext: true},
			{Name: "Negative", Role: transcript.RoleDebater, Agent: neg, Stance: protocols.Other, Setting: "debaters", SeesContext: true},
			{Name: "Moderator", Role: transcript.RoleModerator, Agent: p.settings.Moderator, Stance: protocols.None, Act: protocols.Remark, Setting: "moderator"},
			protocols.JudgeSeat(p.settings.Judge, false),
		}})
	}
	return out
}

const (
	moderatePrefix = "moderate-"
	eventBreak     = "break"
	// eventSettle ends a debate whose moderator preferred a side, with
	// verdict: moderator: that side is the verdict, and no judge speaks.
	eventSettle = "settle"
)

// settles says whether the moderator's preference is the verdict.
func (p *Protocol) settles() bool { return p.settings.Verdict == VerdictModerator }

// moderated says whether a moderator speaks after round r.
func (p *Protocol) moderated(r int) bool { return r < p.settings.Rounds || p.settles() }

func moderateState(r int) string { return protocols.NumberedState(moderatePrefix, r) }

func moderateRound(state string) (int, bool) { return protocols.NumberOf(moderatePrefix, state) }

// Machine implements protocols.Protocol: round-1 → moderate-1 → round-2 →
// … → round-R → judging → done, and from any moderate-r a break straight
// to judging. With verdict: moderator, round-R → moderate-R → judging, and
// from any moderate-r a settle straight to done.
func (p *Protocol) Machine() protocols.Machine {
	R := p.settings.Rounds
	var events []fsm.EventDesc
	var moderated []string
	for r := 1; r <= R && p.moderated(r); r++ {
		next := protocols.RoundState(r + 1)
		if r == R {
			next = protocols.StateJudging
		}
		events = append(events,
			fsm.EventDesc{Name: "to-" + moderateState(r), Src: []string{protocols.RoundState(r)}, Dst: moderateState(r)},
			fsm.EventDesc{Name: "to-" + next, Src: []string{moderateState(r)}, Dst: next},
		)
		moderated = append(moderated, moderateState(r))
	}
	switch {
	case len(moderated) > 0 && p.settles():
		events = append(events, fsm.EventDesc{Name: eventSettle, Src: moderated, Dst: protocols.StateDone})
	case len(moderated) > 0:
		events = append(events, fsm.EventDesc{Name: eventBreak, Src: moderated, Dst: protocols.StateJudging})
	}
	if !p.moderated(R) {
		events = append(events, fsm.EventDesc{Name: "to-" + protocols.StateJudging, Src: []string{protocols.RoundState(R)}, Dst: protocols.StateJudging})
	}
	events = append(events, fsm.EventDesc{Name: protocols.EventVerdict, Src: []string{protocols.StateJudging}, Dst: protocols.StateDone})
	return protocols.Machine{Initial: protocols.RoundState(1), Final: protocols.StateDone, Events: events}
}

// Step implements protocols.Protocol. The affirmative speaks first in each
// round, and the negative answers it.
func (p *Protocol) Step(state string) protocols.Step {
	R := p.settings.Rounds
	if r, ok := moderateRound(state); ok {
		next := "to-" + protocols.RoundState(r+1)
		if r == R {
			next = "to-" + protocols.StateJudging
		}
		return protocols.Step{Round: r, Seats: []int{2}, Event: next}
	}
	if r, ok := protocols.RoundOf(state); ok {
		next := "to-" + protocols.StateJudging
		if p.moderated(r) {
			next = "to-" + moderateState(r)
		}
		return protocols.Step{Round: r, Seats: []int{0, 1}, Sequential: true, Event: next}
	}
	return protocols.Step{Round: R + 1, Seats: []int{3}, Event: protocols.EventVerdict}
}

// Decide implements protocols.Decider: a moderator who names a preferred
// side ends the debate: to the judge, or with verdict: moderator, to its
// end, that side the verdict (Settle).
func (p *Protocol) Decide(state string, said []string) string {
	step := p.Step(state)
	if _, ok := moderateRound(state); ok && len(said) > 0 && Preferred(said[len(said)-1]) >= 0 {
		if p.settles() {
			return eventSettle
		}
		return eventBreak
	}
	return step.Event
}

// Settle implements protocols.Settler: with verdict: moderator, the side
// the moderator's last remark prefers is the verdict of a debate no judge
// decided.
func (p *Protocol) Settle(remarks []string) (slot int, how string, ok bool) {
	if !p.settles() || len(remarks) == 0 {
		return -1, "", false
	}
	if slot := Preferred(remarks[len(remarks)-1]); slot >= 0 {
		return slot, VerdictModerator, true
	}
	return -1, "", false
}

// Preferred reads a moderator's "Preference: A|B|none" line, the last
// one, as a judge's "Answer: A" line is read (transcript.KeyedLine: case,
// markdown emphasis, brackets and a trailing full stop forgiven, so that
// a model that formats the line it was asked for still ends the debate):
// 0 for A, 1 for B, -1 for none, another value or no such line.
func Preferred(text string) int {
	value, _, _, _ := transcript.KeyedLine(text, "preference", func(string) bool { return true })
	switch strings.ToUpper(value) {
	case "A":
		return 0
	case "B":
		return 1
	}
	return -1
}
