package analysis

import (
	"encoding/json"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestSummaryParallelIsSerial: a Summary finished on many goroutines is
// byte for byte the Summary finished on one.
func TestSummaryParallelIsSerial(t *testing.T) {
	sweep := sweepEpisodes(func(skill, rounds string, q int) bool { return skill == "0.9" || q%2 == 0 })
	for name, eps := range map[string][]transcript.Episode{
		"golden": goldenEpisodes(),
		"sweep":  sweep,
	} {
		t.Run(name, func(t *testing.T) {
			summary := func(workers int) string {
				defer func(n int) { finishWorkers = n }(finishWorkers)
				finishWorkers = workers
				data, err := json.Marshal(Summarize("e", 7, eps))
				if err != nil {
					t.Fatal(err)
				}
				return string(data)
			}
			serial := summary(1)
			if got := summary(8); got != serial {
				t.Errorf("with 8 workers got\n%s\nwant (1 worker)\n%s", got, serial)
			}
		})
	}
}
