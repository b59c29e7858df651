package sinks

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/transcript"
)

// seedFolder writes a seed's folder, seed-1 of dir, with the log of eps
// and, where sum is not nil, the summary.json its run wrote.
func seedFolder(t *testing.T, dir string, sum *analysis.Summary, eps ...transcript.Episode) {
	t.Helper()
	seed := filepath.Join(dir, "seed-1")
	if err := os.MkdirAll(seed, 0o777); err != nil {
		t.Fatal(err)
	}
	var log []byte
	for _, e := range eps {
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		log = append(append(log, line...), '\n')
	}
	if err := os.WriteFile(filepath.Join(seed, transcript.FileName), log, 0o644); err != nil {
		t.Fatal(err)
	}
	if sum != nil {
		if err := WriteFiles(seed, *sum); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSummarizeReplicatesReadsEachSeedAsItsSummarySays: a seed's
// summary.json says how to read its log. A seed stopped early (a partial
// summary) may hold a failure and its replay, and counts the replay
// alone; a finished seed whose log has lost an episode since, or whose
// folder holds a run at another seed, is bad input, not pooled under the
// seed's name. The shard the seeds played is the pooled summary's.
func TestSummarizeReplicatesReadsEachSeedAsItsSummarySays(t *testing.T) {
	ep := transcript.Episode{EpisodeID: "e1", Protocol: "direct", Kind: "direct", Task: "qa", QuestionID: "q1", Judge: "j", Assignment: "correct-first",
		Answers: [2]string{"adze", "kiln"}, Order: [2]int{0, 1}, Correct: true}
	failed := ep
	failed.Error, failed.Correct = "episode failed: HTTP 500", false
	ep2 := ep
	ep2.EpisodeID, ep2.QuestionID = "e2", "q2"
	dirOf := func(uint64) string { return "seed-1" }

	stopped := t.TempDir()
	seedFolder(t, stopped, &analysis.Summary{Experiment: "x", Seed: 1, Episodes: 1, Partial: "interrupted"}, failed, ep)
	sum, err := SummarizeReplicates(stopped, "x", []uint64{1}, dirOf, SeedLocks{Shard: "2/4"})
	if err != nil || sum.Episodes != 1 || sum.Failed != 0 {
		t.Errorf("a seed stopped early: %d episodes, %d failed, %v; want 1 and 0: the replay alone", sum.Episodes, sum.Failed, err)
	}
	if sum.Shard != "2/4" {
		t.Errorf("shard %q; want the seeds' 2/4", sum.Shard)
	}

	lost := t.TempDir()
	seedFolder(t, lost, &analysis.Summary{Experiment: "x", Seed: 1, Episodes: 2}, ep)
	if _, err := SummarizeReplicates(lost, "x", []uint64{1}, dirOf, SeedLocks{}); !errors.As(err, new(*inputerr.Error)) {
		t.Errorf("a finished seed's log with 1 of its 2 episodes: err %v; want bad input", err)
	}

	other := t.TempDir()
	seedFolder(t, other, &analysis.Summary{Experiment: "x", Seed: 7, Episodes: 2}, ep, ep2)
	if _, err := SummarizeReplicates(other, "x", []uint64{1}, dirOf, SeedLocks{}); !errors.As(err, new(*inputerr.Error)) || !strings.Contains(err.Error(), "seed 7, not 1") {
		t.Errorf("seed 1's folder holding a run at seed 7: err %v; want bad input naming both", err)
	}
}

// TestReplicatePageLinksEachSeedsReport: the replicated run's page links
// each seed's own report, in its folder; its figures are numbered from 1
// (phase-1.png, as the phase experiments tell their users to open).
func TestReplicatePageLinksEachSeedsReport(t *testing.T) {
	dir := t.TempDir()
	sum := analysis.Summary{Experiment: "x", Replicates: &analysis.ReplicateSummary{Seeds: []uint64{1, 2}}}
	if err := WriteReplicatePage(dir, sum, []uint64{1, 2}, func(s uint64) string { return map[uint64]string{1: "seed-1", 2: "seed-2"}[s] }); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, href := range []string{`href="seed-1/report.html"`, `href="seed-2/report.html"`} {
		if !strings.Contains(string(page), href) {
			t.Errorf("the replicated run's page lacks %s", href)
		}
	}
	if PhaseFile(0) != "phase-1.png" || SweepFile(1) != "sweep-2.png" {
		t.Errorf("figures %s and %s; want phase-1.png and sweep-2.png", PhaseFile(0), SweepFile(1))
	}
}

// TestFinishWritesTheShard: a shard's run (moot run --shard 2/4) says so
// in its summary.json, which moot merge reads.
func TestFinishWritesTheShard(t *testing.T) {
	dir := runFolder(t)
	if err := NewSummary(dir, "x", 1).OfShard("2/4").Finish(""); err != nil {
		t.Fatal(err)
	}
	if sum, err := ReadSummary(filepath.Join(dir, SummaryFile)); err != nil || sum.Shard != "2/4" {
		t.Errorf("a shard's summary: shard %q, err %v; want 2/4", sum.Shard, err)
	}
}

// TestLinesEveryTwoSecondsByDefault: an interval of 0 (none given) prints
// a line every 2 s, where a ticker of 0 would panic.
func TestLinesEveryTwoSecondsByDefault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewProgress()
		p.SetTotal(10)
		var out syncbuf.Buffer
		stop := StartLines(&out, 0, p)
		defer stop()
		time.Sleep(2*time.Second - time.Millisecond)
		if out.String() != "" {
			t.Errorf("a line before 2 s: %q", out.String())
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if !strings.HasPrefix(out.String(), "moot: 0/10 episodes") {
			t.Errorf("the line at 2 s: %q; want 0/10 episodes", out.String())
		}
	})
}

// TestLinesOfAResumeETAOfWhatIsLeft: the ETA of a resume is of the
// episodes left to play, not counting those the earlier run did: 900
// done before, 50 played at 100 a second, 50 left, 1 s.
func TestLinesOfAResumeETAOfWhatIsLeft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewProgress()
		p.SetResumed(900)
		p.SetTotal(1000)
		var out syncbuf.Buffer
		stop := StartLines(&out, time.Second, p)
		defer stop()
		time.Sleep(500 * time.Millisecond)
		for range 50 {
			p.Played(&transcript.Episode{Protocol: "debate"})
		}
		time.Sleep(500 * time.Millisecond)
		synctest.Wait()
		want := "moot: 950/1000 episodes (0 failed), 0 calls, 0 retries, $0.0000, 50.0 episodes/s, ETA 1s\n"
		if got := out.String(); got != want {
			t.Errorf("the line:\n%s\nwant\n%s", got, want)
		}
	})
}

// TestLinesOfARunStoppedAfterItsLastEpisode: a run whose every episode
// is in says so, "all in", though its play was stopped (Ctrl-C once the
// last episode had ended): nothing was left out.
func TestLinesOfARunStoppedAfterItsLastEpisode(t *testing.T) {
	p := NewProgress()
	for range 4 {
		p.Played(&transcript.Episode{Protocol: "debate"})
	}
	if err := p.Finish("interrupted after 4 of 4 episodes"); err != nil {
		t.Fatal(err)
	}
	if line := firstLine(t, 4, p); !strings.HasSuffix(line, ": all in; writing the summary, tables and report") {
		t.Errorf("progress line %q; want all in", line)
	}
}
