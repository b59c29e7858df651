package sim

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// Agent is a simulated agent. It is safe for concurrent use: all its state
// is per request.
type Agent struct {
	s Settings
	// settingsSum is the SHA-256 of the settings, part of each draw's
	// name (draw).
	settingsSum [32]byte
}

var (
	_ agents.Agent      = (*Agent)(nil)
	_ agents.InProcess  = (*Agent)(nil)
	_ agents.PromptFree = (*Agent)(nil)
	_ agents.Advisor    = (*Agent)(nil)
)

// InProcess implements agents.InProcess: a sim agent only computes.
func (a *Agent) InProcess() {}

// PromptFree implements agents.PromptFree: a sim agent reads the request's
// view and transcript, and only the size of its prompt (for its usage).
func (a *Agent) PromptFree() {}

// New returns a sim agent with the given settings.
func New(s Settings) *Agent {
	b, err := json.Marshal(s)
	if err != nil {
		panic("sim: settings do not encode: " + err.Error()) // plain numbers: cannot happen
	}
	return &Agent{s: s, settingsSum: sha256.Sum256(b)}
}

// Settings returns the agent's settings.
func (a *Agent) Settings() Settings { return a.s }

// Generate plays the request's role. It never fails for a well-formed
// request and ignores ctx: it does no I/O.
func (a *Agent) Generate(_ context.Context, req agents.Request) (agents.Response, error) {
	rng := rand.New(rand.NewPCG(req.Seed, req.Seed^0x5DEECE66D))
	var resp agents.Response
	switch req.Role {
	case transcript.RoleJudge, transcript.RoleAnswerer, transcript.RoleScorer:
		// An answerer decides as a judge does, from what it may see: with
		// the context, it reads the article for itself.
		resp = a.judge(req, rng)
	case transcript.RoleGrader:
		var err error
		if resp, err = a.grade(req, rng); err != nil {
			return agents.Response{}, err
		}
	case transcript.RoleModerator:
		resp = a.moderate(req, rng)
	case transcript.RoleQuestioner:
		resp.Text = a.question(req)
	case transcript.RoleDebater, transcript.RoleConsultant:
		if req.Side != 0 && req.Side != 1 {
			return agents.Response{}, fmt.Errorf("sim: %s %q has no side to argue", req.Role, req.Name)
		}
		resp.Text = a.speak(req, rng)
	case "":
		return agents.Response{}, fmt.Errorf("sim: request %q names no role", req.Name)
	default:
		// A role the sim has no mechanics of its own for (a new
		// protocol's critic, say) is played by what the seat does: one
		// that argues a side speaks for it as a debater does; one that
		// remarks (an examiner) questions the claims, as a questioner
		// does, and gives no verdict — one read from the hidden text
		// would hand the judge the answer; one that decides or answers
		// reads what it may see and answers, as a judge does, within the
		// seat's word limit (an exam-taker's prompt gives it one).
		switch {
		case req.Side == 0 || req.Side == 1:
			resp.Text = a.speak(req, rng)
		case req.Remark:
			resp.Text = a.question(req)
		default:
			resp = a.judge(req, rng)
			resp.Text = answerWithin(resp.Text, req.WordLimit)
		}
	}
	resp.Usage = transcript.Usage{InputTokens: promptTokens(req), OutputTokens: estimateTokens(resp.Text)}
	resp.Draw = a.draw(req, resp)
	return resp, nil
}

// findChance is the chance that an agent of the given skill, searching a
// context for what a question asks, comes upon one sentence. Each key term
// of the question that the sentence shares is a hook the search can catch
// on, caught with a chance that is 1/2 where skill equals the question's
// difficulty; a sentence that shares more of the question is found more
// easily.
func findChance(skill, difficulty float64, hooks int) float64 {
	miss := 1 - sigmoid(6*(skill-difficulty))
	return 1 - math.Pow(miss, float64(max(hooks, 1)))
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// promptTokens estimates the prompt's tokens, as an LLM backend would count
// them, so that sim runs report a plausible usage.
func promptTokens(req agents.Request) int {
	n := 0
	for _, m := range req.Messages {
		n += estimateTokens(m.Content)
	}
	for _, size := range req.MessageSizes {
		n += (size + 3) / 4
	}
	return n
}

// estimateTokens is the usual rough count for English text: four bytes a
// token.
func estimateTokens(s string) int { return (len(s) + 3) / 4 }

func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
