package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// ErrNoEpisode is returned by Prompts for an episode ID the experiment
// does not plan.
var ErrNoEpisode = errors.New("no such episode in the experiment's plan")

// Prompt is the prompt a message of an episode was sent, rebuilt by
// Prompts: the messages exactly as the engine renders them for an agent
// that reads prompts, and the hash the engine gives that prompt.
type Prompt struct {
	Messages []transcript.ChatMessage
	// SHA256 is the rebuilt prompt's prompt_sha256: equal to the
	// message's PromptSHA256 when the experiment is the one that was run.
	SHA256 string
}

// Prompts rebuilds the prompt of each message of rec, the record of an
// episode of x's plan, or of one judged again (moot rejudge): it plays the
// episode again, each agent answering with its recorded text, and keeps
// each request the engine builds. A rejudged record's kept messages get
// the prompts of the episode as it was seated, its new judge's those of
// the episode with that judge seated. The result has one Prompt per
// message of rec, in order; a message the replay did not reach (an
// episode that failed, or a record from another experiment) has none.
// Prompts sets the agents' callers while it plays: it must not be called
// during a run of x.
func (x *Experiment) Prompts(rec *transcript.Episode) ([]Prompt, error) {
	ep, judge := x.episodeOf(rec)
	if ep == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoEpisode, rec.EpisodeID)
	}
	prompts := x.replayPrompts(ep, rec)
	if x.agent(rec.Judge) == nil && rec.Judge != ep.Protocol.Protocol.Common().Judge {
		// A person's verdict (moot judge): no agent to seat, so its prompt
		// is the one the page was drawn from, made as for the person.
		x.personPrompts(rec, prompts)
		return prompts, nil
	}
	if judge != "" && x.agentOf(ep, judge) != nil {
		// The new judge's messages, read with it in the judge's seat (a
		// prompt's inputs name the seat's agent); the kept ones, such as a
		// best-of-N scorer's in that seat, as they were made.
		seated := *ep
		seated.Assignment = withJudge(ep.Assignment, judge)
		made := x.replayPrompts(&seated, rec)
		for i, m := range rec.Messages {
			if !m.Kept {
				prompts[i] = made[i]
			}
		}
	}
	return prompts, nil
}

// personPrompts puts into prompts, for the messages of rec's judge, a
// person judging in moot judge, the prompt its page was drawn from: the
// judge seat's request as JudgeSeats makes it for that person. The
// speakers' messages keep the prompts of the episode as it was played.
func (x *Experiment) personPrompts(rec *transcript.Episode, prompts []Prompt) {
	seats, err := x.JudgeSeats([]transcript.Episode{*rec}, rec.Judge)
	if err != nil || len(seats) != 1 {
		return
	}
	req := seats[0].Request
	for i, m := range rec.Messages {
		if !m.Kept && m.Agent == rec.Judge {
			prompts[i] = Prompt{Messages: req.Messages, SHA256: req.PromptSHA256}
		}
	}
}

// episodeOf finds rec's episode in x's plan: by its id, or, for a record
// judged again, the episode whose id rejudged by judge is rec's (judge
// the record's, or for a vote, which keeps its judge field, an agent of
// x's); judge is "" for a record of the plan itself.
func (x *Experiment) episodeOf(rec *transcript.Episode) (ep *Episode, judge string) {
	plan := x.planOf(nil)
	for i := range plan.Len() {
		if e := plan.At(i); e.ID == rec.EpisodeID {
			return &e, ""
		}
	}
	// Not of the plan itself: hash each episode's id with each judge once.
	judges := []string{rec.Judge}
	for _, a := range x.Agents {
		if a.Name != rec.Judge {
			judges = append(judges, a.Name)
		}
	}
	for i := range plan.Len() {
		e := plan.At(i)
		for _, j := range judges {
			if rejudgedID(e.ID, j) == rec.EpisodeID {
				return &e, j
			}
		}
	}
	// A rejudge of a rejudged run (judged back by the first judge, say):
	// its id hashes the first rejudge's with its own judge, the record's.
	for i := range plan.Len() {
		e := plan.At(i)
		for _, j := range judges {
			if rejudgedID(rejudgedID(e.ID, j), rec.Judge) == rec.EpisodeID {
				return &e, rec.Judge
			}
		}
	}
	return nil, ""
}

// replayPrompts plays ep with every agent answering from rec, and returns
// the prompt of each of rec's messages the replay reached.
func (x *Experiment) replayPrompts(ep *Episode, rec *transcript.Episode) []Prompt {
	r := &replay{rec: rec, used: make([]bool, len(rec.Messages)), prompts: make([]Prompt, len(rec.Messages))}
	// The replayer reads prompts, so every prompt is rendered, whatever
	// the backend's capabilities.
	defer x.standIn(func(*AgentEntry) agents.Agent { return replayer{r} })()
	x.play(context.Background(), ep)
	return r.prompts
}

// withJudge is a copy of a with its deciding seat taken by the agent
// judge, as a rejudge seats it: the prompt's inputs name the seat's agent.
func withJudge(a *protocols.Assignment, judge string) *protocols.Assignment {
	c := *a
	c.Seats = slices.Clone(a.Seats)
	for i := range c.Seats {
		if c.Seats[i].Act == protocols.Decide {
			c.Seats[i].Agent = judge
		}
	}
	return &c
}

// replay answers an episode's calls again with its record's texts.
type replay struct {
	rec  *transcript.Episode
	mu   sync.Mutex
	used []bool
	// scores are the probabilities the next calls of a best-of-N scorer
	// give, one a candidate answered, in order: a turn's candidates are
	// written before they are rated (bestOf), and each rating then gives
	// 1 to the recorded candidate kept and 0 to the others, so that it is
	// kept again.
	scores  []float64
	prompts []Prompt
}

// replayer is an agent that answers from a replay. It answers in process,
// so that the engine asks seats in turn, and it reads prompts, so that
// the engine renders them.
type replayer struct{ r *replay }

var (
	_ agents.Agent     = replayer{}
	_ agents.InProcess = replayer{}
)

func (replayer) InProcess() {}

// Generate answers req with the recorded message it asked for: the first
// not yet used of the same seat, round and sample, one of the same prompt
// hash first.
func (a replayer) Generate(_ context.Context, req agents.Request) (agents.Response, error) {
	r := a.r
	r.mu.Lock()
	defer r.mu.Unlock()
	found := -1
	for i, m := range r.rec.Messages {
		if r.used[i] || m.Name != req.Name || m.Round != req.Round || m.Sample != req.Sample {
			continue
		}
		if m.PromptSHA256 == req.PromptSHA256 {
			found = i
			break
		}
		if found < 0 {
			found = i
		}
	}
	if found < 0 {
		if req.Role == transcript.RoleJudge || req.Role == transcript.RoleGrader {
			// An interim verdict the record lacks — a person judging in
			// moot judge gives only the last —, which no seat reads:
			// the replay goes on without it.
			return agents.Response{Text: "Answer: A"}, nil
		}
		return agents.Response{}, fmt.Errorf("replay: no recorded message of %s in round %d", req.Name, req.Round)
	}
	r.used[found] = true
	r.prompts[found] = Prompt{Messages: req.Messages, SHA256: req.PromptSHA256}
	m := r.rec.Messages[found]
	resp := agents.Response{Text: m.Text}
	if m.Role == transcript.RoleScorer && len(r.scores) > 0 {
		resp.Probabilities = []float64{r.scores[0], r.scores[0]}
		r.scores = r.scores[1:]
	}
	if m.Candidate > 0 {
		p := 0.0
		if !m.Discarded {
			p = 1
		}
		r.scores = append(r.scores, p)
	}
	return resp, nil
}

// standIn puts by(a) in place of every agent a of the experiment (its
// cells' too), as the backend itself and as what the engine calls, and
// returns the function that puts the agents back. The experiment may not
// be running meanwhile.
func (x *Experiment) standIn(by func(*AgentEntry) agents.Agent) (restore func()) {
	all := x.allAgents()
	saved := make([][2]agents.Agent, len(all))
	for i, a := range all {
		saved[i] = [2]agents.Agent{a.Agent, a.caller}
		d := by(a)
		a.Agent, a.caller = d, d
	}
	return func() {
		for i, a := range all {
			a.Agent, a.caller = saved[i][0], saved[i][1]
		}
	}
}

// ContextReaders names the seats of rec's episode that read its question's
// hidden context (protocols.Seat.SeesContext), in seat order, a reference
// writer's first where the protocol has one; judge reports whether the
// seat that decides (protocols.Decide: a judge, a grader) is one of them,
// and voted whether the episode has no such seat, its verdict its seats'
// vote (society). A rejudged episode's judge sits in the judge's seat.
func (x *Experiment) ContextReaders(rec *transcript.Episode) (seats []string, judge, voted bool, err error) {
	ep, _ := x.episodeOf(rec)
	if ep == nil {
		return nil, false, false, fmt.Errorf("%w: %s", ErrNoEpisode, rec.EpisodeID)
	}
	all := ep.Assignment.Seats
	if r := ep.Protocol.Protocol.Common().Reference; r != nil && !r.Gold {
		all = append([]protocols.Seat{protocols.ReferenceSeat(r)}, all...)
	}
	voted = true
	for _, s := range all {
		decides := s.Act == protocols.Decide
		voted = voted && !decides
		if s.SeesContext {
			seats = append(seats, s.Name)
			judge = judge || decides
		}
	}
	return seats, judge, voted, nil
}
