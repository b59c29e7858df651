//go:build linux

package main

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal's two ends; the second is the terminal a
// program writes to.
func openPTY(t *testing.T) (*os.File, *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skip("no pseudo-terminals here:", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { slave.Close() })
	return master, slave
}

// TestBarsOnlyWhereTheyCanBeDrawn: a terminal with a width gets the bars;
// one no one sized (a container's pseudo-terminal: bars drew nothing
// there) and one that says it cannot move the cursor (TERM=dumb: it got
// 118 escape codes in a 6-second run) get plain lines.
func TestBarsOnlyWhereTheyCanBeDrawn(t *testing.T) {
	_, tty := openPTY(t)
	t.Setenv("TERM", "xterm")
	if isTerminal(tty) {
		t.Error("a terminal of width 0 takes bars; want plain lines")
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 80}); err != nil {
		t.Fatal(err)
	}
	if !isTerminal(tty) {
		t.Error("an 80-column terminal takes plain lines; want bars")
	}
	t.Setenv("TERM", "dumb")
	if isTerminal(tty) {
		t.Error("TERM=dumb takes bars; want plain lines")
	}
}
