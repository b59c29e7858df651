package engine

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/report"
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

// mustRunSummarized runs x as runSummarized does; it stops the test on an
// error.
func mustRunSummarized(t *testing.T, x *Experiment, opts Options) *summed {
	t.Helper()
	res, err := runSummarized(context.Background(), x, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// rejudgeSummarized rejudges as cmd/moot does, with a summary sink.
func rejudgeSummarized(ctx context.Context, x *Experiment, runDir, judge string, opts Options) (*summed, error) {
	z := sinks.NewSummary(opts.Out, x.Name, x.Seed)
	opts.Sinks = append([]Sink{z}, opts.Sinks...)
	return withSummary(z)(Rejudge(ctx, x, runDir, judge, opts))
}

// rejudgeReproduces runs x into a fresh folder with the options run and
// rejudges the run with judge into another with the options rejudge
// (their Out set here), and checks that the rejudge's summary cells are
// the run's; what says what was rejudged. It returns the run's folder,
// the rejudge's and the run's result.
func rejudgeReproduces(t *testing.T, x *Experiment, judge string, run, rejudge Options, what string) (ref, out string, first *summed) {
	t.Helper()
	ref, out = t.TempDir(), t.TempDir()
	run.Out, rejudge.Out = ref, out
	first, err := runSummarized(context.Background(), x, run)
	if err != nil {
		t.Fatal(err)
	}
	again, err := rejudgeSummarized(context.Background(), x, ref, judge, rejudge)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.Summary.Cells, again.Summary.Cells); diff != "" {
		t.Errorf("%s (-first +rejudged):\n%s", what, diff)
	}
	return ref, out, first
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

// failAt is a sink that fails at the n-th record played by this run (not
// resumed), or at the first record of any kind where n is 0: a run killed
// there, before its end writes a summary.
type failAt struct{ n, played int }

func (f *failAt) Episode(_ *transcript.Episode, resumed bool) error {
	if !resumed {
		f.played++
	}
	if f.n == 0 || (!resumed && f.played == f.n) {
		return errors.New("killed")
	}
	return nil
}

// TestResumeOpensTheSinks: a run into a folder that holds a finished
// run's summary has the summary sink remove it, with the tables and the
// report (Opener), just before the log first changes, so that a resume
// killed before it ends leaves no summary saying the run finished, nor
// numbers its log no longer holds; a resume that plays nothing leaves the
// log, and so the summary, as they were.
func TestResumeOpensTheSinks(t *testing.T) {
	dir := complete(t)
	log, summary := filepath.Join(dir, TranscriptsFile), filepath.Join(dir, sinks.SummaryFile)
	whole := mustRead(t, log)
	if _, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Sinks: []Sink{&failAt{}}}); err == nil {
		t.Fatal("a run whose sink fails: no error")
	}
	if now, _ := os.ReadFile(log); !bytes.Equal(now, whole) {
		t.Fatal("a resume with nothing to play changed the log")
	}
	if _, err := os.Stat(summary); err != nil {
		t.Errorf("a resume with nothing to play, killed: %v; want the summary as it was", err)
	}
	// Half the episodes left to play, the summary of the whole run there.
	lines := bytes.SplitAfter(whole, []byte("\n"))
	half := bytes.Join(lines[:len(lines)/2], nil)
	if err := os.WriteFile(log, half, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Concurrency: 1, Sinks: []Sink{&failAt{n: 3}}}); err == nil {
		t.Fatal("a run whose sink fails: no error")
	}
	if now, _ := os.ReadFile(log); len(now) <= len(half) {
		t.Fatalf("the resume wrote nothing before it was killed (%d bytes, %d before it; %d in the whole run)", len(now), len(half), len(whole))
	}
	made := []string{sinks.SummaryFile, sinks.TableMarkdown, sinks.TableCSV, report.ReportFile}
	for _, name := range made {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a resume killed after it wrote to the log: %s: %v; want it removed", name, err)
		}
	}
	mustRunSummarized(t, loadSmall(t), Options{Out: dir})
	for _, name := range made {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("after the run: %v; want %s written anew", err, name)
		}
	}
}
