package sinks

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestLinesOfAStoppedRun: once a run stopped early (Ctrl-C) has ended
// its play (the engine's Finish, before the summary sink's), one line
// says the run stopped and is writing its results, and no more follow,
// as when every episode is in; the lines said "stopping: the episodes in
// flight finish", with a falling rate, all the while the summary, tables
// and report of the episodes done were written, with none in flight.
func TestLinesOfAStoppedRun(t *testing.T) {
	p := NewProgress()
	stop := make(chan struct{})
	p.StopOn(stop)
	p.SetTotal(100)
	for range 40 {
		p.Played(&transcript.Episode{Protocol: "debate"})
	}
	close(stop)
	if line := firstLine(t, 0, p); !strings.HasSuffix(line, "stopping: the episodes in flight finish") {
		t.Errorf("progress line %q while episodes are in flight; want the stopping line", line)
	}
	if err := p.Finish("interrupted after 40 of 100 episodes"); err != nil {
		t.Fatal(err)
	}
	want := "moot: 40/100 episodes (0 failed), 0 calls, 0 retries, $0.0000: interrupted after 40 of 100 episodes; writing the summary, tables and report"
	if line := firstLine(t, 0, p); line != want {
		t.Errorf("progress line %q once play ended; want %q", line, want)
	}
	noLineAfterTheLast(t, p)
}
