package humanjudge

import (
	"reflect"
	"testing"
)

func TestSplitQuotes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []partJSON
	}{
		{"", []partJSON{}},
		{"plain", []partJSON{{Text: "plain"}}},
		{"a <v_quote>b</v_quote> c", []partJSON{{Text: "a "}, {Text: "b", Quote: "verified"}, {Text: " c"}}},
		{"<u_quote>x</u_quote><quote>y</quote>", []partJSON{{Text: "x", Quote: "unverified"}, {Text: "y", Quote: "unchecked"}}},
		{"open <v_quote>never closed", []partJSON{{Text: "open <v_quote>never closed"}}},
		{"<v_quote><script>alert(1)</script></v_quote>", []partJSON{{Text: "<script>alert(1)</script>", Quote: "verified"}}},
	} {
		if got := splitQuotes(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitQuotes(%q) = %+v; want %+v", tc.in, got, tc.want)
		}
	}
}
