package sinks

import (
	"cmp"
	"fmt"
	"io"
	"time"
)

// StartLines prints a progress line to w every interval (2s if not
// positive) until the returned function is called: episodes done (played
// or resumed) of total (when 0, p's Total, once the run has told it),
// failures, calls, retries and cost of those played, their rate and the
// ETA, read from p.
func StartLines(w io.Writer, every time.Duration, total int, p *Progress) (stop func()) {
	if every <= 0 {
		every = 2 * time.Second
	}
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			c, resumed := p.Counts()
			total := cmp.Or(total, p.Total())
			rate := float64(c.Episodes) / time.Since(start).Seconds()
			eta := "ETA ?"
			switch {
			case p.stopping():
				eta = "stopping: the episodes in flight finish"
			case rate > 0:
				eta = "ETA " + (time.Duration(float64(total-resumed-c.Episodes)/rate) * time.Second).Round(time.Second).String()
			}
			retries, recent := p.Retrying()
			if recent != "" {
				recent = "; retrying after " + recent
			}
			fmt.Fprintf(w, "moot: %d/%d episodes (%d failed), %d calls, %d retries, $%.4f, %.1f episodes/s, %s%s\n",
				resumed+c.Episodes, total, c.Failed, c.Usage.Calls, retries, c.Usage.CostUSD, rate, eta, recent)
		}
	}()
	return func() { close(done); <-finished }
}
