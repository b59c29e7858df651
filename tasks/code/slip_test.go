package code

import (
	"fmt"
	"testing"
)

// TestLoopEndIsMisreadEitherWayAlike: a loop's end is misread either way
// alike, a pass too few as often as one too many, at every difficulty
// (slipWeights): a lean to either made the larger answer the correct one
// more or less often than half.
func TestLoopEndIsMisreadEitherWayAlike(t *testing.T) {
	for _, d := range []float64{0, 0.2, 0.5, 0.8, 1} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			w := slipWeights(d)
			if w[slipShort] != w[slipLong] || w[slipShort] <= 0 {
				t.Errorf("weights of a pass too few %g and one too many %g; want the same, above 0", w[slipShort], w[slipLong])
			}
		})
	}
}
