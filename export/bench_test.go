package export

import (
	"path/filepath"
	"testing"
)

// BenchmarkExport100k exports a synthetic 100,000-episode run (seven
// messages each) in each format; docs/benchmarks.md records the times.
func BenchmarkExport100k(b *testing.B) {
	path := writeRun(b, 100_000)
	for _, f := range []Format{CSV, JSONL, Parquet, Inspect} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "episodes."+string(f))
				if _, err := Run(path, f, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
