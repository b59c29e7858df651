package engine

import (
	"path/filepath"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestShownOnlyWhereItDiffers: a message's shown text, as the judge read
// it with its quotes marked, is recorded only where it differs from what
// the speaker wrote (docs/records.md): a speech with a quote has it, an
// answer or a verdict without one has none.
func TestShownOnlyWhereItDiffers(t *testing.T) {
	eps, err := transcript.ReadFile(filepath.Join(complete(t), TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	marked, plain := 0, 0
	for _, ep := range eps {
		for _, m := range ep.Messages {
			switch {
			case m.Shown == m.Text:
				t.Fatalf("episode %s, %s: shown is the text itself; want it left out", ep.EpisodeID, m.Name)
			case m.Shown != "":
				marked++
			default:
				plain++
			}
		}
	}
	if marked == 0 || plain == 0 {
		t.Errorf("%d messages with a shown text, %d without; want both (quoted speeches; verdicts)", marked, plain)
	}
}
