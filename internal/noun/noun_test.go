package noun

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 records", 1: "1 record", 2: "2 records", -1: "-1 records"} {
		if got := Count(n, "record"); got != want {
			t.Errorf("Count(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestWere(t *testing.T) {
	for n, want := range map[int]string{0: "were", 1: "was", 2: "were"} {
		if got := Were(n); got != want {
			t.Errorf("Were(%d) = %q; want %q", n, got, want)
		}
	}
}
