package protocols

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/looplab/fsm"
)

// maxSteps bounds the walk of a machine that Check makes: one that is not
// final after so many steps never will be.
const maxSteps = 1000

// Check refuses a protocol whose seats or steps break what every episode
// relies on, naming the assignment and the seat: each seat names the
// setting of its agent; a seat that remarks argues no side, and one that
// addresses a seat addresses another of its assignment; one seat decides
// (none for a Voter or a Settler); and, where the steps are fixed (no
// Decider, no Voter), the machine reaches its final state, each step names
// seats of the assignment, the deciding seat speaks alone in the last step
// and in no other, and no two seats that speak in one round share a name
// (with the round, the name seeds the seat's draws); and settings that
// embed Interim with judge_every_round set make Rules that ask the judge
// after each round (Rules.JudgeEveryRound). The engine checks
// every protocol it loads, so a protocol that no test lists (one package,
// imported by a test alone) is held to it too; protocols/conformance_test.go
// checks more of the shipped ones.
func Check(p Protocol) error {
	if err := checkEmbeddedRules(p); err != nil {
		return err
	}
	_, voter := p.(Voter)
	_, settler := p.(Settler)
	_, decider := p.(Decider)
	var steps []Step
	if !voter && !decider {
		var err error
		if steps, err = Walk(p); err != nil {
			return err
		}
	}
	for _, a := range p.Assignments() {
		if err := checkSeats(a, voter || settler); err != nil {
			return fmt.Errorf("assignment %s: %w", a.Name, err)
		}
		if err := checkSteps(a, steps); err != nil {
			return fmt.Errorf("assignment %s: %w", a.Name, err)
		}
	}
	return nil
}

// checkEmbeddedRules refuses a protocol whose settings embed a shared
// block (Interim, Speeches) that its Rules do not carry: a setting the
// experiment gives would be taken and not played, without a word.
func checkEmbeddedRules(p Protocol) error {
	settings, r := reflect.ValueOf(p.Settings()), p.Rules()
	if v, ok := embedded(settings, reflect.TypeFor[Interim]()); ok && v.FieldByName("JudgeEveryRound").Bool() && !r.JudgeEveryRound {
		return errors.New("judge_every_round is set, but the protocol's Rules do not set JudgeEveryRound: the judge would not be asked after each round")
	}
	if v, ok := embedded(settings, reflect.TypeFor[Speeches]()); ok {
		// Read, not Interface: v may be an unexported field's.
		rounds, words, verify := int(v.FieldByName("Rounds").Int()), int(v.FieldByName("WordLimit").Int()), v.FieldByName("VerifyQuotes").Bool()
		if r.Rounds != rounds || r.WordLimit != words || r.VerifyQuotes != verify {
			return fmt.Errorf("rounds %d, word_limit %d and verify_quotes %v are set, but the protocol's Rules say %d, %d and %v (build them from Speeches.Rules)", rounds, words, verify, r.Rounds, r.WordLimit, r.VerifyQuotes)
		}
	}
	return nil
}

// embedded finds the struct of type t that settings v (a struct or a
// pointer to one) embed, directly or within an embedded struct.
func embedded(v reflect.Value, t reflect.Type) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	if v.Type() == t {
		return v, true
	}
	for i := range v.NumField() {
		if v.Type().Field(i).Anonymous {
			if e, ok := embedded(v.Field(i), t); ok {
				return e, true
			}
		}
	}
	return reflect.Value{}, false
}

// Walk drives p's machine from its initial state to its final one,
// firing each step's event, and returns the steps; an error says where it
// stuck.
func Walk(p Protocol) ([]Step, error) {
	m := p.Machine()
	f := fsm.NewFSM(m.Initial, m.Events, nil)
	var steps []Step
	for f.Current() != m.Final {
		if len(steps) == maxSteps {
			return nil, fmt.Errorf("the machine is not in its final state %q after %d steps", m.Final, maxSteps)
		}
		state := f.Current()
		st := p.Step(state)
		steps = append(steps, st)
		if err := f.Event(context.Background(), st.Event); err != nil {
			return nil, fmt.Errorf("state %q: its step's event %q: %w (it may fire %q)", state, st.Event, err, f.AvailableTransitions())
		}
	}
	return steps, nil
}

// checkSeats checks an assignment's seats on their own.
func checkSeats(a Assignment, undecided bool) error {
	deciders := 0
	for _, s := range a.Seats {
		switch {
		case s.Setting == "":
			return fmt.Errorf("seat %q names no Setting, the key of the settings that names its agent", s.Name)
		case s.Act == Remark && s.Stance != None:
			return fmt.Errorf("seat %q remarks (Act Remark) but has a stance; a seat that remarks argues no side: give it stance None", s.Name)
		case s.Addresses != "" && (s.Addresses == s.Name || !slices.ContainsFunc(a.Seats, func(o Seat) bool { return o.Name == s.Addresses })):
			return fmt.Errorf("seat %q addresses %q, which is no other seat of the assignment", s.Name, s.Addresses)
		case s.Act == Decide:
			deciders++
		}
	}
	if deciders > 1 || deciders == 0 && !undecided {
		return fmt.Errorf("%d seats decide (Act Decide); want one, the judge (protocols.JudgeSeat), or a Voter or a Settler", deciders)
	}
	return nil
}

// checkSteps checks an assignment's seats in the steps of a walk.
func checkSteps(a Assignment, steps []Step) error {
	type key struct {
		name  string
		round int
	}
	seen := map[key]int{}
	decided := slices.ContainsFunc(a.Seats, func(s Seat) bool { return s.Act == Decide })
	for i, st := range steps {
		last := i == len(steps)-1
		for _, si := range st.Seats {
			if si < 0 || si >= len(a.Seats) {
				return fmt.Errorf("round %d names seat %d of %d", st.Round, si, len(a.Seats))
			}
			s := a.Seats[si]
			if decides := s.Act == Decide; decided && (decides != last || decides && len(st.Seats) > 1) {
				return errors.New("the seat that decides speaks alone in the last step, and in no other")
			}
			k := key{s.Name, st.Round}
			if other, ok := seen[k]; ok && other != si {
				return fmt.Errorf("seats %d and %d, both named %q, speak in round %d; give each a name of its own: with the round, the name seeds its draws", other, si, s.Name, st.Round)
			}
			seen[k] = si
		}
	}
	return nil
}
