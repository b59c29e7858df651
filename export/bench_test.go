//go:build unix

package export

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkExport100k exports a synthetic 100,000-episode run (seven
// messages each) in each format; docs/benchmarks.md records the times.
// Besides the wall time it reports cpu-s/op, the CPU time the process
// spent (user and system, every goroutine): on a shared machine the wall
// time depends on the other load, the CPU time much less.
func BenchmarkExport100k(b *testing.B) {
	path := writeRun(b, 100_000)
	seed := uint64(7) // the seed column filled, as moot export fills it
	for _, f := range []Format{CSV, JSONL, Parquet, Inspect} {
		b.Run(string(f), func(b *testing.B) {
			start := cpuTime(b)
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "episodes."+string(f))
				if _, err := Run(path, f, out, Options{Seed: &seed}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime(b)-start).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// cpuTime is the CPU time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
