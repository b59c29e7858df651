package sim

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
)

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name    string
		adjust  func(*Settings)
		wantErr string // the field the error starts with; "" for none
	}{
		{"defaults", func(*Settings) {}, ""},
		{"bounds", func(s *Settings) {
			*s = Settings{Skill: 1, Deception: 0, Diligence: 1, TrustUnverified: 0, PositionBias: -10, LengthBias: 10, Noise: 1}
		}, ""},
		{"skill above 1", func(s *Settings) { s.Skill = 1.01 }, "skill:"},
		{"negative deception", func(s *Settings) { s.Deception = -0.1 }, "deception:"},
		{"diligence above 1", func(s *Settings) { s.Diligence = 2 }, "diligence:"},
		{"negative trust", func(s *Settings) { s.TrustUnverified = -1 }, "trust_unverified:"},
		{"noise above 1", func(s *Settings) { s.Noise = 1.5 }, "noise:"},
		{"position bias too large", func(s *Settings) { s.PositionBias = 11 }, "position_bias:"},
		{"length bias too small", func(s *Settings) { s.LengthBias = -11 }, "length_bias:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			tt.adjust(&s)
			err := s.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate() = %v; want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Errorf("Validate() = %v; want an error starting with %q", err, tt.wantErr)
			}
		})
	}
}

func TestFactory(t *testing.T) {
	f, err := agents.Lookup("sim")
	if err != nil {
		t.Fatalf("Lookup(sim): %v", err)
	}
	decoder := func(doc string) func(any) error {
		return func(v any) error { return yaml.Unmarshal([]byte(doc), v) }
	}
	t.Run("absent fields keep their defaults", func(t *testing.T) {
		a, err := f(decoder("skill: 0.9\nposition_bias: 1.5\n"))
		if err != nil {
			t.Fatalf("factory: %v", err)
		}
		want := DefaultSettings()
		want.Skill, want.PositionBias = 0.9, 1.5
		if got := a.(*Agent).Settings(); got != want {
			t.Errorf("settings = %+v; want %+v", got, want)
		}
	})
	t.Run("out of range", func(t *testing.T) {
		if _, err := f(decoder("noise: 3\n")); err == nil || !strings.HasPrefix(err.Error(), "noise:") {
			t.Errorf("factory error = %v; want one starting with \"noise:\"", err)
		}
	})
}
