package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/analysis"
)

// TestMain lets a test start this test binary as the moot command: with
// MOOT_TEST_MAIN=1 it runs main with the process's arguments.
func TestMain(m *testing.M) {
	if os.Getenv("MOOT_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// longRun is a sim experiment that takes a second or two on two cores.
const longRun = `name: long
seed: 21
repeats: 4
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 300, difficulty: 0.6}
protocols:
  - {name: direct, judge: judge}
  - {name: consultancy, judge: judge, consultant: strong}
  - {name: debate, judge: judge, debaters: strong}
`

// mootProcess starts the moot command as a subprocess.
func mootProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "MOOT_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

func readSummary(t *testing.T, dir string) analysis.Summary {
	t.Helper()
	var s analysis.Summary
	data := mustRead(t, filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// longRunFile writes longRun into a file for a test that runs moot as a
// subprocess, and skips the test with -short.
func longRunFile(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs moot as a subprocess")
	}
	file := filepath.Join(t.TempDir(), "long.yaml")
	writeFile(t, file, []byte(longRun))
	return file
}

// TestKilledRunsResume kills a run with SIGKILL at points set by its own
// progress — once the transcript log holds a fifth, two fifths… of the
// episodes — resumes it each time, and checks that the finished run has
// the same summary and the same transcripts (so the same episode ids,
// once each) as a run never interrupted. Every kill must land: a run that
// finished first would leave the resume path untested.
func TestKilledRunsResume(t *testing.T) {
	file := longRunFile(t)
	ref := filepath.Join(t.TempDir(), "ref")
	mootOK(t, "run", file, "--out", ref)
	refLog := mustRead(t, filepath.Join(ref, "transcripts.jsonl"))
	total := bytes.Count(refLog, []byte("\n"))

	dir := filepath.Join(t.TempDir(), "killed")
	const kills = 4
	for i := 1; i <= kills; i++ {
		at := total * i / (kills + 1)
		cmd, stderr := mootProcess(t, "run", file, "--out", dir, "--concurrency", "2")
		done := waitFor(cmd)
		runUnderWay(t, cmd, done, stderr, dir, at, fmt.Sprintf("kill %d", i))
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err := <-done
		var exit *exec.ExitError
		if !errors.As(err, &exit) || !exit.Sys().(syscall.WaitStatus).Signaled() {
			t.Fatalf("kill %d at %d of %d lines did not land: the run ended with %v\n%s", i, at, total, err, stderr)
		}
		if s, err := os.Stat(filepath.Join(dir, "summary.json")); err == nil {
			t.Fatalf("kill %d: a killed run wrote %s", i, s.Name())
		}
	}
	mootOK(t, "run", file, "--out", dir, "--resume")
	want, got := readSummary(t, ref), readSummary(t, dir)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary after %d kills (-uninterrupted +resumed):\n%s", kills, diff)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "transcripts.jsonl"))
	if !bytes.Equal(refLog, b) {
		t.Errorf("transcripts after %d kills differ from the uninterrupted run's (%d and %d bytes)", kills, len(refLog), len(b))
	}
}

// waitForLines returns once the file at path holds at least n lines, or
// an error if the process reports on done first or a minute passes.
// waitFor starts waiting for cmd to end; the channel tells its end.
func waitFor(cmd *exec.Cmd) <-chan error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return done
}

// runUnderWay waits until the run cmd plays into dir, whose end done
// tells, has written n lines of its log; if it does not, it kills cmd and
// stops the test, saying what was waited for, why and cmd's stderr.
func runUnderWay(t *testing.T, cmd *exec.Cmd, done <-chan error, stderr *bytes.Buffer, dir string, n int, what string) {
	t.Helper()
	if err := waitForLines(filepath.Join(dir, "transcripts.jsonl"), n, done); err != nil {
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s: %v\n%s", what, err, stderr)
	}
}

func waitForLines(path string, n int, done <-chan error) error {
	deadline := time.Now().Add(time.Minute)
	var f *os.File
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	buf := make([]byte, 1<<16)
	lines := 0
	for lines < n {
		select {
		case err := <-done:
			return fmt.Errorf("the run ended with %v at %d lines, before %d", err, lines, n)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d lines after a minute; want %d", lines, n)
		}
		if f == nil {
			var err error
			if f, err = os.Open(path); err != nil {
				f = nil
				time.Sleep(2 * time.Millisecond)
				continue
			}
		}
		// The log only grows while the run goes on: read what is new.
		m, err := f.Read(buf)
		lines += bytes.Count(buf[:m], []byte("\n"))
		if m == 0 || errors.Is(err, io.EOF) {
			time.Sleep(2 * time.Millisecond)
		}
	}
	return nil
}

// TestInterruptWritesPartialSummary sends SIGINT, SIGTERM or SIGHUP (the
// terminal closed: it killed a run at once, with no summary, until
// 2026-12-01) to a run once it has written some episodes: it exits 130
// with a summary marked partial, and a resume completes it.
func TestInterruptWritesPartialSummary(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) { interruptWritesPartialSummary(t, sig, 1) })
	}
	// A closed terminal sends SIGHUP twice at once, the kernel's and the
	// shell's: the second is no "interrupted again".
	t.Run("hangup twice", func(t *testing.T) { interruptWritesPartialSummary(t, syscall.SIGHUP, 2) })
}

func interruptWritesPartialSummary(t *testing.T, sig os.Signal, times int) {
	file := longRunFile(t)
	dir := filepath.Join(t.TempDir(), "run")
	if sig == syscall.SIGHUP {
		// Under nohup (a CI job started so) the child would inherit
		// SIGHUP ignored, and rightly play on: while this process hears
		// SIGHUP, a child it starts gets the default, as from a terminal.
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
	}
	cmd, stderr := mootProcess(t, "run", file, "--out", dir, "--grace", "5s", "--concurrency", "1")
	done := waitFor(cmd)
	// Interrupt once the run is under way: a few episodes are written.
	runUnderWay(t, cmd, done, stderr, dir, 20, "the run")
	for range times {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	err := <-done
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("after %v: %v; want exit %d\n%s", sig, err, exitInterrupted, stderr)
	}
	s := readSummary(t, dir)
	if s.Partial == "" || s.Episodes == 0 {
		t.Errorf("summary after %v: %d episodes, partial %q; want some, marked partial", sig, s.Episodes, s.Partial)
	}
	mootOK(t, "run", file, "--out", dir)
	if s := readSummary(t, dir); s.Partial != "" {
		t.Errorf("after the resume, partial = %q; want a complete run", s.Partial)
	}
}

func TestResumeFlags(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := moot(t, "run", small, "--out", filepath.Join(dir, "none"), "--resume"); code != exitBadInput {
		t.Errorf("--resume with nothing to resume: exit %d (%s); want %d", code, errOut, exitBadInput)
	}
	if code, _, _ := moot(t, "run", small, "--out", dir, "--resume", "--fresh"); code != exitBadInput {
		t.Errorf("--resume --fresh: exit %d; want %d", code, exitBadInput)
	}
	for _, args := range [][]string{{"run", small, "--out", filepath.Join(t.TempDir(), "x")}, {"verify", small}} {
		args = append(args, "--cache", filepath.Join(t.TempDir(), "cache"), "--no-cache")
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, "--cache and --no-cache contradict each other") {
			t.Errorf("%s --cache DIR --no-cache: exit %d (%s); want %d, the two named", args[0], code, errOut, exitBadInput)
		}
	}
	// A folder that holds another experiment's run is refused.
	runSmall(t, dir)
	other := filepath.Join(t.TempDir(), "other.yaml")
	data, _ := os.ReadFile(small)
	os.WriteFile(other, bytes.Replace(data, []byte("seed: 11"), []byte("seed: 99"), 1), 0o644)
	// Said first: nothing of the plan or the endpoints before it.
	if code, _, errOut := moot(t, "run", other, "--out", dir); code != exitBadInput || !strings.Contains(errOut, "choose another --out, or --fresh") || !strings.HasPrefix(errOut, "moot: ") || strings.Count(errOut, "\nmoot: ") > 0 {
		t.Errorf("run of another experiment into the folder: exit %d (%s); want %d and the remedy, alone", code, errOut, exitBadInput)
	}
}

// TestInterruptStopsAnyCommand: a command that does not stop in its own
// way (validate, here over 100,000 questions) exits 130 on the first
// SIGINT, where it ran on to its end; a trial's validate ignored it.
func TestInterruptStopsAnyCommand(t *testing.T) {
	data := mustRead(t, small)
	file := filepath.Join(t.TempDir(), "big.yaml")
	os.WriteFile(file, []byte(strings.Replace(string(data), "n: 12,", "n: 100000,", 1)), 0o644)
	cmd, stderr := mootProcess(t, "validate", file)
	done := waitFor(cmd)
	time.Sleep(300 * time.Millisecond)
	interruptedExits(t, cmd, done, stderr, "validate")
}

// interruptedExits sends cmd, whose end done tells, SIGINT, and checks
// that it exits with 130 within a minute.
func interruptedExits(t *testing.T, cmd *exec.Cmd, done <-chan error, stderr *bytes.Buffer, what string) {
	t.Helper()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
			t.Errorf("%s after SIGINT: %v; want exit %d\n%s", what, err, exitInterrupted, stderr)
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("%s ran on after SIGINT", what)
	}
}

// TestRunOutlivesAClosedPipe: a run whose output is piped to a reader that
// has gone (moot run … 2>&1 | head -3) plays on to its end, its progress
// lines failing unseen; Go killed it with SIGPIPE at its next line,
// mid-run, with no summary, until 2026-12-01.
func TestRunOutlivesAClosedPipe(t *testing.T) {
	file := longRunFile(t)
	dir := filepath.Join(t.TempDir(), "run")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before the first line
	cmd := exec.Command(os.Args[0], "run", file, "--out", dir, "--progress-every", "20ms", "--concurrency", "1")
	cmd.Env = append(os.Environ(), "MOOT_TEST_MAIN=1")
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	err = cmd.Wait()
	if s := readSummary(t, dir); s.Partial != "" || s.Episodes == 0 {
		t.Errorf("after a run into a closed pipe (%v): %d episodes, partial %q; want the whole run", err, s.Episodes, s.Partial)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() {
		t.Errorf("the run was killed by %v", exit.Sys().(syscall.WaitStatus).Signal())
	}
}

// TestRunUnderNohupIgnoresHangup: a run started with SIGHUP ignored (nohup
// moot run …) plays on to its end when the terminal closes; asking to
// hear SIGHUP would have undone nohup.
func TestRunUnderNohupIgnoresHangup(t *testing.T) {
	file := longRunFile(t)
	dir := filepath.Join(t.TempDir(), "run")
	cmd := exec.Command("sh", "-c", `trap '' HUP; exec "$0" "$@"`, os.Args[0], "run", file, "--out", dir, "--concurrency", "1")
	cmd.Env = append(os.Environ(), "MOOT_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := waitFor(cmd)
	runUnderWay(t, cmd, done, &stderr, dir, 20, "the run")
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("a run under nohup after SIGHUP: %v; want it to play on and exit 0\n%s", err, stderr.String())
	}
	if s := readSummary(t, dir); s.Partial != "" {
		t.Errorf("a run under nohup after SIGHUP: partial %q; want the whole run", s.Partial)
	}
}

// TestInterruptedFitLeavesNothing: Ctrl-C stops a fit with exit 130 and
// removes its scratch folder, where the process exited at once and left
// its last run's files in the temporary folder.
func TestInterruptedFitLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the fit's scratch folder goes there
	cmd, stderr := mootProcess(t, "fit", "../../experiments/calibrate-khan.yaml", "--targets", "../../experiments/targets/khan-michael.yaml", "--concurrency", "1")
	done := waitFor(cmd)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if folders, _ := filepath.Glob(filepath.Join(tmp, "moot-fit-*", "transcripts.jsonl")); len(folders) > 0 {
			break // a run of the fit is in play
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the fit never started a run:\n%s", stderr)
		}
	}
	interruptedExits(t, cmd, done, stderr, "fit")
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the fit left %d entries in its temporary folder, %s first", len(left), left[0].Name())
	}
}

// TestFitInterruptedTwiceLeavesNothing: a second Ctrl-C, which exits at
// once past the deferred calls, removes the fit's scratch folder too, and
// says that the fit is not kept, where it said "the run can be resumed"
// and left 1.6 MB in the temporary folder.
func TestFitInterruptedTwiceLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	cmd, stderr := mootProcess(t, "fit", "../../experiments/calibrate-khan.yaml", "--targets", "../../experiments/targets/khan-michael.yaml", "--concurrency", "1")
	done := waitFor(cmd)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if folders, _ := filepath.Glob(filepath.Join(tmp, "moot-fit-*", "transcripts.jsonl")); len(folders) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the fit never started a run:\n%s", stderr)
		}
	}
	// Both at once: the fit exits within a millisecond of the first, so
	// that the second reaches it in about a third of runs
	// (TestSecondInterruptIsTheCommands checks that path every time).
	for range 2 {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
	}
	err := <-done
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("fit after two SIGINTs: %v; want exit %d\n%s", err, exitInterrupted, stderr)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the fit left %d entries in its temporary folder, %s first", len(left), left[0].Name())
	}
	if strings.Contains(stderr.String(), "can be resumed") {
		t.Errorf("a fit interrupted twice says it can be resumed:\n%s", stderr)
	}
	if again := strings.Contains(stderr.String(), "interrupted again"); again && !strings.Contains(stderr.String(), "the fit is not kept") {
		t.Errorf("a fit interrupted twice does not say it is not kept:\n%s", stderr)
	}
}
