package engine

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/simserver"
)

// TestReplicasSurviveOneClosedMidRun plays small-openai.yaml against three
// serve-sim replicas listed in base_url, closing one of them after it has
// answered some calls: every episode must finish, each replica must have
// answered some, and every message and verdict must equal those of a run
// against one server.
func TestReplicasSurviveOneClosedMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	x, _ := serveSmall(t, simserver.Faults{})
	want := played(t, x, Options{Concurrency: 8})

	models, _ := loadSmall(t).SimModels()
	const closeAfter = 40
	var urls []string
	answered := make([]atomic.Int64, 3)
	servers := make([]*httptest.Server, 3)
	var closeOnce sync.Once
	closed := make(chan struct{})
	for i := range servers {
		srv := simserver.New(models, simserver.Options{APIKey: testKey})
		servers[i] = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n := answered[i].Add(1); i == 0 && n == closeAfter {
				closeOnce.Do(func() {
					go func() { servers[0].Close(); close(closed) }()
				})
			}
			srv.ServeHTTP(w, r)
		}))
		t.Cleanup(servers[i].Close)
		urls = append(urls, servers[i].URL+"/v1")
	}
	x = parseSmallOpenAI(t, "["+strings.Join(urls, ", ")+"]", "")
	many := t.TempDir()
	mustRunSummarized(t, x, Options{Out: many, Concurrency: 8})
	select {
	case <-closed:
	default:
		t.Fatalf("replica 0 answered %d calls and was never closed", answered[0].Load())
	}
	got := readTranscripts(t, many)
	if len(got) != len(want) {
		t.Fatalf("%d episodes; want %d", len(got), len(want))
	}
	for i := range want {
		sameEpisode(t, want[i], got[i])
	}
	for i := range answered {
		if n := answered[i].Load(); n == 0 {
			t.Errorf("replica %d answered no call", i)
		}
	}
	t.Logf("calls answered by each replica: %d, %d, %d", answered[0].Load(), answered[1].Load(), answered[2].Load())
}
