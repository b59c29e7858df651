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
// ETA, read from p. The rate is of the episodes played since the earlier
// run's, on a resume, have been read: while they are, the run plays few,
// and the ETA is not guessed.
func StartLines(w io.Writer, every time.Duration, total int, p *Progress) (stop func()) {
	if every <= 0 {
		every = 2 * time.Second
	}
	start, base := time.Now(), 0 // the rate's: since when, from how many played
	read := false                // the earlier run's episodes are all read
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
			if !read && !p.reloading() {
				read = true
				if resumed > 0 {
					start, base = time.Now(), c.Episodes
				}
			}
			rate := float64(c.Episodes-base) / time.Since(start).Seconds()
			eta := "ETA ?"
			switch {
			case p.stopping():
				eta = "stopping: the episodes in flight finish"
			case !read:
				eta = "ETA ? (reading the episodes already done)"
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
