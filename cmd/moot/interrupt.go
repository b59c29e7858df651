package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/spf13/cobra"
)

// stopKey carries the channel that the first Ctrl-C closes.
type stopKey struct{}

// watched is set once a command reads that channel (stopFrom): it then
// stops on the first interrupt in its own way. Before, and in a command
// that never reads it (validate, tasks show, plan), the first interrupt
// exits at once.
var watched atomic.Bool

// withInterrupts turns SIGINT, SIGTERM and SIGHUP (the terminal closed)
// into a two-stage stop: the first closes the channel that stopFrom(ctx)
// returns — a run then starts no new episodes and gives those in flight a
// grace period — and the second exits at once with 130; where no command
// reads the channel, the first does. The transcript log is whole either
// way: each episode is written as one line, and a resume drops a line cut
// short.
func withInterrupts(ctx context.Context, stderr io.Writer) context.Context {
	stop := make(chan struct{})
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	if !signal.Ignored(syscall.SIGHUP) {
		// Under nohup SIGHUP stays ignored: Notify would undo that.
		signal.Notify(sigs, syscall.SIGHUP)
	}
	go func() {
		<-sigs
		if !watched.Load() {
			fmt.Fprintln(stderr, "moot: interrupted")
			os.Exit(exitInterrupted)
		}
		close(stop)
		// A closed terminal sends SIGHUP twice at once (the kernel, then
		// the shell to its jobs): only another Ctrl-C or SIGTERM means
		// "quit now".
		for s := range sigs {
			if s != syscall.SIGHUP {
				break
			}
		}
		fmt.Fprintln(stderr, "moot: interrupted again: quitting now; the run can be resumed")
		os.Exit(exitInterrupted)
	}()
	return context.WithValue(ctx, stopKey{}, (<-chan struct{})(stop))
}

// stopFrom returns the channel closed by the first interrupt, or one that
// closes with ctx.
func stopFrom(ctx context.Context) <-chan struct{} {
	if stop, ok := ctx.Value(stopKey{}).(<-chan struct{}); ok {
		watched.Store(true)
		return stop
	}
	return ctx.Done()
}

// stopsItself annotates a command that stops in its own way on the first
// interrupt (a run, a rejudge, judging, serve-sim): it reads stopFrom, and
// goes on past a closed pipe (keepWritingPastAClosedPipe).
func stopsItself() map[string]string { return map[string]string{stopsKey: "itself"} }

// stopsKey is the annotation stopsItself sets.
const stopsKey = "moot/stops"

// keepWritingPastAClosedPipe lets a command that stopsItself go on when
// whoever read its output has gone (moot run … 2>&1 | head): a write to
// the closed pipe fails, where Go would otherwise kill the process at its
// next progress line, mid-run, with no summary. A command that only
// prints (moot table … | head -1) still ends quietly at the closed pipe.
func keepWritingPastAClosedPipe(cmd *cobra.Command) {
	if cmd.Annotations[stopsKey] == stopsItself()[stopsKey] {
		signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	}
}
