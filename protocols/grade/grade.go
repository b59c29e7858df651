package grade

import (
	"embed"
	"fmt"
	"slices"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// Name is the name the protocol registers under.
const Name = "grade"

// RoleExamTaker is the role of a seat that answers the question for the
// judge to grade.
const RoleExamTaker transcript.Role = "exam-taker"

// examTaker is the name of the exam-taker's seat in transcripts.
const examTaker = "Exam-taker"

// Settings of the grade protocol.
type Settings struct {
	protocols.Common `yaml:",inline"`
	ExamTakers       protocols.AgentNames `yaml:"exam_takers" required:"true" doc:"the agents whose answers the judge grades, each in its own assignment"`
	// ExamContext lets the exam-takers read the hidden text: what they
	// know of the answer.
	ExamContext bool `yaml:"exam_context" doc:"the exam-takers read the hidden text"`
	// Context lets the judge read the hidden text, so that it can answer
	// the question itself.
	Context      bool `yaml:"context" doc:"the judge reads the hidden text too"`
	VerifyQuotes bool `yaml:"verify_quotes" doc:"mark each quote of the answer the judge reads verified or unverified against the hidden text"`
	WordLimit    int  `yaml:"word_limit" doc:"the most words an exam-taker's answer should have, as its prompt says (10 to 5000)"`
}

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings { return Settings{ExamContext: true, WordLimit: 150} }

// NotApplicable implements settings.Inapplicable: swap, common to the
// protocols, has no order to swap here.
func (Settings) NotApplicable() map[string]string {
	return map[string]string{"swap": "the grader reads one answer, not both, so there is no order to swap (true is an error)"}
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	if err := s.Common.Validate(); err != nil {
		return err
	}
	if s.Swap {
		// The grader reads one answer, never both in an order: swapping
		// would only reorder the exam-taker's options, and the position
		// bias tables would read the grader's "A" (correct) as a slot.
		return fmt.Errorf("swap: the grader reads one answer, not both; swap does not apply to grade")
	}
	if len(s.ExamTakers) == 0 {
		return fmt.Errorf("exam_takers: at least one exam-taker agent is required")
	}
	for i, a := range s.ExamTakers {
		if a == "" {
			return fmt.Errorf("exam_takers: entry %d is empty", i+1)
		}
		if slices.Index(s.ExamTakers, a) != i {
			return fmt.Errorf("exam_takers: %q is listed twice", a)
		}
	}
	return protocols.CheckRange("word_limit", s.WordLimit, 10, 5000)
}

// Protocol is pointwise grading.
type Protocol struct {
	protocols.Prompter
	settings Settings
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.Register(Name, settings.Make(
		"Pointwise grading (Judging the Judges): each exam-taker answers the question on its own (round 1), "+
			"and the judge reads the question and that one answer, not the other option, and grades it correct "+
			"(Answer: A) or incorrect (Answer: B). Assignments per question: one per exam-taker (swap does not apply); "+
			"each records whether the graded answer was correct, so its parts are 1 − strictness and 1 − leniency. "+
			"The grader reads no reference unless reference is set: Thakur et al. 2024's judges read the TriviaQA "+
			"reference answers beside the answer graded (reference: gold is that setting), and were scored against "+
			"human grades, where moot scores them against the gold label.",
		DefaultSettings,
		func(s Settings) (protocols.Protocol, error) {
			return &Protocol{Prompter: protocols.NewPrompter(templates, s), settings: s}, nil
		}))
}

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.settings.Common }

// Rules implements protocols.Protocol: one round, the exam-taker's answer.
func (p *Protocol) Rules() protocols.Rules {
	return protocols.Rules{Rounds: 1, WordLimit: p.settings.WordLimit, VerifyQuotes: p.settings.VerifyQuotes}
}

// Assignments implements protocols.Protocol: one per exam-taker, named by
// its agent, the answers as the question gives them.
func (p *Protocol) Assignments() []protocols.Assignment {
	var out []protocols.Assignment
	for _, taker := range p.settings.ExamTakers {
		judge := protocols.JudgeSeat(p.settings.Judge, p.settings.Context)
		judge.Role, judge.Grades = transcript.RoleGrader, examTaker
		out = append(out, protocols.Assignment{Name: taker, Order: protocols.AsGiven, Seats: []protocols.Seat{
			{Name: examTaker, Role: RoleExamTaker, Agent: taker, Stance: protocols.None, Act: protocols.Answer, Setting: "exam_takers", SeesContext: p.settings.ExamContext},
			judge,
		}})
	}
	return out
}

// SharesDraws implements protocols.DrawSharer: the exam-takers answer
// before anything the grader's settings change, so every grade protocol
// gives them the same draws, and its graders grade the same answers.
func (p *Protocol) SharesDraws(seat protocols.Seat) bool { return seat.Role == RoleExamTaker }

// Machine implements protocols.Protocol: round-1, judging, done.
func (p *Protocol) Machine() protocols.Machine { return protocols.RoundsMachine(1) }

// Step implements protocols.Protocol: the exam-taker answers, then the
// judge grades.
func (p *Protocol) Step(state string) protocols.Step {
	return protocols.RoundsStep(state, 1, []int{0}, false, 1)
}

// Comparison implements protocols.Protocol: grades are compared only with
// other grading protocols (a reference's, say; see
// protocols.Comparison.WithReference).
func (p *Protocol) Comparison() protocols.Comparison {
	return protocols.Comparison{Class: Name}
}
