package engine

import (
	"context"
	"os"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/sinks"
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
