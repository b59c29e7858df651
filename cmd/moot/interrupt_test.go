package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestSecondInterruptIsTheCommands: the first interrupt closes the stop
// channel; a hang-up after it is not a second; the second says what the
// command set with atQuit, after removing what it set, then exits 130.
// By default it says the run can be resumed.
func TestSecondInterruptIsTheCommands(t *testing.T) {
	watched.Store(true)
	for _, c := range []struct {
		name    string
		say     string
		cleanup bool
		want    string
	}{
		{"a run", "", false, "moot: interrupted again: quitting now; the run can be resumed\n"},
		{"a fit", "the fit is not kept", true, "moot: interrupted again: quitting now; the fit is not kept\n"},
	} {
		in := &interrupts{stop: make(chan struct{})}
		var steps []string
		if c.say != "" {
			ctx := context.WithValue(context.Background(), stopKey{}, in)
			atQuit(ctx, c.say, func() { steps = append(steps, "cleanup") })
		}
		sigs := make(chan os.Signal, 3)
		sigs <- os.Interrupt
		sigs <- syscall.SIGHUP
		sigs <- syscall.SIGTERM
		var stderr bytes.Buffer
		in.watch(sigs, &stderr, func(code int) { steps = append(steps, "exit "+strconv.Itoa(code)) })
		select {
		case <-in.stop:
		default:
			t.Errorf("%s: the first interrupt did not close the stop channel", c.name)
		}
		want := []string{"exit 130"}
		if c.cleanup {
			want = []string{"cleanup", "exit 130"}
		}
		if !slices.Equal(steps, want) {
			t.Errorf("%s: %v; want %v (removed before the exit)", c.name, steps, want)
		}
		if stderr.String() != c.want {
			t.Errorf("%s: said %q; want %q", c.name, stderr.String(), c.want)
		}
	}
}

// TestFirstInterruptOfACommandThatDoesNotStopItself: a command that does
// not read the stop channel (verify, report) exits at the first interrupt,
// and what it set to remove (atQuit: verify's scratch run, report's
// scratch pages) is removed first — the exit skips its deferred calls,
// and verify's scratch folder had stayed in $TMPDIR for good.
func TestFirstInterruptOfACommandThatDoesNotStopItself(t *testing.T) {
	watched.Store(false)
	t.Cleanup(func() { watched.Store(false) })
	in := &interrupts{stop: make(chan struct{})}
	var steps []string
	atQuit(context.WithValue(context.Background(), stopKey{}, in), "nothing is kept", func() { steps = append(steps, "cleanup") })
	sigs := make(chan os.Signal, 1)
	sigs <- os.Interrupt
	var stderr bytes.Buffer
	in.watch(sigs, &stderr, func(code int) { steps = append(steps, "exit "+strconv.Itoa(code)) })
	if got := strings.Join(steps, ", "); got != "cleanup, exit 130" {
		t.Errorf("steps %q; want cleanup, then exit 130", got)
	}
	if stderr.String() != "moot: interrupted\n" {
		t.Errorf("stderr %q; want moot: interrupted", stderr.String())
	}
}

// TestInterruptAsACommandEnds: an interrupt that comes once a run has
// nothing left to play lets it end whole, and it exits 130 all the same
// (it had exited 0, and the shell script that ran it went on); serve-sim,
// which an interrupt is the way to end, exits 0.
func TestInterruptAsACommandEnds(t *testing.T) {
	out := t.TempDir()
	if code, _, errOut := moot(t, "run", small, "--out", out); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, errOut)
	}
	before := mustRead(t, filepath.Join(out, "summary.json"))
	stopped := func() context.Context {
		in := &interrupts{stop: make(chan struct{})}
		close(in.stop)
		return context.WithValue(context.Background(), stopKey{}, in)
	}
	var stdout, stderr bytes.Buffer
	if code := run(stopped(), []string{"run", small, "--out", out}, &stdout, &stderr); code != exitInterrupted ||
		!strings.Contains(stderr.String(), "moot: interrupted as it was ending: what it wrote is whole") {
		t.Errorf("a whole run interrupted as it ended: exit %d; want %d, saying so\n%s", code, exitInterrupted, stderr.String())
	}
	if after := mustRead(t, filepath.Join(out, "summary.json")); !bytes.Equal(after, before) {
		t.Errorf("the summary of the whole run changed:\n%s", after)
	}
	stderr.Reset()
	if code := run(stopped(), []string{"serve-sim", "--addr", "127.0.0.1:0"}, &stdout, &stderr); code != exitOK {
		t.Errorf("serve-sim ended by its interrupt: exit %d; want 0\n%s", code, stderr.String())
	}
}
