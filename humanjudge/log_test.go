package humanjudge

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/appendlog"
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
	if err := l.append(&transcript.Episode{EpisodeID: "e1", Judge: "human:ana", Order: [2]int{0, 1}, Correct: true}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, engine.TranscriptsFile)
	whole, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	l.close()
	readOnly, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	l.log = appendlog.New(readOnly, whole.Size())
	err = l.append(&transcript.Episode{EpisodeID: "e2", Judge: "human:ana", Order: [2]int{0, 1}, Correct: true})
	if !errors.Is(err, appendlog.ErrTorn) {
		t.Errorf("a failed verdict not cut off: %v; want it said that the log may end in a torn line", err)
	} else {
		// One line, as the server logs it and the page shows it: the
		// write's failure, that the log may be torn, then what to do.
		msg := err.Error()
		cause, torn, todo := strings.Index(msg, "bad file descriptor"), strings.Index(msg, "may end in a torn line"), strings.Index(msg, "restart moot judge")
		if strings.Contains(msg, "\n") || cause < 0 || torn < cause || todo < torn {
			t.Errorf("got %q; want one line: the write's error, that the log may end in a torn line, then to restart moot judge", msg)
		}
	}
	if err := l.append(&transcript.Episode{EpisodeID: "e3", Judge: "human:ana", Order: [2]int{0, 1}, Correct: true}); err == nil {
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
