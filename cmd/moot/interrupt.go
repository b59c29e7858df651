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

// stopKey carries the interrupts of a process: the channel that the
// first Ctrl-C closes, and what the second says and does (atQuit).
type stopKey struct{}

type interrupts struct {
	stop chan struct{}
	quit atomic.Pointer[quit]
}

// quit is what the second interrupt says, after "quitting now; ", and
// what it removes before the process exits, which skips deferred calls.
type quit struct {
	say     string
	cleanup func()
}

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
	in := &interrupts{stop: make(chan struct{})}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	if !signal.Ignored(syscall.SIGHUP) {
		// Under nohup SIGHUP stays ignored: Notify would undo that.
		signal.Notify(sigs, syscall.SIGHUP)
	}
	go in.watch(sigs, stderr, os.Exit)
	return context.WithValue(ctx, stopKey{}, in)
}

// watch handles the signals of withInterrupts, exit standing for
// os.Exit: the first closes the stop channel (or, where no command reads
// it, removes what the command set to remove, atQuit, and exits), the
// second says what the command set, removes what it set, and exits.
func (in *interrupts) watch(sigs <-chan os.Signal, stderr io.Writer, exit func(int)) {
	<-sigs
	if !watched.Load() {
		// Exiting skips deferred calls: what the command set to remove
		// (its scratch folder) is removed here.
		if q := in.quit.Load(); q != nil && q.cleanup != nil {
			q.cleanup()
		}
		fmt.Fprintln(stderr, "moot: interrupted")
		exit(exitInterrupted)
		return
	}
	close(in.stop)
	// A closed terminal sends SIGHUP twice at once (the kernel, then
	// the shell to its jobs): only another Ctrl-C or SIGTERM means
	// "quit now".
	for s := range sigs {
		if s != syscall.SIGHUP {
			break
		}
	}
	q := in.quit.Load()
	if q == nil {
		q = &quit{say: "the run can be resumed"}
	}
	if q.cleanup != nil {
		q.cleanup()
	}
	fmt.Fprintln(stderr, "moot: interrupted again: quitting now; "+q.say)
	exit(exitInterrupted)
}

// atQuit sets what the second interrupt says of the command, after
// "quitting now; " (by default, "the run can be resumed"), and what it
// removes before the process exits (nil: nothing). A command that keeps
// nothing if stopped says so, and removes its scratch files, which its
// deferred calls would have.
func atQuit(ctx context.Context, say string, cleanup func()) {
	if in, ok := ctx.Value(stopKey{}).(*interrupts); ok {
		in.quit.Store(&quit{say: say, cleanup: cleanup})
	}
}

// stopFrom returns the channel closed by the first interrupt, or one that
// closes with ctx.
func stopFrom(ctx context.Context) <-chan struct{} {
	if in, ok := ctx.Value(stopKey{}).(*interrupts); ok {
		watched.Store(true)
		return in.stop
	}
	return ctx.Done()
}

// interrupted says whether the first interrupt of the process whose
// context is ctx has come.
func interrupted(ctx context.Context) bool {
	in, ok := ctx.Value(stopKey{}).(*interrupts)
	if !ok {
		return false
	}
	select {
	case <-in.stop:
		return true
	default:
		return false
	}
}

// stopsItself annotates a command that stops in its own way on the first
// interrupt (a run, a rejudge, an export, a fit): it reads stopFrom, and
// goes on past a closed pipe (keepWritingPastAClosedPipe). Interrupted, it
// exits 130 even where it ended well, the interrupt having come as it was
// ending, so that the shell script that started it stops too.
func stopsItself() map[string]string { return map[string]string{stopsKey: "itself"} }

// endsOnInterrupt annotates a command that an interrupt is the way to end
// (judging, serve-sim): it stops as stopsItself says, and exits 0 where it
// ended well.
func endsOnInterrupt() map[string]string { return map[string]string{stopsKey: "ends"} }

// stopsKey is the annotation stopsItself and endsOnInterrupt set.
const stopsKey = "moot/stops"

// keepWritingPastAClosedPipe lets a command that stopsItself go on when
// whoever read its output has gone (moot run … 2>&1 | head): a write to
// the closed pipe fails, where Go would otherwise kill the process at its
// next progress line, mid-run, with no summary. A command that only
// prints (moot table … | head -1) still ends quietly at the closed pipe.
func keepWritingPastAClosedPipe(cmd *cobra.Command) {
	if cmd.Annotations[stopsKey] != "" {
		signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	}
}
