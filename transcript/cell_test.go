package transcript

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCellNames(t *testing.T) {
	for _, tt := range []struct {
		name   string
		values []AxisValue
	}{
		{"", nil},
		{"strong.skill=0.7", []AxisValue{{"strong.skill", "0.7"}}},
		{"strong.skill=0.7,debate.rounds=3,judge.name=weak-judge", []AxisValue{{"strong.skill", "0.7"}, {"debate.rounds", "3"}, {"judge.name", "weak-judge"}}},
	} {
		if got := CellName(tt.values); got != tt.name {
			t.Errorf("CellName(%v) = %q; want %q", tt.values, got, tt.name)
		}
		if diff := cmp.Diff(tt.values, ParseCell(tt.name)); diff != "" {
			t.Errorf("ParseCell(%q) (-want +got):\n%s", tt.name, diff)
		}
		for _, v := range tt.values {
			if got := CellValue(tt.name, v.Axis); got != v.Value {
				t.Errorf("CellValue(%q, %q) = %q; want %q", tt.name, v.Axis, got, v.Value)
			}
		}
	}
	if got := CellValue("a.b=1", "c.d"); got != "" {
		t.Errorf("CellValue of a missing axis = %q; want empty", got)
	}
	for _, v := range []string{"", "a,b", "a=b", "a/b", "a@b", "a b", "a\tb"} {
		if CheckCellValue(v) == nil {
			t.Errorf("CheckCellValue(%q) = nil; want an error", v)
		}
	}
	for _, v := range []string{"0.7", "weak-judge", "true", "sequential"} {
		if err := CheckCellValue(v); err != nil {
			t.Errorf("CheckCellValue(%q) = %v; want nil", v, err)
		}
	}
}
