package engine

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// blindSettings plays every protocol in the settings that change who reads
// what: a reference written with the text and without it, an interactive
// consultancy, an open one, a debate judged after every round, one whose
// candidates a scorer rates, open debate, MAD with the moderator's
// preference as the verdict, a society with the text and one without it,
// and grading with and without the text, by agents whose every bias and
// fallibility is switched on, on questions of every generator and of a
// data file.
const blindSettings = `name: blind-settings
seed: 31
agents:
  judge: {backend: sim, skill: 0.5, diligence: 0.4, trust_unverified: 0.4, position_bias: 0.4, length_bias: 0.5, misread: 0.3, susceptibility: 0.5, noise: 0.7, trust_reference: 0.8, leniency: 0.6}
  reader: {backend: sim, skill: 0.8, diligence: 0.8, trust_unverified: 0.3, position_bias: -0.2, misread: 0.2, trust_reference: 0.6}
  strong: {backend: sim, skill: 0.9, deception: 0.7, persuasion: 0.5, bluff: 0.3}
  sly: {backend: sim, skill: 0.6, deception: 1, persuasion: 1, bluff: 0.8}
  writer: {backend: sim, skill: 0.7}
tasks:
  - {name: qa, generator: qa, n: 6, difficulty: 0.6}
  - {name: math, generator: math, n: 4}
  - {name: code, generator: code, n: 4}
  - {name: finance, generator: finance, n: 4}
  - {name: audit, loader: jsonl, path: data/judges-audit.jsonl, context: context, id: id, difficulty_field: difficulty, n: 8}
protocols:
  - {name: direct, judge: judge, swap: true, reference: {agent: writer, context: false}}
  - {name: direct-with-context, judge: reader, reference: {agent: writer, context: true}}
  - {name: consultancy, judge: judge, consultant: sly, swap: true, interactive: true}
  - {name: open-consultancy, judge: judge, consultant: strong, interactive: true}
  - {name: debate, judge: judge, debaters: [strong, sly], turns: sequential, rounds: 3, swap: true, judge_every_round: true}
  - {name: debate, label: debate-best-of, judge: judge, debaters: [sly, strong], best_of: 3, scorer: reader, verify_quotes: false}
  - {name: open-debate, judge: judge, debaters: [strong, sly]}
  - {name: mad, judge: judge, debaters: [strong, sly], moderator: reader, verdict: moderator}
  - {name: society, label: society-without-text, agents: judge, n: 3, rounds: 2, sees_context: false}
  - {name: society, agents: reader, n: 3, rounds: 2}
  - {name: grade, judge: judge, exam_takers: [writer, sly], reference: {agent: reader, context: false}}
  - {name: grade, label: grade-with-text, judge: reader, exam_takers: [strong], context: true, exam_context: true}
`

// TestSettingsAreBlind: the gold label reaches no agent in any of the
// settings above (engine.CheckBlind), which TestEveryProtocolIsBlind, at
// each protocol's defaults, does not play.
func TestSettingsAreBlind(t *testing.T) {
	x := mustParse(t, "../experiments/blind-settings.yaml", blindSettings)
	if err := x.CheckBlind(context.Background(), len(x.planned().questions)); err != nil {
		t.Fatal(err)
	}
}

// seatKey names a seat by its name and role: a consultancy's judge
// questions the consultant under the judge's name.
type seatKey struct {
	name string
	role transcript.Role
}

// readersOf are the seats of ep that read its hidden text, as its
// protocol seats them: a seat that picks its own answer reads it as it
// answers, and a reference writer where its protocol says so.
func readersOf(ep *Episode) map[seatKey]protocols.Act {
	out := map[seatKey]protocols.Act{}
	for _, s := range ep.Assignment.Seats {
		if s.SeesContext {
			out[seatKey{s.Name, s.Role}] = s.Act
			c := protocols.ChooserSeat(s)
			out[seatKey{c.Name, c.Role}] = c.Act
		}
	}
	if r := ep.Protocol.Protocol.Common().Reference; r != nil && !r.Gold && r.Context {
		s := protocols.ReferenceSeat(r)
		out[seatKey{s.Name, s.Role}] = s.Act
	}
	return out
}

// replaying is an agent that, in a first episode, notes the answers of
// the seats in replay, and in a second answers them so again: the turns
// of the seats that read the text stay what they were when the text
// changes.
type replaying struct {
	agents.Agent
	mu     *sync.Mutex
	replay map[seatKey]bool
	saved  map[string]agents.Response
	again  *bool
}

func (*replaying) InProcess()  {}
func (*replaying) PromptFree() {}

func (r *replaying) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	if !r.replay[seatKey{req.Name, req.Role}] {
		return r.Agent.Generate(ctx, req)
	}
	key := fmt.Sprint(req.Name, "\x00", req.Role, "\x00", req.Round, "\x00", req.Sample, "\x00", req.Seed)
	r.mu.Lock()
	defer r.mu.Unlock()
	if resp, ok := r.saved[key]; ok && *r.again {
		return resp, nil
	}
	resp, err := r.Agent.Generate(ctx, req)
	r.saved[key] = resp
	return resp, err
}

// TestSeatsWithoutTheTextReadItOnlyThroughTurns: a seat that does not
// read the hidden text (a judge, a moderator, a scorer, a reference
// writer or a society without it) learns of it only through the turns of
// the seats that do. Each episode of blindSettings on a question with a
// text is played again with a sentence added to the text that answers
// the question with the wrong answer, the seats that read the text
// answering as they did: every other seat's messages, and the verdict,
// must be the same. Judges that read the text themselves must change
// their verdict somewhere, or the added sentence proves nothing.
func TestSeatsWithoutTheTextReadItOnlyThroughTurns(t *testing.T) {
	x := mustParse(t, "../experiments/blind-settings.yaml", blindSettings)
	var mu sync.Mutex
	replay, saved, again := map[seatKey]bool{}, map[string]agents.Response{}, false
	restore := x.standIn(func(a *AgentEntry) agents.Agent {
		return &replaying{Agent: a.Agent, mu: &mu, replay: replay, saved: saved, again: &again}
	})
	defer restore()
	plan := x.planned()
	readingJudgeChanged := false
	for i := range plan.Len() {
		ep := plan.At(i)
		q := ep.Question
		if q.Context == "" || q.ContextShared || ep.Repeat != 0 {
			continue
		}
		readers := readersOf(&ep)
		clear(replay)
		clear(saved)
		for k, act := range readers {
			replay[k] = act != protocols.Decide
		}
		order := answerOrder(ep.Assignment.Order, q)
		sides := seatSides(&ep, order)
		again = false
		orig := x.playAs(context.Background(), &ep, order, slices.Clone(sides))
		changed := *q
		stem := strings.TrimSuffix(strings.TrimSpace(q.Text), "?")
		changed.Context += "\n\n" + stem + ": " + q.Answers[1-q.Correct] + "."
		cep := ep
		cep.Question = &changed
		again = true
		got := x.playAs(context.Background(), &cep, order, slices.Clone(sides))
		where := ep.Protocol.Label + " " + ep.Assignment.Name + " " + ep.ID
		if orig.Error != "" || got.Error != "" {
			t.Fatalf("%s: %q, then %q", where, orig.Error, got.Error)
		}
		if len(orig.Messages) != len(got.Messages) {
			t.Errorf("%s: %d messages, then %d with another text", where, len(orig.Messages), len(got.Messages))
			continue
		}
		judgeReads := false
		for k := range orig.Messages {
			a, b := orig.Messages[k], got.Messages[k]
			if act, reads := readers[seatKey{a.Name, a.Role}]; reads {
				judgeReads = judgeReads || act == protocols.Decide
				continue
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: message %d (%s, %s) changed with the hidden text:\n%q\n%q", where, k+1, a.Name, a.Role, a.Text, b.Text)
			}
		}
		same := reflect.DeepEqual(orig.Verdict, got.Verdict) && reflect.DeepEqual(orig.Interim, got.Interim)
		switch {
		case !same && judgeReads:
			readingJudgeChanged = true
		case !same:
			t.Errorf("%s: the verdict changed with the hidden text: %+v, then %+v", where, orig.Verdict, got.Verdict)
		}
	}
	if !readingJudgeChanged {
		t.Error("no judge that reads the text changed its verdict: the added sentence tests nothing")
	}
}
