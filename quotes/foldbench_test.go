package quotes

import (
	"strings"
	"testing"
)

// BenchmarkFoldASCIIContext folds a generated task's context (ASCII, 2 KB),
// as Found does once a context: foldASCII, a byte at a time (10 µs on 2
// cores, 2026-12-06), where the rune loop of Fold took 20 µs.
func BenchmarkFoldASCIIContext(b *testing.B) {
	text := strings.Repeat("Orla Venn carried a green lantern to Kessmoor. The tide  was low.\n", 30)
	b.ReportAllocs()
	for b.Loop() {
		_ = Fold(text)
	}
}
