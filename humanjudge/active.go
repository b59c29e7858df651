package humanjudge

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"
)

// DefaultIdle is how long the page waits without input before it takes
// the person to be away, and stops counting their active time. Two
// minutes is longer than a judge spends reading one long turn without
// scrolling (a 400-word speech at 250 words a minute takes about 100 s),
// so careful reading is not cut, and short enough that a coffee break
// costs at most two minutes of counted time.
const DefaultIdle = 2 * time.Minute

// activeSeconds is the active time the page claims, claim milliseconds,
// as the record keeps it: in seconds to the millisecond, at most wall
// (the wall time the server measured, in seconds). The page's count is a
// claim, since any page can send any number: nil where it sent none (a
// page served before moot measured active time) or what it sent is no
// time (negative); a claim past wall, however large (a number past
// float64's range included), is cut to wall. ok is false where a claim
// was dropped, for the server to say so.
func activeSeconds(claim json.Number, wall float64) (_ *float64, ok bool) {
	if claim == "" || wall <= 0 { // wall 0: the server's clock stepped back, no time to cut to
		return nil, true
	}
	ms, err := strconv.ParseFloat(string(claim), 64)
	// ParseFloat gives ±Inf, with ErrRange, for a number past float64's
	// range: a huge claim, cut to wall below.
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsNaN(ms) || ms < 0 {
		return nil, false
	}
	// Minus zero ("-0", or a claim that underflows to it) is no time
	// spent: 0, which the tables write as 0.0, not -0.0.
	s := min(math.Round(ms)/1000, wall) + 0
	return &s, true
}
