package registry

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

var errUnknown = errors.New("unknown widget")

func TestRegistry(t *testing.T) {
	r := New[int]("widget", errUnknown)
	r.Register("b", 2)
	r.Register("c", 3)
	r.Register("a", 1)
	if got := r.Names(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("Names = %q; want a, b, c", got)
	}
	for range 20 { // a map's order is drawn afresh each time
		if got := r.Values(); !slices.Equal(got, []int{1, 2, 3}) {
			t.Fatalf("Values = %v; want 1, 2, 3 (in the order of their names)", got)
		}
	}
	if v, err := r.Lookup("b"); v != 2 || err != nil {
		t.Errorf("Lookup(b) = %d, %v", v, err)
	}
	v, err := r.Lookup("d")
	if v != 0 || !errors.Is(err, errUnknown) || err.Error() != `unknown widget "d" (known: a, b, c)` {
		t.Errorf("Lookup(d) = %d, %v; want the sentinel and the known names", v, err)
	}
}

// TestRegisterPanics on an empty name and on a name taken, leaving the
// first value.
func TestRegisterPanics(t *testing.T) {
	r := New[int]("widget", errUnknown)
	r.Register("a", 1)
	for _, name := range []string{"", "a"} {
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(p.(string), "widget") {
					t.Errorf("Register(%q): panic %v; want one naming the kind", name, p)
				}
			}()
			r.Register(name, 9)
		}()
	}
	if v, _ := r.Lookup("a"); v != 1 {
		t.Errorf("a = %d after a second Register; want 1", v)
	}
}

// TestConcurrentUse: registries are filled by init functions and read by
// commands that may run several lookups at once; registering from many
// goroutines while others list and look up loses no name and does not
// crash the program (the runtime's check of concurrent map use).
func TestConcurrentUse(t *testing.T) {
	r := New[int]("widget", errUnknown)
	const writers, each = 8, 5000
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			for i := range each {
				r.Register(fmt.Sprintf("w%d-%d", w, i), i)
			}
		}()
		go func() {
			defer wg.Done()
			<-start
			for i := range each / 50 {
				r.Names()
				r.Values()
				r.Lookup(fmt.Sprintf("w%d-%d", w, i))
			}
		}()
	}
	close(start)
	wg.Wait()
	if n := len(r.Names()); n != writers*each {
		t.Errorf("%d names after concurrent Register; want %d", n, writers*each)
	}
}
