package engine

import (
	"context"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/agents"
)

// remoteAgent answers from one endpoint, or from replicas.
type remoteAgent struct {
	ep       agents.Endpoint
	replicas []agents.Endpoint
}

func (remoteAgent) Generate(context.Context, agents.Request) (agents.Response, error) {
	return agents.Response{}, nil
}
func (a remoteAgent) Endpoint() agents.Endpoint { return a.ep }

type replicatedAgent struct{ remoteAgent }

func (a replicatedAgent) Replicas() []agents.Endpoint { return a.replicas }

// TestInFlightCountsEachReplicaOnce: an agent's replica list counts each
// of its URLs as an endpoint of its own, so that a URL another agent names
// alone is counted once, at the smaller limit: P20 at 2 (the judge's) and
// P21 at 4 give twice 6 episodes in flight, not twice 2 + (2 + 4).
func TestInFlightCountsEachReplicaOnce(t *testing.T) {
	const p20, p21 = "http://127.0.0.1:19120/v1", "http://127.0.0.1:19121/v1"
	strong := replicatedAgent{remoteAgent{
		ep:       agents.Endpoint{URL: p20 + "," + p21, Limit: 6},
		replicas: []agents.Endpoint{{URL: p20, Limit: 4}, {URL: p21, Limit: 4}},
	}}
	judge := remoteAgent{ep: agents.Endpoint{URL: p20, Limit: 2}}
	n, limits := InFlight(0, []*AgentEntry{{Name: "strong", Agent: strong}, {Name: "judge", Agent: judge}})
	want := []EndpointLimit{{URL: p20, Limit: 2}, {URL: p21, Limit: 4}}
	if diff := cmp.Diff(want, limits); diff != "" || n != min(max(12, runtime.NumCPU()), MaxInFlight) {
		t.Errorf("InFlight = %d, %v; want %d and the two URLs (-want +got):\n%s", n, limits, min(max(12, runtime.NumCPU()), MaxInFlight), diff)
	}
}
