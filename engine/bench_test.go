package engine

import (
	"context"

	"runtime"
	"testing"

	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

const benchDebate = `name: bench
seed: 3
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 500, difficulty: 0.6}
protocols:
  - {name: debate, judge: judge, debaters: strong, rounds: 3}
`

// BenchmarkDebateEpisodes plays 3-round sim debates on every CPU and writes
// their transcripts to a file, as a run does; it reports episodes a second.
func BenchmarkDebateEpisodes(b *testing.B) {
	x := mustParse(b, "bench.yaml", benchDebate)
	base := x.Plan()
	plan := make([]Episode, b.N)
	for i := range plan {
		plan[i] = base[i%len(base)]
		plan[i].Index = i
	}
	log, err := openLog(b.TempDir(), nil, "", nil, true)
	if err != nil {
		b.Fatal(err)
	}
	defer log.close()
	b.ReportAllocs()
	b.ResetTimer()
	r := &runner{
		n:       len(plan),
		workers: runtime.NumCPU(),
		play:    func(ctx context.Context, i int) transcript.Episode { return x.play(ctx, &plan[i]) },
		sinks:   []Sink{log, sinks.NewSummary(b.TempDir(), x.Name, x.Seed)},
		encode:  encodeLine,
	}
	if _, err := r.run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "episodes/s")
}

// BenchmarkEpisode plays one 3-round debate on one goroutine, without
// writing: the cost of the episode itself.
func BenchmarkEpisode(b *testing.B) {
	x := mustParse(b, "bench.yaml", benchDebate)
	plan := x.Plan()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rec := x.play(context.Background(), &plan[i%len(plan)])
		if rec.Error != "" {
			b.Fatal(rec.Error)
		}
	}
}
