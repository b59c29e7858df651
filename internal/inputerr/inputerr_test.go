package inputerr

import (
	"errors"
	"testing"
)

func TestError(t *testing.T) {
	cause := errors.New("want a number")
	for _, c := range []struct {
		err  *Error
		want string
	}{
		{&Error{File: "x.yaml", Line: 3, Field: "agents.a.skill", Err: cause}, "x.yaml:3: agents.a.skill: want a number"},
		{&Error{File: "d.jsonl", Err: cause}, "d.jsonl: want a number"},
		{&Error{File: "x.yaml", Line: 2, Field: "a\nb", Err: cause}, `x.yaml:2: a\nb: want a number`},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("got %q; want %q", got, c.want)
		}
		if !errors.Is(c.err, ErrBadInput) || !errors.Is(c.err, cause) {
			t.Errorf("%q: does not wrap ErrBadInput and its cause", c.want)
		}
	}
}
