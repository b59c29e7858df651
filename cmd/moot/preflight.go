package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
)

// endpointFlags are the flags of a command that calls agents' endpoints.
type endpointFlags struct {
	noPreflight    bool
	strictVerdicts bool
}

func (f *endpointFlags) register(cmd *cobra.Command, strict bool) {
	cmd.Flags().BoolVar(&f.noPreflight, "no-preflight", false, "start without first checking that each endpoint answers, accepts its key and serves its model")
	if strict {
		cmd.Flags().BoolVar(&f.strictVerdicts, "strict-verdicts", false, "exit 1 when a judge left more than 20% of its verdicts unparsed (a warning otherwise)")
	}
}

// errUnparsedVerdicts fails a run under --strict-verdicts.
var errUnparsedVerdicts = errors.New("a judge left too many verdicts unparsed (--strict-verdicts)")

// startEndpoints checks the endpoints of the agents a run calls, unless
// --no-preflight, and prints how many episodes it plays at once and each
// endpoint's limit. batched, if more than 0, is the episodes in flight of
// a run in batch mode (engine.BatchInFlight).
func startEndpoints(ctx context.Context, stderr io.Writer, as []*engine.AgentEntry, concurrency, batched int, f endpointFlags) error {
	if !f.noPreflight {
		if err := engine.Preflight(ctx, as); err != nil {
			return err
		}
	}
	n, limits := engine.InFlight(concurrency, as)
	why := "the number of CPUs: the agents answer in process"
	switch {
	case concurrency > 0:
		why = "--concurrency"
		if batched > 0 {
			why = "--concurrency; batch mode"
		}
	case batched > 0:
		n, why = batched, fmt.Sprintf("batch mode: the whole plan, at most %d", engine.BatchWindow)
	case len(limits) > 0:
		why = "twice the endpoints' limits"
		if n == engine.MaxInFlight {
			why = "at most"
		}
	}
	var eps []string
	for _, l := range limits {
		eps = append(eps, fmt.Sprintf("%s: %s at once", l.URL, noun.Count(l.Limit, "call")))
	}
	line := fmt.Sprintf("moot: %d episodes in flight (%s)", n, why)
	if len(eps) > 0 {
		line += "; " + strings.Join(eps, ", ")
	}
	fmt.Fprintln(stderr, line)
	return nil
}

// printEnd prints a line dropped on resume, the run's and the summary's
// warnings, and the run's last line: its
// episodes (those an earlier run played said apart, so that the time
// reads as this process's), this process's calls — attempted, answered,
// retried, failed — with the last error, and what the run's episodes used
// and paid, resumed ones included.
func printEnd(stderr io.Writer, sum analysis.Summary, res *engine.Result, took time.Duration, out string) {
	calls := res.Calls
	if res.DroppedPartialLine {
		fmt.Fprintf(stderr, "moot: the earlier run's last transcript line was cut short; its episode was played again\n")
	}
	printRunWarnings(stderr, res, sum)
	u := sum.Usage.Total
	// A call neither answered nor failed was cut short when the run
	// stopped: in flight, or waiting for its endpoint's turn.
	cut := ""
	if n := calls.Attempted - calls.Answered - calls.Failed; n > 0 {
		cut = fmt.Sprintf(", %d cut short by the stop", n)
	}
	resumed := ""
	switch {
	case res.Left > 0:
		resumed = fmt.Sprintf(" (%d of them resumed, %d that had failed before and %s not played again)", res.Resumed, res.Left, noun.Were(res.Left))
	case res.Resumed > 0:
		resumed = fmt.Sprintf(" (%d of them resumed)", res.Resumed)
	}
	thought := ""
	if u.ReasoningTokens > 0 {
		thought = fmt.Sprintf(" (%d of the output's reasoning)", u.ReasoningTokens)
	}
	line := fmt.Sprintf("moot: %s%s in %.1fs; %d calls attempted: %d answered (%d cached), %d failed%s, %d retries; the run's episodes in all: %d+%d tokens%s, $%.4f; wrote %s",
		noun.Count(sum.Episodes, "episode"), resumed, took.Seconds(), calls.Attempted, calls.Answered, calls.Cached, calls.Failed, cut, calls.Retried, u.InputTokens, u.OutputTokens, thought, u.CostUSD, out)
	if calls.LastError != "" {
		line += "; last error: " + calls.LastError
	}
	fmt.Fprintln(stderr, line)
}

// printRunWarnings prints a run's warnings, a line each: the engine's
// (res), then its summary's. moot run and moot verify print them alike.
func printRunWarnings(stderr io.Writer, res *engine.Result, sum analysis.Summary) {
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "moot: warning: %s\n", w)
	}
	printWarnings(stderr, sum.Warnings)
}

// checkVerdicts is --strict-verdicts: an error if the summary warns of
// unparsed verdicts.
func (f endpointFlags) checkVerdicts(sum analysis.Summary) error {
	if !f.strictVerdicts {
		return nil
	}
	for _, w := range sum.Warnings {
		if w.Kind == analysis.WarnUnparsedVerdicts {
			return errUnparsedVerdicts
		}
	}
	return nil
}
