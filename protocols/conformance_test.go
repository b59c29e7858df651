package protocols_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/looplab/fsm"
	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/debate"
	_ "github.com/mootlab/moot/protocols/direct"
	_ "github.com/mootlab/moot/protocols/grade"
	_ "github.com/mootlab/moot/protocols/mad"
	"github.com/mootlab/moot/protocols/protocoltest"
	_ "github.com/mootlab/moot/protocols/society"
	"github.com/mootlab/moot/transcript"
)

// minimal is the smallest valid settings block of each registered
// protocol. A protocol registered without one fails TestConformance.
var minimal = map[string]string{
	"debate":              "judge: weak\ndebaters: strong\n",
	"consultancy":         "judge: weak\nconsultant: strong\n",
	"direct":              "judge: weak\n",
	"direct-with-context": "judge: weak\n",
	"grade":               "judge: weak\nexam_takers: [strong, weak]\n",
	"open-consultancy":    "judge: weak\nconsultant: strong\n",
	"open-debate":         "judge: weak\ndebaters: strong\n",
	"society":             "agents: strong\n",
	"mad":                 "judge: weak\ndebaters: strong\nmoderator: mod\n",
}

// decoder decodes doc strictly, as the engine does: unknown keys are
// errors. Fields doc leaves out keep the factory's defaults.
func decoder(doc string) func(any) error {
	return func(v any) error {
		dec := yaml.NewDecoder(strings.NewReader(doc))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		return nil
	}
}

func build(t *testing.T, name, doc string) protocols.Protocol {
	t.Helper()
	f, err := protocols.Lookup(name)
	if err != nil {
		t.Fatalf("Lookup(%q): %v", name, err)
	}
	p, err := f(decoder(doc))
	if err != nil {
		t.Fatalf("protocol %s with\n%s: %v", name, doc, err)
	}
	return p
}

// playedStep is one step of a walk through a protocol's machine.
type playedStep struct {
	state string
	protocols.Step
}

// walk drives p's machine from its initial state to its final one, firing
// each step's event, and returns the steps.
func walk(t *testing.T, p protocols.Protocol) []playedStep {
	t.Helper()
	m := p.Machine()
	f := fsm.NewFSM(m.Initial, m.Events, nil)
	var steps []playedStep
	for f.Current() != m.Final {
		if len(steps) == 100 {
			t.Fatalf("machine not final after 100 steps")
		}
		state := f.Current()
		st := p.Step(state)
		steps = append(steps, playedStep{state, st})
		if !f.Can(st.Event) {
			t.Fatalf("state %q: step event %q cannot fire; available %q", state, st.Event, f.AvailableTransitions())
		}
		if err := f.Event(context.Background(), st.Event); err != nil {
			t.Fatalf("state %q: event %q: %v", state, st.Event, err)
		}
	}
	return steps
}

// TestConformance checks, for every registered protocol, the contract the
// engine relies on.
func TestConformance(t *testing.T) {
	for _, name := range protocols.Names() {
		t.Run(name, func(t *testing.T) {
			doc, ok := minimal[name]
			if !ok {
				t.Fatalf("no minimal settings for protocol %q: add them to this test", name)
			}
			conform(t, build(t, name, doc))
		})
	}
}

// variants are settings that change a protocol's steps or seats beyond
// its minimal block: the contract holds for them too.
var variants = []struct{ name, doc string }{
	// The judge asks the consultant a question after each round but the
	// last: a seat that remarks, in steps of its own.
	{"consultancy", "judge: weak\nconsultant: strong\ninteractive: true\n"},
	{"debate", "judge: weak\ndebaters: strong\nturns: sequential\n"},
	// Round 1 at once, the later rounds in turn.
	{"debate", "judge: weak\ndebaters: strong\nturns: sequential-from-round-2\n"},
}

func TestConformanceOfVariants(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name+"/"+strings.TrimSpace(strings.ReplaceAll(v.doc, "\n", " ")), func(t *testing.T) {
			conform(t, build(t, v.name, v.doc))
		})
	}
}

// conform checks p against the contract the engine relies on: its class,
// its steps (rounds 1 to Rules().Rounds, each in one step or more, then
// the judge alone in round Rules().Rounds+1) and its seats.
func conform(t *testing.T, p protocols.Protocol) {
	t.Helper()
	if _, ok := p.(protocols.Voter); ok {
		conformVoter(t, p)
		return
	}
	if _, ok := p.(protocols.Decider); ok {
		return // its steps depend on what is said; its package tests them
	}
	if p.Common().Judge != "weak" {
		t.Errorf("Common().Judge = %q; want %q", p.Common().Judge, "weak")
	}
	if c := p.Comparison(); c.Class == "" || slices.Contains(c.Against, c.Class) {
		t.Errorf("Comparison() = %+v; want a class, not compared with itself", c)
	}
	if p.Settings() == nil {
		t.Errorf("Settings() = nil; want the decoded settings")
	}
	steps := walk(t, p)
	if got, want := steps[len(steps)-1].Round, p.Rules().Rounds+1; got != want {
		t.Errorf("the last step is in round %d; want Rules().Rounds+1 = %d, the judge's", got, want)
	}
	assignments := p.Assignments()
	if len(assignments) == 0 {
		t.Fatalf("no assignments")
	}
	names := map[string]bool{}
	for _, a := range assignments {
		if names[a.Name] {
			t.Errorf("assignment name %q used twice", a.Name)
		}
		names[a.Name] = true
		conformSeats(t, a)
		conformSteps(t, a, steps)
	}
}

// conformSeats checks an assignment's seats: one judge, of agent weak
// and no stance; a seat that remarks (a judge's question, a moderator's
// note) argues no side; one that answers (an exam-taker) answers on its
// own; every other speaker argues a side from the context.
func conformSeats(t *testing.T, a protocols.Assignment) {
	t.Helper()
	judges := 0
	for _, s := range a.Seats {
		if s.Setting == "" {
			t.Errorf("%s: seat %s names no setting for its agent", a.Name, s.Name)
		}
		switch s.Act {
		case protocols.Decide:
			judges++
			if s.Agent != "weak" || s.Stance != protocols.None {
				t.Errorf("%s: judge seat %+v; want agent weak, stance None", a.Name, s)
			}
		case protocols.Remark:
			if s.Stance != protocols.None {
				t.Errorf("%s: seat %+v remarks but argues a stance; want stance None", a.Name, s)
			}
		case protocols.Answer:
		default:
			if s.Stance == protocols.None || !s.SeesContext {
				t.Errorf("%s: speaker seat %+v; want a stance and the context", a.Name, s)
			}
		}
	}
	if judges != 1 {
		t.Errorf("%s: %d judge seats; want 1", a.Name, judges)
	}
	for _, s := range a.Seats {
		if s.Addresses == "" {
			continue
		}
		if s.Act != protocols.Remark || !slices.ContainsFunc(a.Seats, func(o protocols.Seat) bool { return o.Name == s.Addresses && o.Name != s.Name }) {
			t.Errorf("%s: seat %s addresses %q; want a seat that remarks, to another seat of the assignment", a.Name, s.Name, s.Addresses)
		}
	}
}

// conformSteps checks an assignment's steps: each names its seats; the
// rounds go 1, 2, … without a gap, a round in one step or more; the
// judge speaks alone in the last step, and in no other.
func conformSteps(t *testing.T, a protocols.Assignment, steps []playedStep) {
	t.Helper()
	round := 0
	for i, st := range steps {
		if st.Round != round+1 && (st.Round != round || i == 0) {
			t.Errorf("%s: step %q: Round = %d after round %d; want the rounds from 1 without a gap", a.Name, st.state, st.Round, round)
		}
		round = st.Round
		if len(st.Seats) == 0 {
			t.Errorf("%s: step %q has no seats", a.Name, st.state)
		}
		last := i == len(steps)-1
		for _, si := range st.Seats {
			if si < 0 || si >= len(a.Seats) {
				t.Fatalf("%s: step %q names seat %d of %d", a.Name, st.state, si, len(a.Seats))
			}
			if isJudge := a.Seats[si].Act == protocols.Decide; isJudge != last {
				t.Errorf("%s: step %d of %d (%q) seats %s; want the judge alone in the last step", a.Name, i+1, len(steps), st.state, a.Seats[si].Name)
			}
		}
		if last && len(st.Seats) != 1 {
			t.Errorf("%s: last step seats %v; want the judge alone", a.Name, st.Seats)
		}
	}
}

func TestSteps(t *testing.T) {
	tests := []struct {
		protocol, doc string
		wantSteps     int
		sequential    bool
	}{
		{"debate", minimal["debate"], 4, false},
		{"debate", minimal["debate"] + "rounds: 1\n", 2, false},
		{"debate", minimal["debate"] + "rounds: 5\nturns: sequential\n", 6, true},
		{"consultancy", minimal["consultancy"], 4, false},
		{"consultancy", minimal["consultancy"] + "rounds: 2\n", 3, false},
		{"direct", minimal["direct"], 1, false},
		{"direct-with-context", minimal["direct-with-context"] + "swap: true\n", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.protocol+"/"+strings.ReplaceAll(strings.TrimSpace(tt.doc), "\n", ","), func(t *testing.T) {
			steps := walk(t, build(t, tt.protocol, tt.doc))
			if len(steps) != tt.wantSteps {
				t.Fatalf("%d steps; want %d", len(steps), tt.wantSteps)
			}
			for _, st := range steps[:len(steps)-1] {
				if st.Sequential != tt.sequential {
					t.Errorf("step %q: Sequential = %v; want %v", st.state, st.Sequential, tt.sequential)
				}
			}
		})
	}
}

// assignmentKey is what distinguishes assignments.
type assignmentKey struct {
	order  protocols.Order
	stance protocols.Stance // of the first seat
}

func TestAssignments(t *testing.T) {
	tests := []struct {
		name, protocol, doc string
		want                []assignmentKey
		// slotA counts, per debater, the assignments where it argues the
		// answer shown first.
		slotA map[string]int
		// context is whether the judge sees the hidden context.
		context bool
	}{
		{
			name: "debate swaps by default", protocol: "debate", doc: minimal["debate"],
			want:  []assignmentKey{{protocols.CorrectFirst, protocols.SlotA}, {protocols.CorrectSecond, protocols.SlotA}},
			slotA: map[string]int{"strong": 2},
		},
		{
			name: "debate without swap", protocol: "debate", doc: minimal["debate"] + "swap: false\n",
			want:  []assignmentKey{{protocols.AsGiven, protocols.SlotA}},
			slotA: map[string]int{"strong": 1},
		},
		{
			name: "debate self-play written twice", protocol: "debate", doc: "judge: weak\ndebaters: [strong, strong]\n",
			want:  []assignmentKey{{protocols.CorrectFirst, protocols.SlotA}, {protocols.CorrectSecond, protocols.SlotA}},
			slotA: map[string]int{"strong": 2},
		},
		{
			name: "debate with two debaters", protocol: "debate", doc: "judge: weak\ndebaters: [strong, weak2]\n",
			want: []assignmentKey{
				{protocols.CorrectFirst, protocols.SlotA}, {protocols.CorrectFirst, protocols.SlotA},
				{protocols.CorrectSecond, protocols.SlotA}, {protocols.CorrectSecond, protocols.SlotA},
			},
			slotA: map[string]int{"strong": 2, "weak2": 2},
		},
		{
			name: "consultancy", protocol: "consultancy", doc: minimal["consultancy"],
			want: []assignmentKey{{protocols.AsGiven, protocols.Correct}, {protocols.AsGiven, protocols.Incorrect}},
		},
		{
			name: "consultancy with swap", protocol: "consultancy", doc: minimal["consultancy"] + "swap: true\n",
			want: []assignmentKey{
				{protocols.CorrectFirst, protocols.Correct}, {protocols.CorrectFirst, protocols.Incorrect},
				{protocols.CorrectSecond, protocols.Correct}, {protocols.CorrectSecond, protocols.Incorrect},
			},
		},
		{
			name: "direct", protocol: "direct", doc: minimal["direct"],
			want: []assignmentKey{{protocols.AsGiven, protocols.None}},
		},
		{
			name: "direct with swap", protocol: "direct", doc: minimal["direct"] + "swap: true\n",
			want: []assignmentKey{{protocols.CorrectFirst, protocols.None}, {protocols.CorrectSecond, protocols.None}},
		},
		{
			name: "direct with context", protocol: "direct-with-context", doc: minimal["direct-with-context"] + "swap: true\n",
			want:    []assignmentKey{{protocols.CorrectFirst, protocols.None}, {protocols.CorrectSecond, protocols.None}},
			context: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := build(t, tt.protocol, tt.doc).Assignments()
			var got []assignmentKey
			slotA := map[string]int{}
			for _, a := range as {
				got = append(got, assignmentKey{a.Order, a.Seats[0].Stance})
				for _, s := range a.Seats {
					switch s.Stance {
					case protocols.SlotA:
						slotA[s.Agent]++
					case protocols.None:
						if s.SeesContext != tt.context {
							t.Errorf("%s: judge SeesContext = %v; want %v", a.Name, s.SeesContext, tt.context)
						}
					}
				}
			}
			if !equalKeys(got, tt.want) {
				t.Errorf("assignments (order, first stance) = %v; want %v", got, tt.want)
			}
			if tt.slotA != nil && !equalCounts(slotA, tt.slotA) {
				t.Errorf("assignments arguing A per debater = %v; want %v", slotA, tt.slotA)
			}
		})
	}
}

// TestDebateSeatsBothSides: with two debaters, each argues each slot in
// each order exactly once.
func TestDebateSeatsBothSides(t *testing.T) {
	as := build(t, "debate", "judge: weak\ndebaters: [x, y]\n").Assignments()
	type key struct {
		order  protocols.Order
		agent  string
		stance protocols.Stance
	}
	seen := map[key]int{}
	for _, a := range as {
		if len(a.Seats) != 3 || a.Seats[0].Agent == a.Seats[1].Agent {
			t.Fatalf("%s: seats %+v; want two distinct debaters and a judge", a.Name, a.Seats)
		}
		for _, s := range a.Seats[:2] {
			seen[key{a.Order, s.Agent, s.Stance}]++
		}
	}
	for _, o := range []protocols.Order{protocols.CorrectFirst, protocols.CorrectSecond} {
		for _, agent := range []string{"x", "y"} {
			for _, st := range []protocols.Stance{protocols.SlotA, protocols.SlotB} {
				if n := seen[key{o, agent, st}]; n != 1 {
					t.Errorf("%s arguing stance %d in order %s: %d assignments; want 1", agent, st, protocols.OrderName(o), n)
				}
			}
		}
	}
}

// TestSettingsErrors: settings outside what each setting's doc allows
// (docs/protocols.md) are refused, with an error that names the setting.
func TestSettingsErrors(t *testing.T) {
	sixteen := "[a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16]"
	tests := []struct {
		name, protocol, doc string
		wantPrefix          string // "" accepts any error
	}{
		{"debate rounds 0", "debate", minimal["debate"] + "rounds: 0\n", "rounds:"},
		{"debate rounds 21", "debate", minimal["debate"] + "rounds: 21\n", "rounds:"},
		{"debate turns both", "debate", minimal["debate"] + "turns: both\n", "turns:"},
		{"debate three debaters", "debate", "judge: weak\ndebaters: [a, b, c]\n", "debaters:"},
		{"debate no debaters", "debate", "judge: weak\n", "debaters:"},
		{"debate missing judge", "debate", "debaters: strong\n", "judge:"},
		{"debate word limit 5", "debate", minimal["debate"] + "word_limit: 5\n", "word_limit:"},
		{"debate unknown key", "debate", minimal["debate"] + "round: 2\n", ""},
		{"consultancy missing consultant", "consultancy", "judge: weak\n", "consultant:"},
		{"consultancy missing judge", "consultancy", "consultant: strong\n", "judge:"},
		{"consultancy rounds 0", "consultancy", minimal["consultancy"] + "rounds: 0\n", "rounds:"},
		{"consultancy word limit 6000", "consultancy", minimal["consultancy"] + "word_limit: 6000\n", "word_limit:"},
		{"direct missing judge", "direct", "", "judge:"},
		{"direct-with-context missing judge", "direct-with-context", "swap: true\n", "judge:"},
		{"direct rejects rounds", "direct", minimal["direct"] + "rounds: 3\n", ""},
		{"society n repeating a list wrongly", "society", "agents: [x, y]\nn: 3\n", "n:"},
		{"society of 16 agents", "society", "agents: " + sixteen + "\n", "agents:"},
		{"society n 0", "society", "agents: r\nn: 0\n", "n:"},
		{"society n 16", "society", "agents: r\nn: 16\n", "n:"},
		{"society rounds 11", "society", "agents: r\nrounds: 11\n", "rounds:"},
		{"mad three debaters", "mad", "judge: weak\ndebaters: [a, b, c]\nmoderator: mod\n", "debaters:"},
		{"mad no moderator", "mad", "judge: weak\ndebaters: strong\n", "moderator:"},
		{"mad verdict of the debaters", "mad", minimal["mad"] + "verdict: debaters\n", "verdict:"},
		{"debate best_of 17", "debate", minimal["debate"] + "best_of: 17\n", "best_of:"},
		{"debate best_of 0", "debate", minimal["debate"] + "best_of: 0\n", "best_of:"},
		{"grade swap", "grade", minimal["grade"] + "swap: true\n", "swap:"},
		{"grade one exam-taker twice", "grade", "judge: weak\nexam_takers: [strong, strong]\n", "exam_takers:"},
		{"grade an empty exam-taker", "grade", "judge: weak\nexam_takers: [strong, \"\"]\n", "exam_takers:"},
		{"grade word limit 5001", "grade", minimal["grade"] + "word_limit: 5001\n", "word_limit:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := protocols.Lookup(tt.protocol)
			if err != nil {
				t.Fatal(err)
			}
			p, err := f(decoder(tt.doc))
			if err == nil {
				t.Fatalf("protocol %s with\n%s= %T; want an error", tt.protocol, tt.doc, p)
			}
			if !strings.HasPrefix(err.Error(), tt.wantPrefix) {
				t.Errorf("error = %q; want it to start with %q", err, tt.wantPrefix)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	_, err := protocols.Lookup("no-such-protocol")
	if !errors.Is(err, protocols.ErrUnknownProtocol) {
		t.Fatalf("Lookup error = %v; want ErrUnknownProtocol", err)
	}
	for _, name := range []string{"debate", "consultancy", "direct", "direct-with-context"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("Lookup error %q does not list %q", err, name)
		}
	}
}

func equalKeys(a, b []assignmentKey) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[assignmentKey]int{}
	for _, k := range a {
		count[k]++
	}
	for _, k := range b {
		count[k]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRules(t *testing.T) {
	tests := []struct {
		protocol, doc string
		want          protocols.Rules
	}{
		{"debate", minimal["debate"], protocols.Rules{Rounds: 3, WordLimit: 150, VerifyQuotes: true, BestOf: 1}},
		{"debate", minimal["debate"] + "rounds: 2\nword_limit: 80\nverify_quotes: false\n", protocols.Rules{Rounds: 2, WordLimit: 80, BestOf: 1}},
		{"debate", minimal["debate"] + "best_of: 4\nscorer: weak\n", protocols.Rules{Rounds: 3, WordLimit: 150, VerifyQuotes: true, BestOf: 4, Scorer: "weak"}},
		{"consultancy", minimal["consultancy"], protocols.Rules{Rounds: 3, WordLimit: 150, VerifyQuotes: true}},
		{"consultancy", minimal["consultancy"] + "rounds: 1\n", protocols.Rules{Rounds: 1, WordLimit: 150, VerifyQuotes: true}},
		{"direct", minimal["direct"], protocols.Rules{}},
		{"direct-with-context", minimal["direct-with-context"], protocols.Rules{}},
	}
	for _, tt := range tests {
		t.Run(tt.protocol+"/"+strings.ReplaceAll(strings.TrimSpace(tt.doc), "\n", ","), func(t *testing.T) {
			if got := build(t, tt.protocol, tt.doc).Rules(); got != tt.want {
				t.Errorf("Rules() = %+v; want %+v", got, tt.want)
			}
		})
	}
}

// conformVoter checks a protocol whose verdict is a vote: no judge seat,
// every seat an answerer, every step every answerer at once, Rounds+1 steps
// (round 0 and the revisions).
func conformVoter(t *testing.T, p protocols.Protocol) {
	t.Helper()
	steps := walk(t, p)
	if got, want := len(steps), p.Rules().Rounds+1; got != want {
		t.Errorf("%d steps; want Rules().Rounds+1 = %d", got, want)
	}
	for _, a := range p.Assignments() {
		for _, s := range a.Seats {
			if s.Role != transcript.RoleAnswerer {
				t.Errorf("%s: seat %s plays %s; want every seat an answerer", a.Name, s.Name, s.Role)
			}
		}
		for i, st := range steps {
			if st.Round != i || len(st.Seats) != len(a.Seats) {
				t.Errorf("%s: step %d: round %d with %d seats; want round %d with all %d", a.Name, i, st.Round, len(st.Seats), i, len(a.Seats))
			}
		}
	}
}

// TestPromptsWithoutAText: a question with no hidden text (MMLU, GPQA,
// CRUXEval) gets prompts that show no empty article and ask for no
// quotations from a text that is not there, for every seat that argues or
// answers before arguing.
func TestPromptsWithoutAText(t *testing.T) {
	for _, name := range protocols.Names() {
		p := build(t, name, minimal[name])
		for _, a := range p.Assignments() {
			for _, seat := range a.Seats {
				if !seat.SeesContext {
					continue
				}
				for _, s := range []protocols.Seat{seat, protocols.ChooserSeat(seat)} {
					msgs, err := p.Render(protocols.Prompt{Seat: s, Side: 0, Round: 1, Rounds: 3, WordLimit: 150, QuotesVerified: true, View: protocoltest.View(false)})
					if err != nil {
						continue // a role this protocol has no template for
					}
					for _, m := range msgs {
						if strings.Contains(m.Content, "<article>") || strings.Contains(m.Content, "quotations from the text") || strings.Contains(m.Content, "yourself from the text") {
							t.Errorf("%s, %s as %s, with no text: the %s prompt still speaks of one:\n%s", name, s.Name, s.Role, m.Role, m.Content)
						}
					}
				}
			}
		}
	}
}

// TestSeatNamesAreDistinct: no two seats of an assignment that speak in
// one round share a name, for every protocol and variant whose steps are
// fixed. With the round, the name seeds a seat's draws (its turn's seed),
// and it is what the transcript shows of the seat: two such seats would
// draw alike and read as one speaker. (A judge's question and its verdict,
// rounds apart, may both be "Judge".)
func TestSeatNamesAreDistinct(t *testing.T) {
	check := func(t *testing.T, p protocols.Protocol) {
		_, voter := p.(protocols.Voter)
		_, decider := p.(protocols.Decider)
		if voter || decider {
			return // their steps are not fixed; their packages test them
		}
		steps := walk(t, p)
		for _, a := range p.Assignments() {
			type key struct {
				name  string
				round int
			}
			seen := map[key]int{}
			for _, st := range steps {
				for _, si := range st.Seats {
					k := key{a.Seats[si].Name, st.Round}
					if other, ok := seen[k]; ok && other != si {
						t.Errorf("%s: seats %d and %d, both named %q, speak in round %d; give each seat a name of its own", a.Name, other, si, k.name, k.round)
					}
					seen[k] = si
				}
			}
		}
	}
	for _, name := range protocols.Names() {
		t.Run(name, func(t *testing.T) { check(t, build(t, name, minimal[name])) })
	}
	for _, v := range variants {
		t.Run(v.name+"/"+strings.TrimSpace(strings.ReplaceAll(v.doc, "\n", " ")), func(t *testing.T) { check(t, build(t, v.name, v.doc)) })
	}
}
