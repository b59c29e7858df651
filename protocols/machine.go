package protocols

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/looplab/fsm"
)

// The states and events shared by protocols that end with a judge.
const (
	StateJudging = "judging"
	StateDone    = "done"
	EventVerdict = "verdict"
	roundPrefix  = "round-"
)

// RoundState names the state of round r (from 1).
func RoundState(r int) string { return NumberedState(roundPrefix, r) }

// RoundOf returns the round of a state made by RoundState.
func RoundOf(state string) (int, bool) { return NumberOf(roundPrefix, state) }

// NumberedState names the state of round r (from 1) in a family of states
// named by prefix, as RoundState does for "round-".
func NumberedState(prefix string, r int) string { return prefix + strconv.Itoa(r) }

// NumberOf returns the round of a state made by NumberedState with prefix.
func NumberOf(prefix, state string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(state, prefix))
	return n, err == nil && n >= 1 && strings.HasPrefix(state, prefix)
}

// RoundsMachine declares a machine of rounds of speeches and then the
// judge: round-1 → … → round-R → judging → done. With rounds == 0 it is
// judging → done.
func RoundsMachine(rounds int) Machine {
	if rounds == 0 {
		return Machine{Initial: StateJudging, Final: StateDone, Events: []fsm.EventDesc{
			{Name: EventVerdict, Src: []string{StateJudging}, Dst: StateDone},
		}}
	}
	events := make([]fsm.EventDesc, 0, rounds+1)
	for r := 1; r < rounds; r++ {
		events = append(events, fsm.EventDesc{Name: "to-" + RoundState(r+1), Src: []string{RoundState(r)}, Dst: RoundState(r + 1)})
	}
	events = append(events,
		fsm.EventDesc{Name: "to-" + StateJudging, Src: []string{RoundState(rounds)}, Dst: StateJudging},
		fsm.EventDesc{Name: EventVerdict, Src: []string{StateJudging}, Dst: StateDone},
	)
	return Machine{Initial: RoundState(1), Final: StateDone, Events: events}
}

// RoundsStep is the step of a RoundsMachine state: in a round the speakers
// speak, then the judge (seat judge) gives the verdict.
func RoundsStep(state string, rounds int, speakers []int, sequential bool, judge int) Step {
	if r, ok := RoundOf(state); ok {
		next := "to-" + StateJudging
		if r < rounds {
			next = "to-" + RoundState(r+1)
		}
		return Step{Round: r, Seats: speakers, Sequential: sequential, Event: next}
	}
	return Step{Round: rounds + 1, Seats: []int{judge}, Event: EventVerdict}
}

// Validate checks the common settings.
func (c *Common) Validate() error {
	if c.Judge == "" {
		return fmt.Errorf("judge: a judge agent is required")
	}
	return nil
}

// Orders returns the answer orders an assignment is played in: both, with
// the correct answer first and second, when swap is set; else as given.
func (c *Common) Orders() []Order {
	if c.Swap {
		return []Order{CorrectFirst, CorrectSecond}
	}
	return []Order{AsGiven}
}

// OrderName names an order in assignment names.
func OrderName(o Order) string {
	switch o {
	case CorrectFirst:
		return "correct-first"
	case CorrectSecond:
		return "correct-second"
	}
	return "as-given"
}

// CheckRange returns an error naming field if v is outside [lo, hi].
func CheckRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s: must be between %d and %d, got %d", field, lo, hi, v)
	}
	return nil
}

// Speeches are the settings of protocols whose speakers take rounds of
// turns before the judge.
type Speeches struct {
	Rounds    int `yaml:"rounds" doc:"rounds of speeches (1 to 20)"`
	WordLimit int `yaml:"word_limit" doc:"the most words a speech may have, as its speaker's prompt asks; a longer one is read whole, not cut (10 to 5000)"`
	// VerifyQuotes shows the judge which quotes were found in the context.
	VerifyQuotes bool `yaml:"verify_quotes" doc:"mark each quote the judge reads verified or unverified against the hidden context"`
}

// Interim is the setting of a protocol of speeches whose judge can also be
// asked after each round but the last (Rules.JudgeEveryRound).
type Interim struct {
	JudgeEveryRound bool `yaml:"judge_every_round,omitempty" doc:"also ask the judge after each round but the last, apart, for accuracy by round; no one reads these interim verdicts"`
}

// DefaultSpeeches are three rounds, quotes verified, as in Khan et al.
// 2024 and Kenton et al. 2024, of at most 150 words: Khan et al.'s cap
// (their released code asks debaters for 100 words and cuts a speech at
// 150; consultants 200, cut at 300), which moot's prompts ask for and
// nothing cuts.
func DefaultSpeeches() Speeches { return Speeches{Rounds: 3, WordLimit: 150, VerifyQuotes: true} }

// Validate checks the rounds and the word limit.
func (s *Speeches) Validate() error {
	if err := CheckRange("rounds", s.Rounds, 1, 20); err != nil {
		return err
	}
	return CheckRange("word_limit", s.WordLimit, 10, 5000)
}

// Rules are the rules the engine applies for these settings.
func (s *Speeches) Rules() Rules {
	return Rules{Rounds: s.Rounds, WordLimit: s.WordLimit, VerifyQuotes: s.VerifyQuotes}
}
