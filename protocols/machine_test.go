package protocols

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/looplab/fsm"
	"go.yaml.in/yaml/v3"
)

func TestRoundOf(t *testing.T) {
	tests := []struct {
		state  string
		want   int
		wantOK bool
	}{
		{RoundState(1), 1, true},
		{RoundState(12), 12, true},
		{"round-3", 3, true},
		{StateJudging, 0, false},
		{StateDone, 0, false},
		{"round-", 0, false},
		{"round-x", 0, false},
		{"3", 0, false},
		{"xround-3", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			got, ok := RoundOf(tt.state)
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("RoundOf(%q) = %d, %v; want %d, %v", tt.state, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// walk fires, from m.Initial, the event each state's step names until the
// machine reaches m.Final, and returns the states it went through.
func walk(t *testing.T, m Machine, step func(string) Step) []string {
	t.Helper()
	f := fsm.NewFSM(m.Initial, m.Events, nil)
	var states []string
	for f.Current() != m.Final {
		if len(states) == 100 {
			t.Fatalf("no final state after 100 steps: %q", states)
		}
		state := f.Current()
		states = append(states, state)
		ev := step(state).Event
		if err := f.Event(context.Background(), ev); err != nil {
			t.Fatalf("event %q in state %q: %v", ev, state, err)
		}
	}
	return states
}

func TestRoundsMachine(t *testing.T) {
	for _, rounds := range []int{0, 1, 2, 3, 7} {
		t.Run(RoundState(rounds), func(t *testing.T) {
			m := RoundsMachine(rounds)
			if m.Final != StateDone {
				t.Errorf("Final = %q; want %q", m.Final, StateDone)
			}
			if len(m.Events) != rounds+1 {
				t.Errorf("%d events; want %d", len(m.Events), rounds+1)
			}
			speakers := []int{0, 1}
			states := walk(t, m, func(s string) Step { return RoundsStep(s, rounds, speakers, true, 2) })
			var want []string
			for r := 1; r <= rounds; r++ {
				want = append(want, RoundState(r))
			}
			want = append(want, StateJudging)
			if !slices.Equal(states, want) {
				t.Fatalf("states = %q; want %q", states, want)
			}
			for i, s := range states {
				st := RoundsStep(s, rounds, speakers, true, 2)
				if st.Round != i+1 {
					t.Errorf("step %q: Round = %d; want %d", s, st.Round, i+1)
				}
				if s == StateJudging {
					if !slices.Equal(st.Seats, []int{2}) || st.Event != EventVerdict || st.Sequential {
						t.Errorf("judging step = %+v; want seat 2 alone, event %q, not sequential", st, EventVerdict)
					}
					continue
				}
				if !slices.Equal(st.Seats, speakers) || !st.Sequential {
					t.Errorf("step %q = %+v; want seats %v, sequential", s, st, speakers)
				}
			}
		})
	}
}

func TestRoundsStepEvents(t *testing.T) {
	tests := []struct {
		state  string
		rounds int
		want   Step
	}{
		{"round-1", 3, Step{Round: 1, Seats: []int{0}, Event: "to-round-2"}},
		{"round-2", 3, Step{Round: 2, Seats: []int{0}, Event: "to-round-3"}},
		{"round-3", 3, Step{Round: 3, Seats: []int{0}, Event: "to-judging"}},
		{"round-1", 1, Step{Round: 1, Seats: []int{0}, Event: "to-judging"}},
		{StateJudging, 3, Step{Round: 4, Seats: []int{1}, Event: EventVerdict}},
		{StateJudging, 0, Step{Round: 1, Seats: []int{1}, Event: EventVerdict}},
	}
	for _, tt := range tests {
		t.Run(tt.state+"/"+RoundState(tt.rounds), func(t *testing.T) {
			got := RoundsStep(tt.state, tt.rounds, []int{0}, false, 1)
			if got.Round != tt.want.Round || !slices.Equal(got.Seats, tt.want.Seats) || got.Event != tt.want.Event || got.Sequential {
				t.Errorf("RoundsStep(%q, %d) = %+v; want %+v", tt.state, tt.rounds, got, tt.want)
			}
		})
	}
}

func TestAgentNamesUnmarshalYAML(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    AgentNames
		wantErr bool
	}{
		{"scalar", "debaters: strong\n", AgentNames{"strong"}, false},
		{"flow list", "debaters: [strong, weak]\n", AgentNames{"strong", "weak"}, false},
		{"block list", "debaters:\n  - strong\n  - weak\n  - other\n", AgentNames{"strong", "weak", "other"}, false},
		{"one-item list", "debaters: [strong]\n", AgentNames{"strong"}, false},
		{"map", "debaters: {strong: weak}\n", nil, true},
		{"block map", "debaters:\n  name: strong\n", nil, true},
		{"list of maps", "debaters:\n  - name: strong\n", nil, true},
		{"list of lists", "debaters: [[strong]]\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct {
				Debaters AgentNames `yaml:"debaters"`
			}
			err := yaml.Unmarshal([]byte(tt.doc), &v)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Unmarshal(%q) error = %v; want error: %v", tt.doc, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if !slices.Equal(v.Debaters, tt.want) {
				t.Errorf("Unmarshal(%q) = %q; want %q", tt.doc, v.Debaters, tt.want)
			}
		})
	}
	t.Run("map error names the line", func(t *testing.T) {
		var v struct {
			Debaters AgentNames `yaml:"debaters"`
		}
		err := yaml.Unmarshal([]byte("judge: weak\ndebaters: {strong: weak}\n"), &v)
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("error = %v; want one that names line 2", err)
		}
	})
}

func TestCommon(t *testing.T) {
	if err := (&Common{}).Validate(); err == nil || !strings.HasPrefix(err.Error(), "judge:") {
		t.Errorf("Validate() without a judge = %v; want an error starting with \"judge:\"", err)
	}
	if err := (&Common{Judge: "weak"}).Validate(); err != nil {
		t.Errorf("Validate() with a judge = %v; want nil", err)
	}
	if got, want := (&Common{Swap: true}).Orders(), []Order{CorrectFirst, CorrectSecond}; !slices.Equal(got, want) {
		t.Errorf("Orders() with swap = %v; want %v", got, want)
	}
	if got, want := (&Common{}).Orders(), []Order{AsGiven}; !slices.Equal(got, want) {
		t.Errorf("Orders() without swap = %v; want %v", got, want)
	}
}

func TestCheckRange(t *testing.T) {
	tests := []struct {
		v       int
		wantErr bool
	}{{0, true}, {1, false}, {20, false}, {21, true}}
	for _, tt := range tests {
		err := CheckRange("rounds", tt.v, 1, 20)
		if (err != nil) != tt.wantErr || (err != nil && !strings.HasPrefix(err.Error(), "rounds:")) {
			t.Errorf("CheckRange(rounds, %d, 1, 20) = %v; want error: %v, starting with \"rounds:\"", tt.v, err, tt.wantErr)
		}
	}
}
