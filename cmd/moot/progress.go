package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// isTerminal reports whether w is a terminal where progress bars can be
// drawn; elsewhere (a log file, CI) a run prints plain lines instead. A
// terminal that says it cannot move the cursor (TERM=dumb) or that has no
// width (a pseudo-terminal no one sized, as some containers give) gets
// the plain lines too: bars would be escape codes there, or nothing.
func isTerminal(w io.Writer) bool {
	f, ok := stream(w).(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	if isatty.IsCygwinTerminal(f.Fd()) {
		return true
	}
	if !isatty.IsTerminal(f.Fd()) {
		return false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	return err == nil && width > 0
}

// bars is the progress display of a run on a terminal: a bar for each
// protocol, and one for the whole run with its rate, ETA, retries,
// failures and cost, read from the run's Progress five times a second
// (a run may count thousands of episodes a second, more than mpb should
// be told one by one).
type bars struct {
	p          *mpb.Progress
	tally      *sinks.Progress
	labels     []string
	byProtocol map[string]*mpb.Bar
	all        *mpb.Bar
	stop, done chan struct{}
	// total is the episodes planned; rate, the run's recent rate from
	// when the plan was told (nil before: a resume's reading of its log
	// is not play), and eta, the ETA it gives, are the tick's (an
	// earlier run's episodes, on a resume, reach the bars in a rush: an
	// average over the bar's count would read them as played, and the
	// ETA as 0s).
	total int
	rate  *sinks.RecentRate
	mu    sync.Mutex
	eta   string
}

func newBars(w io.Writer, x *engine.Experiment, tally *sinks.Progress) *bars {
	// mpb writes to the terminal itself, which it must see to redraw; an
	// *os.File takes concurrent writes.
	b := &bars{
		p:          mpb.New(mpb.WithOutput(stream(w)), mpb.WithAutoRefresh(), mpb.WithRefreshRate(200*time.Millisecond)),
		tally:      tally,
		byProtocol: map[string]*mpb.Bar{},
		stop:       make(chan struct{}),
		done:       make(chan struct{}),
		eta:        "?",
	}
	order, totals := x.PlanCounts()
	b.labels = order
	total := 0
	for _, label := range order {
		total += totals[label]
		b.byProtocol[label] = b.p.AddBar(int64(totals[label]),
			mpb.PrependDecorators(decor.Name(label, decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
			mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5})),
		)
	}
	b.total = total
	b.all = b.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("all", decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
		mpb.AppendDecorators(
			decor.Percentage(decor.WC{W: 5}),
			decor.Any(func(decor.Statistics) string {
				b.mu.Lock()
				defer b.mu.Unlock()
				return " ETA " + b.eta
			}),
			decor.Any(func(decor.Statistics) string {
				c, _ := b.tally.Counts()
				retries, recent := b.tally.Retrying()
				if recent != "" {
					// The status alone: the bar has one line.
					recent = " (retrying: " + oneLine(recent, 60) + ")"
				}
				return fmt.Sprintf(" %d retries%s, %d failed, $%.4f", retries, recent, c.Failed, c.Usage.CostUSD)
			}),
		),
	)
	go b.tick()
	return b
}

// The run's tally is both what its sinks hand on (the resumed episodes)
// and what it plays (as each finishes).
var (
	_ engine.Sink    = (*sinks.Progress)(nil)
	_ engine.Watcher = (*sinks.Progress)(nil)
)

// tick moves the bars to the counts, five times a second, until finish.
func (b *bars) tick() {
	defer close(b.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		b.update()
		select {
		case <-b.stop:
			b.update()
			return
		case <-t.C:
		}
	}
}

func (b *bars) update() {
	for _, label := range b.labels {
		b.byProtocol[label].SetCurrent(int64(b.tally.Protocol(label)))
	}
	c, resumed := b.tally.Counts()
	b.all.SetCurrent(int64(resumed + c.Episodes))
	played, done := b.tally.Done()
	eta := "?"
	if _, told := b.tally.Total(); !told.IsZero() {
		if b.rate == nil {
			b.rate = sinks.NewRecentRate(told)
		}
		eta = sinks.ETA(b.total-done-played.Episodes, b.rate.Add(time.Now(), played.Episodes))
	}
	b.mu.Lock()
	b.eta = eta
	b.mu.Unlock()
}

// finish ends the display: bars the run did not complete (it stopped
// early) are aborted, or Wait would block for ever.
func (b *bars) finish() {
	close(b.stop)
	<-b.done
	for _, bar := range b.byProtocol {
		if !bar.Completed() {
			bar.Abort(false)
		}
	}
	if !b.all.Completed() {
		b.all.Abort(false)
	}
	b.p.Wait()
}
