package noun

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 records", 1: "1 record", 2: "2 records", -1: "-1 records"} {
		if got := Count(n, "record"); got != want {
			t.Errorf("Count(%d) = %q; want %q", n, got, want)
		}
	}
}

// TestVerbs: the verbs agree with their count.
func TestVerbs(t *testing.T) {
	for _, v := range []struct {
		name string
		of   func(int) string
		want map[int]string
	}{
		{"Were", Were, map[int]string{0: "were", 1: "was", 2: "were"}},
		{"Are", Are, map[int]string{0: "are", 1: "is", 2: "are"}},
	} {
		for n, want := range v.want {
			if got := v.of(n); got != want {
				t.Errorf("%s(%d) = %q; want %q", v.name, n, got, want)
			}
		}
	}
}
