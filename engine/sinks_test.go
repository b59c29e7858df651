package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// The files the summary sink writes, for the tests that look at a run's
// folder.
const (
	SummaryFile   = sinks.SummaryFile
	TableMarkdown = sinks.TableMarkdown
	TableCSV      = sinks.TableCSV
	ReportFile    = sinks.ReportFile
)

var readSummary = sinks.ReadSummary

// summed is a run's result with the summary that its summary sink wrote.
type summed struct {
	*Result
	Summary analysis.Summary
	Failed  int
}

// runSummarized runs x as cmd/moot does: with a summary sink after the
// transcript log, and opts' own sinks after it.
func runSummarized(ctx context.Context, x *Experiment, opts Options) (*summed, error) {
	z := sinks.NewSummary(opts.Out, x.Name, x.Seed)
	opts.Sinks = append([]Sink{z}, opts.Sinks...)
	return withSummary(z)(Run(ctx, x, opts))
}

// rejudgeSummarized rejudges as cmd/moot does, with a summary sink.
func rejudgeSummarized(ctx context.Context, x *Experiment, runDir, judge string, opts Options) (*summed, error) {
	z := sinks.NewSummary(opts.Out, x.Name, x.Seed)
	opts.Sinks = append([]Sink{z}, opts.Sinks...)
	return withSummary(z)(Rejudge(ctx, x, runDir, judge, opts))
}

func withSummary(z *sinks.Summary) func(*Result, error) (*summed, error) {
	return func(res *Result, err error) (*summed, error) {
		if res == nil {
			return nil, err
		}
		sum := z.Summary()
		return &summed{Result: res, Summary: sum, Failed: sum.Failed}, err
	}
}

// verify runs x into a temporary folder and compares it with refDir, as
// moot verify does.
func verify(ctx context.Context, x *Experiment, refDir string, opts Options) (string, error) {
	if _, err := readSummary(refDir + "/" + SummaryFile); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "moot-verify-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	opts.Out = tmp
	if _, err := runSummarized(ctx, x, opts); err != nil {
		return "", err
	}
	return sinks.Diff(refDir, tmp, 0)
}

// summaryGone is a sink that notes, at the first record handed to it,
// whether the run's folder still holds a summary.
type summaryGone struct {
	dir       string
	seen, had bool
}

func (s *summaryGone) Episode(*transcript.Episode, bool) error {
	if !s.seen {
		s.seen = true
		_, err := os.Stat(filepath.Join(s.dir, sinks.SummaryFile))
		s.had = err == nil
	}
	return nil
}

// TestResumeOpensTheSinks: a run into a folder that holds a finished run
// has the summary sink remove the old summary (Opener) before any record
// is handed on, so that a resume killed before it finishes leaves no
// summary saying the run finished; the run's end writes it anew.
func TestResumeOpensTheSinks(t *testing.T) {
	dir := complete(t)
	spy := &summaryGone{dir: dir}
	if _, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Sinks: []Sink{spy}}); err != nil {
		t.Fatal(err)
	}
	if !spy.seen || spy.had {
		t.Errorf("first record handed on: seen %v, the old summary there %v; want it gone", spy.seen, spy.had)
	}
	if _, err := os.Stat(filepath.Join(dir, sinks.SummaryFile)); err != nil {
		t.Errorf("after the run: %v; want the summary written anew", err)
	}
}
