package transcript

import (
	"reflect"
	"testing"
)

// TestJSONType: a JSON value of the wrong kind is said in words, what
// the field takes and what it got, not in Go's types.
func TestJSONType(t *testing.T) {
	for _, tc := range []struct {
		value string
		t     reflect.Type
		want  string
	}{
		{"string", reflect.TypeFor[bool](), "want true or false, got a string"},
		{"string", reflect.TypeFor[int](), "want a whole number, got a string"},
		{"number -5", reflect.TypeFor[uint64](), "want a whole number, not negative, got the number -5"},
		{"number 1.5", reflect.TypeFor[int](), "want a whole number, got the number 1.5"},
		{"bool", reflect.TypeFor[float64](), "want a number, got true or false"},
		{"object", reflect.TypeFor[[2]int](), "want a list of 2, got an object"},
		{"number", reflect.TypeFor[*string](), "want a string, got a number"},
		{"array", reflect.TypeFor[map[string]int](), "want an object, got a list"},
		{"string", reflect.TypeFor[[]string](), "want a list, got a string"},
	} {
		if got := JSONType(tc.value, tc.t).Error(); got != tc.want {
			t.Errorf("JSONType(%q, %s) = %q; want %q", tc.value, tc.t, got, tc.want)
		}
	}
}
