package loaders

import (
	"fmt"
	"slices"
	"testing"
)

// TestSampleIsSpread: a sample of ids that differ only in their last
// characters ("t-1", "t-2", …, as a file without ids gets) is spread over
// the file like a uniform draw, not taken in runs of neighbouring lines.
// For 200 of 2,000, a uniform draw has about 20 chosen pairs of
// neighbours and about 10 in each hundred lines.
func TestSampleIsSpread(t *testing.T) {
	items := make([]item, 2000)
	for i := range items {
		items[i].id = fmt.Sprintf("t-%d", i+1)
	}
	index := map[string]int{}
	for i, it := range items {
		index[it.id] = i
	}
	for seed := range uint64(5) {
		got, err := sample(items, 200, seed)
		if err != nil {
			t.Fatal(err)
		}
		chosen := map[int]bool{}
		for _, it := range got {
			chosen[index[it.id]] = true
		}
		neighbours, perHundred := 0, make([]int, 20)
		for i := range chosen {
			perHundred[i/100]++
			if chosen[i+1] {
				neighbours++
			}
		}
		if neighbours > 40 {
			t.Errorf("seed %d: %d pairs of neighbouring lines in a sample of 200 of 2,000; a uniform draw has about 20", seed, neighbours)
		}
		if slices.Contains(perHundred, 0) {
			t.Errorf("seed %d: lines chosen in each hundred %v; a uniform draw leaves none empty but by rare chance", seed, perHundred)
		}
	}
}
