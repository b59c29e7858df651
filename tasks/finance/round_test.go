package finance

import "testing"

// TestFixedRoundsHalfAwayFromZero: a tie is rounded away from zero on
// either side of it, as a reader rounds by hand (a binary float's
// formatting rounds 1.125 and −6.25 to even: 1.12, −6.2), and a value
// that rounds to zero has no sign.
func TestFixedRoundsHalfAwayFromZero(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{fixed(279, 248, 2), "1.13"},
		{fixed(-279, 248, 2), "-1.13"},
		{pct(-23, 368), "-6.3%"}, // −6.25%: 345 after 368
		{pct(23, 368), "6.3%"},
		{pct(-1, 2001), "0.0%"},
		{fixed(7, 4, 0), "2"},
		{fixed(1, 400, 2), "0.00"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}
