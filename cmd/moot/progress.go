package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// isTerminal reports whether w is a terminal, where progress bars can be
// drawn; elsewhere (a log file, CI) a run prints plain lines instead.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// bars is the progress display of a run on a terminal: a bar for each
// protocol, and one for the whole run with its rate, ETA, retries,
// failures and cost.
//
// A run may count thousands of episodes a second, more than mpb should be
// told one by one: episode only counts, and a ticker moves the bars.
type bars struct {
	p          *mpb.Progress
	labels     []string
	byProtocol map[string]*mpb.Bar
	all        *mpb.Bar
	counts     map[string]*atomic.Int64
	total      atomic.Int64
	retries    atomic.Int64
	failed     atomic.Int64
	costMicros atomic.Int64
	stop, done chan struct{}
}

func newBars(w io.Writer, x *engine.Experiment) *bars {
	b := &bars{
		p:          mpb.New(mpb.WithOutput(w), mpb.WithAutoRefresh(), mpb.WithRefreshRate(200*time.Millisecond)),
		byProtocol: map[string]*mpb.Bar{},
		counts:     map[string]*atomic.Int64{},
		stop:       make(chan struct{}),
		done:       make(chan struct{}),
	}
	order, totals := x.PlanCounts()
	b.labels = order
	total := 0
	for _, label := range order {
		total += totals[label]
		b.counts[label] = new(atomic.Int64)
		b.byProtocol[label] = b.p.AddBar(int64(totals[label]),
			mpb.PrependDecorators(decor.Name(label, decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
			mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5})),
		)
	}
	b.all = b.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("all", decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
		mpb.AppendDecorators(
			decor.Percentage(decor.WC{W: 5}),
			decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO),
			decor.Any(func(decor.Statistics) string {
				return fmt.Sprintf(" %d retries, %d failed, $%.4f", b.retries.Load(), b.failed.Load(), float64(b.costMicros.Load())/1e6)
			}),
		),
	)
	go b.tick()
	return b
}

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
		b.byProtocol[label].SetCurrent(b.counts[label].Load())
	}
	b.all.SetCurrent(b.total.Load())
}

var _ engine.Sink = (*bars)(nil)

// Episode counts one episode: bars are a sink of the run, which the
// engine calls one episode at a time.
func (b *bars) Episode(ep *transcript.Episode, resumed bool) error {
	if ep.Error != "" {
		b.failed.Add(1)
	}
	if !resumed {
		for _, m := range ep.Messages {
			b.retries.Add(int64(m.Retries))
			b.costMicros.Add(int64(math.Round(m.CostUSD * 1e6)))
		}
	}
	if c := b.counts[ep.Protocol]; c != nil {
		c.Add(1)
	}
	b.total.Add(1)
	return nil
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
