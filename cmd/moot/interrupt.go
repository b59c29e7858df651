package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// stopKey carries the channel that the first Ctrl-C closes.
type stopKey struct{}

// watched is set once a command reads that channel (stopFrom): it then
// stops on the first interrupt in its own way. Before, and in a command
// that never reads it (validate, tasks show, plan), the first interrupt
// exits at once.
var watched atomic.Bool

// withInterrupts turns SIGINT and SIGTERM into a two-stage stop: the first
// closes the channel that stopFrom(ctx) returns — a run then starts no new
// episodes and gives those in flight a grace period — and the second exits
// at once with 130; where no command reads the channel, the first does. The transcript log is whole either way: each episode
// is written as one line, and a resume drops a line cut short.
func withInterrupts(ctx context.Context, stderr io.Writer) context.Context {
	stop := make(chan struct{})
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		if !watched.Load() {
			fmt.Fprintln(stderr, "moot: interrupted")
			os.Exit(exitInterrupted)
		}
		close(stop)
		<-sigs
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
