// Command moot runs scalable-oversight experiments: debate, consultancy and
// direct-QA baselines between strong agents and weaker judges, from an
// experiment file. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/transcript"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1
	exitBadInput    = 2
	exitInterrupted = 130
)

// errDiffers is returned by verify when a run differs from its reference.
var errDiffers = errors.New("results differ from the reference")

// errUsage marks a command line that cobra rejected.
var errUsage = errors.New("usage")

// outRemedy is what moot run and moot rejudge offer for an output folder
// that holds a run of another experiment.
const outRemedy = "choose another --out, or --fresh to delete the old run and start over"

// withRemedy adds remedy to err where err says that a folder holds a run
// of another experiment (engine.ErrForeignRun): the engine states the
// fact, and each command says what its own flags can do about it.
func withRemedy(err error, remedy string) error {
	if errors.Is(err, engine.ErrForeignRun) {
		return fmt.Errorf("%w; %s", err, remedy)
	}
	return err
}

func main() {
	ctx := withInterrupts(context.Background(), os.Stderr)
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code. All process state
// is passed in, so that a whole CLI run can be tested in memory.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	stderr = &syncbuf.Writer{W: stderr}
	out := &resultWriter{w: stdout}
	root := newRootCommand(out, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if cobraUsage(err) {
		err = fmt.Errorf("%w: %v", errUsage, err)
	}
	code := exitCode(err)
	if err != nil && !errors.Is(err, errDiffers) {
		printError(stderr, err)
	}
	// An interrupt that came as a command was ending let it end well; it
	// still exits as interrupted, so that a script that ran it stops (a
	// judging session or a server is ended by its interrupt).
	if code == exitOK && interrupted(ctx) && cmd.Annotations[stopsKey] != endsOnInterrupt()[stopsKey] {
		fmt.Fprintln(stderr, "moot: interrupted as it was ending: what it wrote is whole")
		code = exitInterrupted
	}
	// Results that could not be written fail a command that did not fail
	// otherwise; the reader gone (a run … | head, whose results are in its
	// folder) does not.
	if werr := out.failed(); werr != nil && code == exitOK && !errors.Is(werr, syscall.EPIPE) {
		fmt.Fprintln(stderr, "moot: the results were not all written:", werr)
		code = exitFailed
	}
	return code
}

// printError says err on stderr: a line each of its faults where it has
// several (an experiment file's, each with its file and line), so that
// every line reads as moot's.
func printError(stderr io.Writer, err error) {
	if !errors.As(err, new(*engine.Faults)) {
		fmt.Fprintln(stderr, "moot:", err)
		return
	}
	// Each fault is a line, the first after what wraps them ("with
	// leniency=0.3: …", a fit's): each line is moot's.
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(stderr, "moot:", line)
	}
}

// resultWriter is a command's stdout. It keeps the first error of a write
// and tells the command each write went through, so that every command
// ends as it would (a run writes its folder to the end) and run alone
// says what the error means; a command that prints without checking each
// write (report, export, show…) had exited 0 with its results lost to a
// full disk.
type resultWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

func (o *resultWriter) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err == nil {
		if _, err := o.w.Write(p); err != nil {
			o.err = err
		}
	}
	return len(p), nil
}

// failed is the first write's error, or nil.
func (o *resultWriter) failed() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// cobraUsage says whether err is one of the command-line errors that
// cobra makes itself, not through the flag error function: an unknown
// command of the root, a required flag not given.
func cobraUsage(err error) bool {
	if err == nil || errors.Is(err, errUsage) {
		return false
	}
	for _, prefix := range []string{"unknown command ", "required flag(s) "} {
		if strings.HasPrefix(err.Error(), prefix) {
			return true
		}
	}
	return false
}

// exitCode is the one place errors become exit codes.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, engine.ErrBadInput), errors.Is(err, errUsage), errors.Is(err, engine.ErrForeignRun), errors.Is(err, engine.ErrFolderTaken),
		errors.Is(err, engine.ErrPreflight), errors.Is(err, engine.ErrFolderLocked), errors.Is(err, engine.ErrShards), errors.Is(err, engine.ErrOverBudget):
		return exitBadInput
	case errors.As(err, new(*transcript.RecordError)): // a log's line that is no record
		return exitBadInput
	}
	return exitFailed
}

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "moot",
		Short:         "Run scalable-oversight debate experiments",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       engine.Version(),
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return fmt.Errorf("%w: %v", errUsage, flagError(err)) })
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		keepWritingPastAClosedPipe(cmd)
		return checkNumbers(cmd.Flags())
	}
	root.AddCommand(newRunCommand(), newValidateCommand(), newPlanCommand(), newVerifyCommand(), newServeSimCommand(), newCacheCommand(), newRejudgeCommand(), newTableCommand(), newCompareCommand(), newAgreementCommand(), newReportCommand(), newExportCommand(), newMergeCommand(), newShowCommand(), newJudgeCommand(), newProtocolsCommand(), newBackendsCommand(), newTasksCommand())
	root.AddCommand(newAuditCommand())
	root.AddCommand(newFitCommand())
	root.AddCommand(newPowerCommand())
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		groupCommand(c)
	}
	decimalFlags(root)
	return root
}

// decimalFlags makes every whole-number flag of cmd and its subcommands
// read its value in decimal. pflag reads "010" as octal 8 and "0x10" as
// 16: a seed written with a leading zero would be another seed, without a
// word.
func decimalFlags(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		switch f.Value.Type() {
		case "int", "int64", "uint", "uint64":
			f.Value = decimal{f.Value}
		}
	})
	for _, c := range cmd.Commands() {
		decimalFlags(c)
	}
}

// decimal is a whole-number flag value read in decimal digits alone.
type decimal struct{ pflag.Value }

var decimalDigits = regexp.MustCompile(`^([+-]?)0*([0-9]+)$`)

func (d decimal) Set(s string) error {
	m := decimalDigits.FindStringSubmatch(s)
	if m == nil {
		return &strconv.NumError{Func: "ParseInt", Num: s, Err: strconv.ErrSyntax}
	}
	return d.Value.Set(m[1] + m[2])
}

// groupCommand makes c, if it only groups subcommands (moot cache, moot
// tasks), refuse to run without one, or with one it does not have, as
// usage errors: cobra would print its help and exit 0.
func groupCommand(c *cobra.Command) {
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%w: unknown command %q for %q (its commands: %s)", errUsage, args[0], cmd.CommandPath(), strings.Join(names, ", "))
		}
		return fmt.Errorf("%w: %s needs one of its commands: %s", errUsage, cmd.CommandPath(), strings.Join(names, ", "))
	}
}

// checkNumbers refuses a number or duration flag given a negative value
// (every one of moot's counts, limits and waits is zero or more; a flag
// whose default is worked out, such as fit --bootstrap or judge --slot,
// tells "not given" by cobra's Changed, not by a negative default that
// its help would print) and --progress-every or judge --idle given none
// (--progress-every under a millisecond):
// a value that would otherwise be taken silently for the default; and
// --cache with --no-cache.
func checkNumbers(flags *pflag.FlagSet) error {
	if c, n := flags.Lookup("cache"), flags.Lookup("no-cache"); c != nil && n != nil && c.Changed && n.Changed {
		// One of the two would be dropped without a word.
		return fmt.Errorf("%w: --cache and --no-cache contradict each other", errUsage)
	}
	var err error
	flags.Visit(func(f *pflag.Flag) {
		switch v := f.Value.String(); {
		case err != nil:
		case f.Value.Type() == "float64" && (v == "NaN" || strings.HasSuffix(v, "Inf")):
			err = fmt.Errorf("%w: --%s must be a finite number, got %s", errUsage, f.Name, v)
		case f.Value.Type() != "int" && f.Value.Type() != "float64" && f.Value.Type() != "duration":
		case strings.HasPrefix(v, "-"):
			err = fmt.Errorf("%w: --%s must not be negative, got %s", errUsage, f.Name, v)
		case (f.Name == "progress-every" || f.Name == "idle") && v == "0s":
			err = fmt.Errorf("%w: --%s must be more than 0", errUsage, f.Name)
		case f.Name == "progress-every" && shorterThan(v, time.Millisecond):
			// A line a nanosecond floods the terminal and spins a core.
			err = fmt.Errorf("%w: --progress-every must be at least 1ms, got %s", errUsage, v)
		}
	})
	return err
}

// shorterThan says whether the duration v (a flag's value, as it prints)
// is under d.
func shorterThan(v string, d time.Duration) bool {
	got, err := time.ParseDuration(v)
	return err == nil && got < d
}

// flagError says what a number flag takes where its value does not parse
// as one, in place of strconv's "strconv.ParseUint: parsing "-1":
// invalid syntax".
func flagError(err error) error {
	var bad *pflag.InvalidValueError
	var num *strconv.NumError
	if !errors.As(err, &bad) || !errors.As(err, &num) {
		return err
	}
	takes := map[string]string{
		"uint64":  "a whole number from 0 to 18446744073709551615, in decimal digits",
		"int":     "a whole number in decimal digits",
		"float64": "a number",
	}[bad.GetFlag().Value.Type()]
	switch {
	case takes == "":
		return err
	case errors.Is(num.Err, strconv.ErrRange):
		return fmt.Errorf("--%s takes %s, and %s is out of range", bad.GetFlag().Name, takes, bad.GetValue())
	}
	return fmt.Errorf("--%s takes %s, got %q", bad.GetFlag().Name, takes, bad.GetValue())
}

// someRuns takes the run folders of a command that reads one or more.
// A folder named twice is refused: its episodes would count twice.
func someRuns(_ *cobra.Command, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: name at least one run folder", errUsage)
	}
	return distinctRuns(args, "its episodes would count twice")
}

// distinctRuns refuses a run folder named twice among dirs, saying why
// that would mislead.
func distinctRuns(dirs []string, why string) error {
	for i := range dirs {
		for _, earlier := range dirs[:i] {
			if sameFolder(earlier, dirs[i]) {
				return fmt.Errorf("%w: %s and %s are the same run folder: %s", errUsage, earlier, dirs[i], why)
			}
		}
	}
	return nil
}

// runLabels names each of the run folders dirs for a table that sets
// their cells side by side: the folder's name, or, where two folders
// share a name, the path as given, so that no two runs' cells merge.
func runLabels(dirs []string) []string {
	labels := make([]string, len(dirs))
	count := map[string]int{}
	for i, dir := range dirs {
		labels[i] = filepath.Base(filepath.Clean(dir))
		count[labels[i]]++
	}
	for i, dir := range dirs {
		if count[labels[i]] > 1 {
			labels[i] = filepath.Clean(dir)
		}
	}
	return labels
}

// exactArgs is cobra.ExactArgs with errors that map to exit code 2.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return nil
	}
}

// atLeastArgs takes n or more arguments, with the usage error
// "<what>" for fewer (exit code 2).
func atLeastArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return fmt.Errorf("%w: %s", errUsage, what)
		}
		return nil
	}
}

// stream is the stream under w, for what asks whether it is a terminal.
func stream(w io.Writer) io.Writer {
	if l, ok := w.(*syncbuf.Writer); ok {
		return l.W
	}
	return w
}
