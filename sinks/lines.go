package sinks

import (
	"fmt"
	"io"
	"time"
)

// StartLines prints a progress line to w every interval (2s if not
// positive) until the returned function is called: episodes done (played
// or resumed: an earlier run's count from the start) of p's Total, once
// the run has told it, failures, calls, retries and cost of those
// played, their rate and the ETA, read from p. The rate is from when p
// was told the total (as play starts), and over the last
// rateWindow: a resume plays few episodes while it reads the earlier
// run's, and a rate since the start would long read low. Once
// every episode is in, or the run's play has ended early (Ctrl-C, a
// budget: Progress.Finish), one line says the summary, tables and report
// are being written, and no more follow: lines of a falling rate and an
// ETA of 0s had filled half the wall time of a run of 100,000 episodes.
func StartLines(w io.Writer, every time.Duration, p *Progress) (stop func()) {
	if every <= 0 {
		every = 2 * time.Second
	}
	// The rate starts with play, once the plan is told: a rejudge reads
	// the whole run it judges before (seconds for 50,000 episodes), which
	// a rate from the lines' start counted as time played.
	var rate *RecentRate
	return Every(every, func() bool {
		c, resumed := p.Done()
		total, told := p.Total()
		if total == 0 {
			// No plan yet (verify, rejudge: the tasks or the records
			// still read): "0/0 episodes" would say nothing.
			return true
		}
		ended, stopped := p.end()
		if resumed+c.Episodes >= total || ended {
			// A run stopped early has nothing in flight once its play
			// has ended: lines of a falling rate would fill the time its
			// results take to write, as they would a finished run's.
			why := "all in"
			if resumed+c.Episodes < total && stopped != "" {
				why = stopped
			}
			retries, _ := p.Retrying()
			fmt.Fprintf(w, "moot: %d/%d episodes (%d failed), %d calls, %d retries, $%.4f: %s; writing the summary, tables and report\n",
				resumed+c.Episodes, total, c.Failed, c.Usage.Calls, retries, c.Usage.CostUSD, why)
			return false
		}
		if rate == nil {
			rate = NewRecentRate(told)
		}
		perSecond := rate.Add(time.Now(), c.Episodes)
		eta := "ETA ?"
		switch {
		case p.stopping():
			eta = "stopping: the episodes in flight finish"
		case perSecond > 0:
			eta = "ETA " + ETA(total-resumed-c.Episodes, perSecond)
		}
		retries, recent := p.Retrying()
		if recent != "" {
			recent = "; retrying after " + recent
		}
		fmt.Fprintf(w, "moot: %d/%d episodes (%d failed), %d calls, %d retries, $%.4f, %.1f episodes/s, %s%s\n",
			resumed+c.Episodes, total, c.Failed, c.Usage.Calls, retries, c.Usage.CostUSD, perSecond, eta, recent)
		return true
	})
}

// Every calls tick every interval, on a goroutine of its own, until tick
// returns false or the returned stop is called; stop waits for a tick in
// progress, so that nothing is written after it returns. The progress
// lines of a run and of moot fit tick with it.
func Every(every time.Duration, tick func() (more bool)) (stop func()) {
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
			if !tick() {
				return
			}
		}
	}()
	return func() { close(done); <-finished }
}

// rateWindow is how far back the progress lines' rate looks.
const rateWindow = 30 * time.Second

// RecentRate is the rate of episodes played over the last rateWindow,
// from the counts read at each line (or bar update).
type RecentRate struct {
	at     []time.Time
	played []int
}

// NewRecentRate starts a rate at start, with no episode played.
func NewRecentRate(start time.Time) *RecentRate {
	return &RecentRate{at: []time.Time{start}, played: []int{0}}
}

// Add records played at now and returns the episodes a second since the
// oldest reading within rateWindow of now (or the last before it).
func (r *RecentRate) Add(now time.Time, played int) float64 {
	r.at, r.played = append(r.at, now), append(r.played, played)
	for len(r.at) > 2 && now.Sub(r.at[1]) >= rateWindow {
		r.at, r.played = r.at[1:], r.played[1:]
	}
	secs := now.Sub(r.at[0]).Seconds()
	if secs <= 0 {
		return 0
	}
	return float64(played-r.played[0]) / secs
}

// ETA is the time left to play left episodes at perSecond, to the second;
// "?" without a rate.
func ETA(left int, perSecond float64) string {
	if perSecond <= 0 {
		return "?"
	}
	return time.Duration(float64(left) / perSecond * float64(time.Second)).Round(time.Second).String()
}
