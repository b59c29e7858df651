package humanjudge

import (
	"os"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestVerdictLogTakesNoVerdictAfterATornOne: a verdict whose write failed
// and could not be cut off (here the log's handle can neither write nor
// truncate) is said, and the log takes no verdict after it, where the
// next one was written over the failed one's place: a shorter one left
// the rest of the failed line as a line of its own, and the log could
// not be read at the next start. A restart opens it, cutting a torn line.
func TestVerdictLogTakesNoVerdictAfterATornOne(t *testing.T) {
	dir := t.TempDir()
	l, _, _, err := openVerdictLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.append(&transcript.Episode{EpisodeID: "e1", Judge: "human:ana", Order: [2]int{0, 1}}); err != nil {
		t.Fatal(err)
	}
	writable := l.f
	readOnly, err := os.Open(writable.Name())
	if err != nil {
		t.Fatal(err)
	}
	l.f = readOnly
	err = l.append(&transcript.Episode{EpisodeID: "e2", Judge: "human:ana", Order: [2]int{0, 1}})
	if err == nil || !strings.Contains(err.Error(), "torn line") {
		t.Errorf("a failed verdict not cut off: %v; want it said that the log may end in a torn line", err)
	}
	readOnly.Close()
	l.f = writable
	if err := l.append(&transcript.Episode{EpisodeID: "e3", Judge: "human:ana", Order: [2]int{0, 1}}); err == nil {
		t.Error("a verdict was taken after a torn one")
	}
	l.close()
	l, recs, _, err := openVerdictLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.close()
	if len(recs) != 1 || recs[0].EpisodeID != "e1" {
		t.Errorf("the log holds %d records; want e1 alone", len(recs))
	}
}
