package batch

import "testing"

// TestDoneSaysWhatIsKnown: a batch's line in the log gives its counts
// where the provider counts its requests, its percentage where it gives
// that alone (Together's progress), and neither where it gives neither:
// before, such a batch was logged "0 of 0 done" at every state.
func TestDoneSaysWhatIsKnown(t *testing.T) {
	for _, tt := range []struct {
		st   Status
		want string
	}{
		{Status{Total: 3, Completed: 2, Failed: 1}, ", 2 of 3 done, 1 failed"},
		{Status{Total: 3}, ", 0 of 3 done, 0 failed"},
		{Status{Failed: 2, Progress: 50}, ", 0 of 0 done, 2 failed"},
		{Status{Completed: 1}, ", 1 of 0 done, 0 failed"},
		{Status{Progress: 37.5}, ", 38% done"},
		{Status{}, ""},
	} {
		if got := done(tt.st); got != tt.want {
			t.Errorf("%+v: got %q; want %q", tt.st, got, tt.want)
		}
	}
}
