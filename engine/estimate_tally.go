package engine

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// tally adds up a dry run's calls. The dry run plays one episode at a
// time, so it needs no lock.
type tally struct {
	protocol string
	episodes int
	// scale is the plan's episodes of the protocol per sampled one.
	scale float64
	rows  map[[2]string]*EstimateRow
	// sums are each row's scaled calls, input and output tokens and
	// episodes called in, rounded into the row as they grow.
	sums   map[[2]string][4]float64
	order  [][2]string
	limits map[string]int
	// sample numbers the sampled episode being played, from 1; called,
	// the last that each row was called in.
	sample int
	called map[[2]string]int
	// entry is the protocol of the episode a dry run plays (DryRun), and
	// roles the roles whose prompts each protocol's seats were rendered.
	entry *ProtocolEntry
	roles map[*ProtocolEntry]map[transcript.Role]bool
	// replyTokens is Assumed.ReplyTokens.
	replyTokens int
	// said is what each call of the sampled episode saidIn was counted to
	// say, by round and speaker (longerTurns).
	said   map[saidKey]int
	saidIn int
	// dedupe counts once an ask of a cached agent (agents.Keyer) that
	// several sampled episodes make alike — an exam-taker's answer that
	// every cell of a grading sweep reads, a reference that several
	// protocols read, a fixed seed's repeats —, as the run sends it once
	// and the response cache answers the others; asked holds each such
	// ask's count, at the finest scale it was seen at (the protocol whose
	// sample holds the most questions: spreadQuestions).
	dedupe bool
	asked  map[string]askedCall
	// replaying is set while every ask of the sampled episode replayIn
	// has been one made before: the episode replays an earlier one (a
	// sweep cell that changes only its judge, a fixed seed's repeat), and
	// an ask over what was said so far is made again too.
	replaying bool
	replayIn  int
	// aside is set while the dry run asks for an interim verdict, which
	// no seat reads: an ask of it made for the first time (another
	// judge's, in a sweep cell that changes only the judge) leaves the
	// episode replaying, for the debaters' turns after it are asked as
	// they were in the earlier cell, and the run's cache answers them.
	aside bool
	// agentNames are the experiment's agents, which a protocol's
	// settings name for its seats (sameNode).
	agentNames map[string]bool
	// chain counts the calls to endpoints of the episode played that the
	// run makes one after another (Experiment.each).
	chain int
}

// askedCall is how a call was counted: into its row, at its scale, in
// an episode of the protocol entry.
type askedCall struct {
	row   [2]string
	scale float64
	usage transcript.Usage
	cost  float64
	entry *ProtocolEntry
}

// add counts one call of agent a, which the dry run answered with resp;
// key is the real agent's cache key of req (askKey), "" where none.
func (t *tally) add(d dryRun, req agents.Request, resp agents.Response, key string) {
	if t.roles != nil {
		if t.roles[t.entry] == nil {
			t.roles[t.entry] = map[transcript.Role]bool{}
		}
		t.roles[t.entry][req.Role] = true
	}
	k := [2]string{d.name, t.protocol}
	r := t.rows[k]
	if r == nil {
		r = &EstimateRow{Agent: d.name, Protocol: t.protocol, Episodes: t.episodes, Priced: priced(d.real), Batch: d.batched}
		if _, local := d.real.(agents.InProcess); !local && !d.batched {
			r.urls = endpointsOf(d.real)
			if t.limits == nil {
				t.limits = map[string]int{}
			}
			lowerLimits(t.limits, r.urls)
		}
		t.rows[k] = r
		t.order = append(t.order, k)
	}
	u := resp.Usage
	switch {
	case (req.Side == 0 || req.Side == 1) && req.WordLimit > 0:
		u.OutputTokens = int(math.Ceil(float64(req.WordLimit) * TokensPerWord))
	case req.Side != 0 && req.Side != 1 && t.replyTokens > 0:
		u.OutputTokens = t.replyTokens
	}
	if c, ok := d.real.(agents.ReplyCapped); ok && c.MaxReplyTokens() > 0 {
		u.OutputTokens = min(u.OutputTokens, c.MaxReplyTokens())
	}
	if t.said == nil || t.saidIn != t.sample { // another episode
		t.said, t.saidIn = map[saidKey]int{}, t.sample
	}
	u.InputTokens += longerTurns(req, t.said)
	t.said[saidKey{req.Round, req.Name}] = u.OutputTokens
	if t.called[k] != t.sample {
		t.called[k] = t.sample
		w := t.sums[k]
		w[3] += t.scale
		t.sums[k] = w
		r.Seated = int(math.Round(w[3]))
	}
	cost := callCost(d.real, u, d.batched)
	if t.replayIn != t.sample {
		t.replaying, t.replayIn = true, t.sample
	}
	if key != "" {
		prev, seen := t.asked[key]
		if seen && t.madeAgain(req, prev) {
			if prev.scale <= t.scale {
				return // the run's cache answers it
			}
			t.count(prev.row, -prev.scale, prev.usage, prev.cost)
			t.asked[key] = askedCall{row: k, scale: t.scale, usage: u, cost: cost, entry: t.entry}
			t.count(k, t.scale, u, cost)
			return
		}
		if !seen {
			t.asked[key] = askedCall{row: k, scale: t.scale, usage: u, cost: cost, entry: t.entry}
		}
	}
	if !t.aside {
		t.replaying = false
	}
	t.count(k, t.scale, u, cost)
}

// madeAgain says whether req, whose cache key prev's ask had too, is
// that ask made again, which the run's cache answers: an ask that reads
// nothing an agent wrote (a question, a gold reference), or, in an
// episode that has replayed an earlier one so far, of the same protocol
// settings (sameSettings). An ask over what a stand-in wrote may be alike
// in the dry run where the run's agents write otherwise (a grader's
// prompts in two cells that differ only in verify_quotes, over an answer
// the stand-in wrote without a quote), and is counted each time.
func (t *tally) madeAgain(req agents.Request, prev askedCall) bool {
	ownWords := len(req.Transcript) == 0 && (req.View.Reference == nil || req.View.Reference.Source == transcript.ReferenceGold)
	return ownWords || t.replaying && t.sameSettings(prev.entry, t.entry)
}

// sameSettings says whether protocol entries a and b play alike: one
// entry (a sweep cell that leaves the protocol alone shares it), or two
// of one label and prompts built from settings blocks alike but for the
// agents they seat (sameNode). A sweep builds a cell's own entry for each
// protocol an axis of it sets: in a sweep of the judge and of the rounds
// the cells of one rounds and another judge had an entry each, as had
// the cells of a sweep of the judge a debate names, and their debates,
// played alike, were counted again in each judge's cell. Another agent
// in a seat is as another agent's settings, which the cells share an
// entry over: the episode replays an earlier one only while that seat's
// asks, by their cache keys, are those made before.
func (t *tally) sameSettings(a, b *ProtocolEntry) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.node == nil || b.node == nil {
		return false
	}
	return a.Label == b.Label && a.promptsSHA256 == b.promptsSHA256 && t.sameNode(a.node, b.node)
}

// sameNode says whether YAML nodes a and b hold the same values, wherever
// they were written: kind, tag and text, each child alike, where two
// scalars that name agents of the experiment count as alike.
func (t *tally) sameNode(a, b *yaml.Node) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Kind != b.Kind || a.Tag != b.Tag || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Value != b.Value && !(a.Kind == yaml.ScalarNode && t.agentNames[a.Value] && t.agentNames[b.Value]) {
		return false
	}
	if a.Kind == yaml.AliasNode {
		return t.sameNode(a.Alias, b.Alias)
	}
	for i := range a.Content {
		if !t.sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// askKey is the key the response cache would answer req by, where the
// estimate counts an ask made again once (dedupe) and d's agent is
// cached; "" otherwise.
func (t *tally) askKey(d dryRun, req agents.Request) string {
	k, ok := d.real.(agents.Keyer)
	if !t.dedupe || !ok {
		return ""
	}
	if t.asked == nil {
		t.asked = map[string]askedCall{}
	}
	return k.CacheKey(req)
}

// count adds a call of usage u and cost into the row k, standing for
// scale calls of the plan (taken out again where scale is negative).
func (t *tally) count(k [2]string, scale float64, u transcript.Usage, cost float64) {
	w := t.sums[k]
	w[0] += scale
	w[1] += scale * float64(u.InputTokens)
	w[2] += scale * float64(u.OutputTokens)
	t.sums[k] = w
	r := t.rows[k]
	r.Calls, r.InputTokens, r.OutputTokens = int64(math.Round(w[0])), int64(math.Round(w[1])), int64(math.Round(w[2]))
	r.CostUSD += scale * cost
}

// longerTurns is what the turns that argue a side in req's transcript add
// to its prompt where each is as long as the output estimate made it (said,
// by round and speaker: the word limit × TokensPerWord, or less where its
// agent's replies are capped; a turn of no call tallied, the word limit's),
// not as long as the sim wrote it: a prompt that repeats the speeches so
// far grows with them, and at 20 rounds of 5,000 words the sim's short
// turns had put the input at a hundredth of what the outputs imply. The
// turn's text is counted at 4 bytes a token, as the prompt is.
func longerTurns(req agents.Request, said map[saidKey]int) int {
	if req.WordLimit <= 0 || req.Messages == nil {
		return 0
	}
	full := int(math.Ceil(float64(req.WordLimit) * TokensPerWord))
	n := 0
	for _, turn := range req.Transcript {
		if turn.Side == 0 || turn.Side == 1 {
			est, ok := said[saidKey{turn.Round, turn.Name}]
			if !ok {
				est = full
			}
			n += max(0, est-(len(turn.Text)+3)/4)
		}
	}
	return n
}

// saidKey is a turn of the episode a dry run plays: its round and speaker.
type saidKey struct {
	round int
	name  string
}

// dryRun stands in for an agent in an estimate: a sim agent answers, and
// the tally counts the call. It reads prompts (it is not PromptFree), so
// that they are rendered at their real length, and it answers in process.
type dryRun struct {
	sim  agents.Agent
	real agents.Agent
	name string
	t    *tally
	// batched: the real agent's calls go through its batch API.
	batched bool
}

var (
	_ agents.Agent     = dryRun{}
	_ agents.InProcess = dryRun{}
)

// InProcess implements agents.InProcess.
func (dryRun) InProcess() {}

// Generate implements agents.Agent.
func (d dryRun) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	key := d.t.askKey(d, req) // hashed once: the tally counts by it too
	if key != "" {
		// The stand-in answers an ask as the run's cache would: alike
		// where the real agent's request is alike (a fixed seed's
		// repeats), for its seed is drawn from that request, not from
		// the turn alone.
		sum := sha256.Sum256([]byte(key))
		req.Seed = binary.LittleEndian.Uint64(sum[:8])
	}
	resp, err := d.sim.Generate(ctx, req)
	if err == nil {
		d.t.add(d, req, resp, key)
	}
	if _, local := d.real.(agents.InProcess); !local {
		d.t.chain++
	}
	return resp, err
}
