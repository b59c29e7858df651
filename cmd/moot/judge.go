package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/humanjudge"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// judgeOptions are moot judge's flags.
type judgeOptions struct {
	as, listen, study, experiment string
	protocols                     []string
	n, slot                       int
	seed                          uint64
	seedSet, public, repeat       bool
	// idle is how long the page waits without input before it stops
	// counting the annotator's active time.
	idle time.Duration
	// ready, if set, is told the page's address once the server listens
	// (for tests).
	ready func(url string)
}

func newJudgeCommand() *cobra.Command {
	var o judgeOptions
	cmd := &cobra.Command{
		Use:         "judge RUN_DIR --as NAME",
		Annotations: endsOnInterrupt(),
		Short:       "Serve a page on which a person judges a run's episodes, as the protocol's judge would",
		Long: `judge serves, on --listen, a page that shows a person the episodes of a finished run as the
protocol's judge saw them — the question, the answers in the order shown, the exhibit, the
transcript with quotes marked verified or unverified, the context only where the judge reads
it — and records their verdict, confidence (50–100%), reason, and time (wall time, and the
active time the page counts: visible, focused, input within --idle). Each verdict is
appended at once to the annotator's run, STUDY/NAME, a rejudged run whose judge is
human:NAME: table, compare, report and export read it like any run. Stop with Ctrl-C and
start again to continue. Each annotator sees a question once (unless --repeat-questions),
under a protocol that rotates with their slot in the study (STUDY/study.json).
The page answers on loopback only, unless --public, which asks for a token that is printed
once. docs/human-judging.md tells how to run a study.`,
		Example: `  moot judge results/quickstart --as alice
  moot judge results/quickstart --as bob --listen 127.0.0.1:8091 --protocols debate,consultancy --n 40
  moot compare results/quickstart results/quickstart-human/alice`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.seedSet = cmd.Flags().Changed("seed")
			if !cmd.Flags().Changed("idle") {
				o.idle = 0 // the study's
			} else if o.idle < time.Millisecond {
				// The study keeps it in milliseconds: 0, said as
				// study.json's idle_ms, not as the flag.
				return fmt.Errorf("%w: --idle must be at least 1ms, got %s", errUsage, o.idle)
			}
			if cmd.Flags().Changed("n") && o.n == 0 {
				// 0 is the default's stand-in: given, it would assign
				// every episode, not none.
				return fmt.Errorf("%w: --n must be at least 1 (leave it out for one episode a question)", errUsage)
			}
			if !cmd.Flags().Changed("slot") {
				o.slot = -1 // the lowest slot no annotator holds
			}
			return runJudge(cmd.Context(), args[0], o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.as, "as", "", "the annotator's name (ASCII letters, digits, . _ -); the judge is human:NAME")
	f.StringVar(&o.listen, "listen", "127.0.0.1:8090", "address to serve the page on (port 0: any free port)")
	f.BoolVar(&o.public, "public", false, "serve on a non-loopback address too, each request asking for a token printed once")
	f.StringSliceVar(&o.protocols, "protocols", nil, "judge only these protocol labels (default: every protocol with a judge)")
	f.IntVar(&o.n, "n", 0, "the most episodes to assign to this annotator (default: one a question)")
	f.BoolVar(&o.repeat, "repeat-questions", false, "let the annotator judge a question under each of its protocols and orders")
	f.IntVar(&o.slot, "slot", 0, "the annotator's slot in the study (default: the lowest slot no annotator holds); annotators in one slot judge the same episodes, for their agreement")
	f.Uint64Var(&o.seed, "seed", 0, "seed of the question order, the same for every annotator of a study (default: the study's, kept in study.json by its first annotator; for the first, the experiment's seed)")
	f.StringVar(&o.study, "study", "", "folder of the study: the annotators' runs and study.json (default RUN_DIR-human)")
	f.DurationVar(&o.idle, "idle", humanjudge.DefaultIdle, "how long without input (key, pointer, scroll, touch) before the page stops counting the annotator's active time, until their next input; the same for every annotator of a study, the first's (kept in study.json)")
	f.StringVar(&o.experiment, "experiment", "", "the experiment file of the run (default: the one config.lock.yaml names)")
	return cmd
}

// runJudge serves the judging page of annotator o.as for the run in dir
// until ctx ends or the first Ctrl-C, then writes the summary of their
// run. A bad command line writes nothing.
func runJudge(ctx context.Context, dir string, o judgeOptions, stdout, stderr io.Writer) error {
	if o.as == "" {
		return fmt.Errorf("%w: judge needs --as NAME", errUsage)
	}
	if err := humanjudge.CheckName(o.as); err != nil {
		return fmt.Errorf("%w: --as: %v", errUsage, err)
	}
	if err := checkLoopback("--listen", o.listen, o.public, "add --public to let others reach the page (it then asks for a token)"); err != nil {
		return err
	}
	if err := judgeable(dir); err != nil {
		return err
	}
	x, _, err := showExperiment(dir, o.experiment)
	if err != nil {
		return usageUnlessBadInput(err)
	}
	seats, err := judgeSeats(x, dir, o)
	if err != nil {
		return err
	}
	if o.study == "" {
		o.study = filepath.Clean(dir) + "-human"
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("%w: --listen: %v", errUsage, err)
	}
	runIDs, err := engine.RunIdentities(dir)
	if err != nil {
		ln.Close()
		return err
	}
	var asked *uint64
	if o.seedSet {
		asked = &o.seed
	}
	joined, err := humanjudge.Join(o.study, humanjudge.Joining{Run: dir, RunIDs: runIDs, Name: o.as, Slot: o.slot, Seed: asked, DefaultSeed: x.Seed, Idle: o.idle})
	if err != nil {
		ln.Close()
		return usageUnlessBadInput(err)
	}
	noteOrder(stderr, o.study, joined, x.Repeats)
	o.idle = joined.Idle
	out := filepath.Join(o.study, o.as)
	srv, err := openJudging(x, out, o, humanjudge.Assign(seats, humanjudge.Plan{Seed: joined.Seed, FNVOrder: joined.FNVOrder, RunOrder: joined.RunOrder, FixedRotation: joined.FixedRotation, Slot: joined.Slot, Repeat: o.repeat, N: o.n}), stderr)
	if err != nil {
		ln.Close()
		// Their run did not start: they hold no slot. But where another
		// process holds their folder, it joined as them and serves them
		// (two started at once): the slot is its.
		if joined.Added && !errors.Is(err, engine.ErrFolderLocked) {
			if lerr := humanjudge.Leave(o.study, o.as); lerr != nil {
				return errors.Join(err, lerr)
			}
		}
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stderr, "moot: judge: %s (slot %d of study %s): %d judged, %d to go; verdicts go to %s\n", o.as, joined.Slot, o.study, len(srv.Records()), srv.Remaining(), out)
	if err := announce(srv, ln, o, stderr); err != nil {
		ln.Close()
		return err
	}
	atQuit(ctx, "the verdicts given are kept", nil)
	serveCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-stopFrom(ctx):
			cancel()
		case <-serveCtx.Done():
		}
	}()
	if err := srv.Serve(serveCtx, ln); err != nil {
		return err
	}
	return finishJudging(srv, x, out, stdout, stderr)
}

// usageUnlessBadInput is err as moot judge says it: bad input (an
// --experiment file's, a study.json edited into what no moot writes)
// names its own file, line and key; any other (a study of another run,
// another seed or slot) is the command line's, "moot: usage: …".
func usageUnlessBadInput(err error) error {
	if errors.Is(err, engine.ErrBadInput) {
		return err
	}
	return fmt.Errorf("%w: %v", errUsage, err)
}

// judgeable says why the folder dir holds no run a study can share out,
// nil where it does. Not a run (a replicated run's folder, reference
// results, an empty one) is said before its experiment is looked for. A
// study shares out the episodes of a whole run: a plan drawn from a log
// still being written (or of a run killed, or stopped early) would leave
// out what was yet to come, and differ between annotators who join apart.
func judgeable(dir string) error {
	if err := logError(dir); err != nil {
		return notRunFolder(dir, err)
	}
	if person := personOf(dir); person != "" {
		// A person's run keeps the identity of the run they judged but
		// holds only their slot's episodes: a study of it would share out
		// a part as the whole, in slots that are not the run's.
		return fmt.Errorf("%w: %s is %s's run, the episodes a person judged of another run, not a whole run: name the run they judged", errUsage, dir, person)
	}
	const then = "moot judge then shares out all of its episodes"
	if _, err := os.Stat(filepath.Join(dir, sinks.SummaryFile)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %v", errUsage, unfinishedRun(dir, err, then))
	}
	if head, err := readHead(dir); err != nil {
		return err
	} else if head.Partial != "" {
		how := resumeCommand(dir)
		if engine.StoppedAtBudget(head.Partial) {
			how += ", with the experiment's budget_usd raised,"
		}
		return fmt.Errorf("%w: %s holds a run stopped early (%s): %s resumes it, and %s", errUsage, dir, head.Partial, how, then)
	}
	return nil
}

// personOf is the annotator whose run dir is (its first episode's judge
// is a person, human:NAME), or "": every episode of a person's run is
// theirs.
func personOf(dir string) string {
	f, err := os.Open(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		return ""
	}
	defer f.Close()
	var first struct {
		Judge string `json:"judge"`
	}
	if json.NewDecoder(f).Decode(&first) != nil {
		return ""
	}
	person, _ := strings.CutPrefix(first.Judge, humanjudge.Judge(""))
	if person == first.Judge {
		return ""
	}
	return person
}

// announce prints the page's address — with --public, with a new token,
// printed this once and never written — and tells o.ready.
func announce(srv *humanjudge.Server, ln net.Listener, o judgeOptions, stderr io.Writer) error {
	url := "http://" + ln.Addr().String() + "/"
	if o.public {
		token, err := newToken()
		if err != nil {
			return err
		}
		srv.SetToken(token)
		fmt.Fprintf(stderr, "moot: judge: open %s?token=%s (the token is shown only now: whoever has the link can judge)\n", url, token)
	} else {
		fmt.Fprintf(stderr, "moot: judge: open %s ; Ctrl-C stops, and the same command continues later\n", url)
	}
	if o.ready != nil {
		o.ready(url)
	}
	return nil
}

// judgeSeats takes over the judge seats of the run's episodes, of the
// protocols asked for.
func judgeSeats(x *engine.Experiment, dir string, o judgeOptions) ([]*engine.JudgeSeat, error) {
	recs, err := transcript.ReadFile(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		return nil, notRunFolder(dir, err)
	}
	all, err := x.RunJudgeSeats(dir, recs, humanjudge.Judge(o.as))
	if err != nil {
		return nil, err
	}
	var labels []string
	for _, s := range all {
		if !slices.Contains(labels, s.Protocol) {
			labels = append(labels, s.Protocol)
		}
	}
	for _, p := range o.protocols {
		if !slices.Contains(labels, p) {
			return nil, fmt.Errorf("%w: --protocols: %q is not a protocol with a judge in %s (there: %s)", errUsage, p, dir, strings.Join(labels, ", "))
		}
	}
	seats := all
	if len(o.protocols) > 0 {
		seats = nil
		for _, s := range all {
			if slices.Contains(o.protocols, s.Protocol) {
				seats = append(seats, s)
			}
		}
	}
	if len(seats) == 0 {
		settled := 0
		for i := range recs {
			if recs[i].Settled() {
				settled++
			}
		}
		if settled > 0 {
			return nil, fmt.Errorf("%w: %s has no finished episode with a judge to judge: MAD's moderator settled %d (verdict: moderator), which no judge decides", errUsage, dir, settled)
		}
		return nil, fmt.Errorf("%w: %s has no finished episode with a judge to judge", errUsage, dir)
	}
	return seats, nil
}

// openJudging writes the annotator's run folder's lock and questions and
// opens it, summarising it again after each verdict.
func openJudging(x *engine.Experiment, out string, o judgeOptions, assigned []*engine.JudgeSeat, stderr io.Writer) (*humanjudge.Server, error) {
	srv, err := humanjudge.Open(humanjudge.Config{
		Annotator: o.as, Dir: out, Episodes: assigned, Repeat: o.repeat, Idle: o.idle,
		Saved: func(recs []transcript.Episode, remaining int) error {
			_, err := summarizeJudging(x, out, recs, remaining)
			return err
		},
		Logf: func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) },
	})
	if err != nil {
		return nil, err
	}
	// After the folder's lock, so that one process writes them.
	if err := x.WriteRunFiles(out); err != nil {
		err = withRemedy(err, "an annotator's folder is theirs for one run: choose another --as or --study")
		srv.Close()
		return nil, err
	}
	return srv, nil
}

// summarizeJudging writes the summary, tables and report of the
// annotator's run, marked partial while episodes are left.
func summarizeJudging(x *engine.Experiment, out string, recs []transcript.Episode, remaining int) (analysis.Summary, error) {
	z := sinks.NewSummary(out, x.Name, x.Seed)
	for i := range recs {
		z.Episode(&recs[i], false)
	}
	stopped := ""
	if remaining > 0 {
		stopped = fmt.Sprintf("%d of %d assigned episodes judged", len(recs), len(recs)+remaining)
	}
	err := z.Finish(stopped)
	return z.Summary(), err
}

// finishJudging writes the annotator's summary and prints it.
func finishJudging(srv *humanjudge.Server, x *engine.Experiment, out string, stdout, stderr io.Writer) error {
	recs := srv.Records()
	if len(recs) == 0 {
		fmt.Fprintln(stderr, "moot: judge: no verdict yet; nothing to summarise")
		return nil
	}
	sum, err := summarizeJudging(x, out, recs, srv.Remaining())
	if err != nil {
		return err
	}
	if err := analysis.WriteText(stdout, sum); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "moot: judge: %s in %s, %s to go\n", noun.Count(len(recs), "verdict"), out, noun.Count(srv.Remaining(), "episode"))
	return nil
}

// newToken is a random token for --public.
func newToken() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// noteOrder says where a study keeps the question order of a study begun
// before moot spread the questions (humanjudge.Plan.FNVOrder), and, for
// a run of repeats episodes a question and assignment, where it keeps
// the episode order of one begun before moot listed them assignment
// first (humanjudge.Plan.RunOrder), with one repeat the two orders
// being the same; and where it keeps the assignments of one begun before
// each question's rotation started at a drawn place
// (humanjudge.Plan.FixedRotation).
func noteOrder(stderr io.Writer, study string, joined humanjudge.Joined, repeats int) {
	if joined.FNVOrder {
		fmt.Fprintf(stderr, "moot: judge: the study %s began before 2026-12-01 and keeps the question order it began in, where ids that differ only in their last characters come together (a --n sample is then a run of neighbouring questions); a new --study spreads them\n", study)
	}
	if joined.FixedRotation {
		fmt.Fprintf(stderr, "moot: judge: the study %s was begun by a moot of before 2026-12-05 and keeps the assignments it began with, which follow each episode's position (with one protocol the correct answer alternates A, B, A, B…, or the consultant argues it every other episode), a pattern an annotator may pick up; a new --study draws where each question's rotation starts\n", study)
	}
	if joined.RunOrder && repeats > 1 {
		fmt.Fprintf(stderr, "moot: judge: the study %s was begun by a moot of before 2026-12-05 and keeps the episode order it began in, where a question's repeats of one answer order come before its other order (the next slot to judge a question under a protocol judges its other repeat, not its other order, and --repeat-questions shows an order's repeats before the other order); a new --study goes through the orders first\n", study)
	}
}
