package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/simserver"
)

// overHTTP is a debate experiment whose agents are behind serve-sim.
func overHTTP(b *testing.B, latency time.Duration, endpointLimit, questions int) (*Experiment, *simserver.Server) {
	b.Helper()
	models := map[string]agents.Agent{
		"strong": sim.New(sim.Settings{Skill: 0.9, Deception: 0.8, Diligence: 0.5, TrustUnverified: 0.5, Noise: 0.5}),
		"judge":  sim.New(sim.Settings{Skill: 0.5, Diligence: 0.2, TrustUnverified: 0.3, PositionBias: 0.3, Noise: 0.5}),
	}
	srv := simserver.New(models, simserver.Options{Faults: simserver.Faults{Latency: latency}})
	hs := httptest.NewServer(srv)
	b.Cleanup(hs.Close)
	// Each benchmark gets its own endpoint URL, hence its own limit.
	yaml := fmt.Sprintf(`name: bench-http
seed: 5
agents:
  strong: {backend: openai, base_url: %[1]s/v1, model: strong, concurrency: %[2]d}
  judge: {backend: openai, base_url: %[1]s/v1, model: judge, concurrency: %[2]d}
tasks:
  - {name: qa, generator: qa, n: %[3]d, difficulty: 0.6}
protocols:
  - {name: debate, judge: judge, debaters: strong, rounds: 3}
`, hs.URL, endpointLimit, questions)
	x := mustParse(b, "bench-http.yaml", yaml)
	return x, srv
}

// BenchmarkDebateOverHTTP plays 300 three-round debates (2,100 calls)
// against serve-sim with 50 ms added to every call and an endpoint limit
// of 32. No schedule can beat the larger of the longest chain of dependent
// calls (3 rounds of simultaneous turns and the judge: 4 × 50 ms) and the
// calls the limit lets through (2,100 ÷ 32 × 50 ms); the benchmark reports
// wall time ÷ that bound. It runs with the default episodes in flight
// (InFlight), with twice the limit, and with 2 (the default before the
// endpoints set it, on a machine of 2 CPUs).
func BenchmarkDebateOverHTTP(b *testing.B) {
	const (
		latency   = 50 * time.Millisecond
		limit     = 32
		questions = 150 // × 2 orders = 300 episodes
	)
	for _, c := range []struct {
		name        string
		concurrency int
	}{{"default", 0}, {"twice-the-limit", 2 * limit}, {"two-cpus", 2}} {
		b.Run(c.name, func(b *testing.B) {
			x, srv := overHTTP(b, latency, limit, questions)
			episodes := len(x.Plan())
			calls := episodes * 7
			bound := max(4*latency, time.Duration(float64(calls)/limit*float64(latency)))
			for b.Loop() {
				start := time.Now()
				if _, err := runSummarized(context.Background(), x, Options{Out: b.TempDir(), Concurrency: c.concurrency}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(time.Since(start))/float64(bound), "wall/bound")
			}
			if st := srv.Stats(); st.Answers < int64(calls) {
				b.Fatalf("the server answered %d calls; want %d", st.Answers, calls)
			}
		})
	}
}

// BenchmarkCallOverhead plays debates against serve-sim with no added
// latency: the cost of a call through the engine, the openai client, HTTP
// on loopback and the server, both sides on this machine's cores.
func BenchmarkCallOverhead(b *testing.B) {
	x, _ := overHTTP(b, 0, 64, 150)
	calls := len(x.Plan()) * 7
	for b.Loop() {
		start := time.Now()
		if _, err := runSummarized(context.Background(), x, Options{Out: b.TempDir(), Concurrency: 64}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/float64(calls), "µs/call")
	}
}

// BenchmarkPeakHeap runs sim debates of 2,000, 20,000 and 200,000
// episodes (500 questions, 2, 20 and 200 repeats) and reports the peak
// heap in use, sampled every millisecond: a run keeps counts, not
// records, so it should not grow with the episodes. (The questions
// themselves are held for the run, and the report embeds up to
// report.MaxEpisodes episodes.)
func BenchmarkPeakHeap(b *testing.B) {
	for _, repeats := range []int{2, 20, 200} {
		b.Run(fmt.Sprintf("episodes=%d", 1000*repeats), func(b *testing.B) {
			yaml := fmt.Sprintf("name: heap\nseed: 1\nrepeats: %d\nagents:\n  s: {backend: sim, skill: 0.9}\n  j: {backend: sim}\ntasks:\n  - {name: qa, generator: qa, n: 500}\nprotocols:\n  - {name: debate, judge: j, debaters: s}\n", repeats)
			x := mustParse(b, "heap.yaml", yaml)
			for b.Loop() {
				runtime.GC()
				var peak atomic.Uint64
				stop := make(chan struct{})
				done := make(chan struct{})
				go func() {
					defer close(done)
					var ms runtime.MemStats
					for {
						select {
						case <-stop:
							return
						case <-time.After(time.Millisecond):
						}
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak.Load() {
							peak.Store(ms.HeapInuse)
						}
					}
				}()
				dir := b.TempDir()
				if _, err := runSummarized(context.Background(), x, Options{Out: dir, Concurrency: runtime.NumCPU()}); err != nil {
					b.Fatal(err)
				}
				close(stop)
				<-done
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
				os.Remove(filepath.Join(dir, TranscriptsFile))
			}
		})
	}
}

// BenchmarkDebateOverHTTPReplicas plays the debates of
// BenchmarkDebateOverHTTP (600 of them here) through three serve-sim
// replicas of one model, each with its own limit of 32: the bound on wall
// time is a third of a single endpoint's. Default episodes in flight. It
// runs with 50 ms a call, as the single endpoint does, and with 200 ms,
// where the client and the three in-process servers need a quarter of the
// CPU a second: on a machine with few cores that shows the schedule apart
// from the CPU. Besides wall ÷ bound it reports how full the replicas were
// (calls in flight at the servers ÷ 96, over the whole run) and the
// milliseconds before the first call and after the last answer.
func BenchmarkDebateOverHTTPReplicas(b *testing.B) {
	const (
		limit     = 32
		replicas  = 3
		questions = 300
	)
	for _, latency := range []time.Duration{50 * time.Millisecond, 200 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%v", latency), func(b *testing.B) {
			models := map[string]agents.Agent{
				"strong": sim.New(sim.Settings{Skill: 0.9, Deception: 0.8, Diligence: 0.5, TrustUnverified: 0.5, Noise: 0.5}),
				"judge":  sim.New(sim.Settings{Skill: 0.5, Diligence: 0.2, TrustUnverified: 0.3, PositionBias: 0.3, Noise: 0.5}),
			}
			w := &callWatch{}
			urls := ""
			for i := range replicas {
				hs := httptest.NewServer(w.wrap(simserver.New(models, simserver.Options{Faults: simserver.Faults{Latency: latency}})))
				b.Cleanup(hs.Close)
				if i > 0 {
					urls += ", "
				}
				urls += hs.URL + "/v1"
			}
			x, err := Parse("bench-replicas.yaml", []byte(fmt.Sprintf(`name: bench-replicas
seed: 5
agents:
  strong: {backend: openai, base_url: [%[1]s], model: strong, concurrency: %[2]d}
  judge: {backend: openai, base_url: [%[1]s], model: judge, concurrency: %[2]d}
tasks:
  - {name: qa, generator: qa, n: %[3]d, difficulty: 0.6}
protocols:
  - {name: debate, judge: judge, debaters: strong, rounds: 3}
`, urls, limit, questions)))
			if err != nil {
				b.Fatal(err)
			}
			calls := len(x.Plan()) * 7
			bound := max(4*latency, time.Duration(float64(calls)/(replicas*limit)*float64(latency)))
			for b.Loop() {
				w.reset()
				start := time.Now()
				if _, err := runSummarized(context.Background(), x, Options{Out: b.TempDir()}); err != nil {
					b.Fatal(err)
				}
				wall := time.Since(start)
				first, last, busy := w.span()
				b.ReportMetric(float64(wall)/float64(bound), "wall/bound")
				b.ReportMetric(busy.Seconds()/(replicas*limit*wall.Seconds()), "full")
				b.ReportMetric(float64(first.Sub(start).Milliseconds()), "ms-to-first")
				b.ReportMetric(float64(start.Add(wall).Sub(last).Milliseconds()), "ms-after-last")
			}
		})
	}
}

// callWatch times the chat completions its handlers serve: the first
// request, the last answer, and the call-seconds in between.
type callWatch struct {
	mu          sync.Mutex
	first, last time.Time
	busy        time.Duration
}

func (w *callWatch) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			h.ServeHTTP(rw, r)
			return
		}
		start := time.Now()
		w.mu.Lock()
		if w.first.IsZero() || start.Before(w.first) {
			w.first = start
		}
		w.mu.Unlock()
		h.ServeHTTP(rw, r)
		end := time.Now()
		w.mu.Lock()
		w.busy += end.Sub(start)
		if end.After(w.last) {
			w.last = end
		}
		w.mu.Unlock()
	})
}

func (w *callWatch) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.first, w.last, w.busy = time.Time{}, time.Time{}, 0
}

func (w *callWatch) span() (first, last time.Time, busy time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first, w.last, w.busy
}
