package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// MaxInFlight bounds the episodes a run plays at once by default.
const MaxInFlight = 1024

// PreflightTimeout bounds the whole preflight check.
const PreflightTimeout = 8 * time.Second

var (
	// ErrPreflight is wrapped by the error of a failed preflight check:
	// the run did not start and nothing was written.
	ErrPreflight = errors.New("preflight")
	// ErrEndpointDown stops a run whose agent's endpoint keeps failing
	// to connect (agents.Breaker).
	ErrEndpointDown = errors.New("endpoint down")
)

// AgentsInPlay lists the agents that the experiment's plan calls, each
// once, in the order the plan first calls them: the seats of every
// episode (a sweep cell's own agents where it has them) and best-of-N
// scorers. Agents that the file declares but no protocol names are left
// out: no run calls them.
func (x *Experiment) AgentsInPlay() []*AgentEntry {
	return x.agentsOf(x.planned())
}

// Unready returns, for the first of as that cannot call yet (an API key
// variable not set: agents.Unready), an input error naming the agent, at
// its block in the experiment file; nil when every one can.
func (x *Experiment) Unready(as []*AgentEntry) error {
	for _, a := range as {
		u, ok := a.Agent.(agents.Unready)
		if !ok {
			continue
		}
		if err := u.Unready(); err != nil {
			line, lookup := 0, func(string) int { return 0 }
			if a.node != nil {
				line, lookup = a.node.Line, func(f string) int { return keyLine(a.node, f) }
			}
			return inputError(x.Path, line, "agents."+a.Name, lookup, err)
		}
	}
	return nil
}

// agentsOf lists the agents plan calls. Every question is played by the
// same slots, so the first question's episodes call them all.
func (x *Experiment) agentsOf(plan *planned) []*AgentEntry {
	seen := map[*AgentEntry]bool{}
	var out []*AgentEntry
	add := func(a *AgentEntry) {
		if a != nil && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for i := range min(plan.Len(), len(plan.slots)) {
		ep := plan.At(i)
		for _, name := range agentsCalled(ep.Protocol.Protocol, ep.Assignment) {
			add(x.agentOf(&ep, name))
		}
	}
	return out
}

// agentsCalled names the agents an episode of protocol p in assignment as
// calls: its seats', its best-of-N scorer, its reference writer.
func agentsCalled(p protocols.Protocol, as *protocols.Assignment) []string {
	var names []string
	for _, s := range as.Seats {
		names = append(names, s.Agent)
	}
	if name := p.Rules().Scorer; name != "" {
		names = append(names, name)
	}
	if r := p.Common().Reference; r != nil && r.Agent != "" {
		names = append(names, r.Agent)
	}
	return names
}

// endpointsOf lists the endpoints a's calls go to: each replica of a list
// (agents.Replicated), whose URL is an endpoint of its own that another
// agent may name alone; else a's one endpoint (agents.Remote); else none.
func endpointsOf(a agents.Agent) []agents.Endpoint {
	if r, ok := a.(agents.Replicated); ok {
		return r.Replicas()
	}
	if r, ok := a.(agents.Remote); ok {
		return []agents.Endpoint{r.Endpoint()}
	}
	return nil
}

// lowerLimits notes each of eps's limits in limits, by URL, where it is
// the first or smaller: agents of one URL share the smallest.
func lowerLimits(limits map[string]int, eps []agents.Endpoint) {
	for _, e := range eps {
		if l, ok := limits[e.URL]; !ok || e.Limit < l {
			limits[e.URL] = e.Limit
		}
	}
}

// EndpointLimit is one endpoint URL and the calls it takes at once.
type EndpointLimit struct {
	URL   string
	Limit int
}

// InFlight is the number of episodes a run of the given agents plays at
// once: requested if positive; else, when any agent waits on the network
// (not agents.InProcess), twice the sum of the limits of the distinct
// endpoints, so that every endpoint's slots stay busy while episodes
// between calls, or in a step that asks one seat, leave some free — at
// least the number of CPUs and at most MaxInFlight; else, for agents that
// all answer in process, the number of CPUs. It also returns each
// endpoint's limit, sorted by URL. Run and Rejudge both use it.
func InFlight(requested int, as []*AgentEntry) (int, []EndpointLimit) {
	limits := map[string]int{}
	network := false
	for _, a := range as {
		if _, ok := a.Agent.(agents.InProcess); ok {
			continue
		}
		network = true
		lowerLimits(limits, endpointsOf(a.Agent))
	}
	var out []EndpointLimit
	sum := 0
	for url, l := range limits {
		out = append(out, EndpointLimit{URL: url, Limit: l})
		sum += l
	}
	slices.SortFunc(out, func(a, b EndpointLimit) int { return cmp.Compare(a.URL, b.URL) })
	switch {
	case requested > 0:
		return requested, out
	case network:
		return min(max(2*sum, runtime.NumCPU()), MaxInFlight), out
	}
	return runtime.NumCPU(), out
}

// Preflight checks each distinct endpoint (URL, model and key variable)
// of the agents once, all at once, within PreflightTimeout: that it is
// reachable, accepts the key and serves the model (agents.Checker). It
// returns nil when every check passes, else one line naming the agent,
// URL and model of the first that failed (in the agents' order), wrapping
// ErrPreflight.
func Preflight(ctx context.Context, as []*AgentEntry) error {
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	type check struct {
		agent string
		e     agents.Endpoint
		c     agents.Checker
		err   error
	}
	var checks []*check
	seen := map[agents.Endpoint]bool{}
	for _, a := range as {
		r, ok1 := a.Agent.(agents.Remote)
		c, ok2 := a.Agent.(agents.Checker)
		if !ok1 || !ok2 {
			continue
		}
		e := r.Endpoint()
		e.Limit = 0 // the limit is no part of an endpoint's identity
		if seen[e] {
			continue
		}
		seen[e] = true
		checks = append(checks, &check{agent: a.Name, e: e, c: c})
	}
	var wg sync.WaitGroup
	for _, ch := range checks {
		wg.Go(func() { ch.err = ch.c.Check(ctx) })
	}
	wg.Wait()
	for _, ch := range checks {
		if ch.err != nil {
			msg := ch.err.Error()
			if errors.Is(ch.err, context.DeadlineExceeded) || ctx.Err() != nil && strings.Contains(msg, "deadline") {
				msg = fmt.Sprintf("no answer within %s", PreflightTimeout)
			}
			return fmt.Errorf("%w: agent %s: %s model %s: %s", ErrPreflight, ch.agent, ch.e.URL, ch.e.Model, msg)
		}
	}
	return nil
}

// endpointsDown is the policy that stops a run once an agent it calls
// has its endpoint's circuit breaker open (agents.Breaker): its calls
// would all fail fast.
type endpointsDown []namedBreaker

type namedBreaker struct {
	name string
	b    agents.Breaker
}

// downPolicy returns the policy for the agents that have a breaker, or
// nil if none has.
func downPolicy(as []*AgentEntry) Policy {
	var p endpointsDown
	for _, a := range as {
		if b, ok := a.Agent.(agents.Breaker); ok {
			p = append(p, namedBreaker{a.Name, b})
		}
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

func (p endpointsDown) Start() error {
	for _, a := range p {
		if err := a.b.Down(); err != nil {
			return fmt.Errorf("%w: agent %s: %w", ErrEndpointDown, a.name, err)
		}
	}
	return nil
}

func (p endpointsDown) Finish(*transcript.Episode) error { return p.Start() }

// SimModels is the experiment's sim agents by name, as serve-sim serves
// them for the file's openai twin; others are its agents of other backends.
func (x *Experiment) SimModels() (models map[string]agents.Agent, others []*AgentEntry) {
	models = map[string]agents.Agent{}
	for _, a := range x.Agents {
		if a.Backend != "sim" {
			others = append(others, a)
			continue
		}
		models[a.Name] = a.Agent
	}
	return models, others
}
