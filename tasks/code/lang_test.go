package code

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		src  string
		arg  int64
		want int64
	}{
		{"precedence", "func f(n) { return 2 + 3 * n - 8 / 2 }", 5, 13},
		{"left associative", "func f(n) { return n - 3 - 2 }", 10, 5},
		{"parentheses", "func f(n) { return (n - 3) * (2 + 1) }", 10, 21},
		{"unary minus", "func f(n) { return -n + --3 }", 4, -1},
		{"truncating division", "func f(n) { return n / 2 * 10 + -7 / 2 }", 7, 27},
		{"remainder takes the sign of the dividend", "func f(n) { return -7 % n }", 3, -1},
		{"comparisons give 1 or 0", "func f(n) { return (n < 3) + (n >= 3) * 10 + (n == 4) * 100 + (n != 4) }", 4, 110},
		{"comparison below arithmetic", "func f(n) { if n + 1 == 2 * 3 { return 1 } return 0 }", 5, 1},
		{"half-open range", "func f(n) { let s = 0 for i in range(1, n) { s = s + i } return s }", 5, 10},
		{"empty range", "func f(n) { let s = 7 for i in range(n, 2) { s = 0 } return s }", 5, 7},
		{"while", "# Collatz steps\nfunc f(n) {\n  let steps = 0\n  while n != 1 {\n    if n % 2 == 0 { n = n / 2 } else { n = 3 * n + 1 }\n    steps = steps + 1\n  }\n  return steps\n}", 27, 111},
		{"nested loops", "func f(n) { let s = 0 for i in range(0, n) { for j in range(0, i) { s = s + j } } return s }", 5, 10},
		{"return from inside a loop", "func f(n) { for i in range(0, 100) { if i * i > n { return i } } return -1 }", 50, 8},
		{"if without else", "func f(n) { let x = 1 if n > 3 { x = 2 } return x }", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse: got error %v; want nil", err)
			}
			tr, err := Run(f, tt.arg, Options{})
			if err != nil {
				t.Fatalf("Run(%d): got error %v; want nil", tt.arg, err)
			}
			if tr.Result != tt.want {
				t.Errorf("Run(%d): got %d; want %d", tt.arg, tr.Result, tt.want)
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"", `1:1: expected "func" at the end of the program`},
		{"fun f(n) {}", `1:1: expected "func", found "fun"`},
		{"func f(n) {\n  let = 3\n}", `2:7: expected a variable name, found "="`},
		{"func f(n) {\n  x = 3 +\n}", `3:1: expected an expression, found "}"`},
		{"func f(n) { return 1 < n < 3 }", `1:26: comparisons do not chain, found "<"`},
		{"func f(n) { return n @ 2 }", `1:22: unexpected character '@'`},
		{"func f(n) { for i in rang(0, n) { } }", `1:22: expected "range", found "rang"`},
		{"func f(n) { return 99999999999999999999 }", `1:20: number out of range, found "99999999999999999999"`},
		{"func f(n) { return n } x", `1:24: expected the end of the program, found "x"`},
		{"func f(n) { let while = 2 }", `1:17: expected a variable name, found "while"`},
		{"func f(n) { return (n }", `1:23: expected ")", found "}"`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q): got error %v; want a *SyntaxError", tt.src, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q): got error %q; want %q", tt.src, err, tt.want)
		}
	}
}

func TestRuntimeErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"func f(n) { return m }", "line 1: m is not declared"},
		{"func f(n) {\n  x = 1\n  return x\n}", "line 2: x is not declared"},
		{"func f(n) { let n = 2 return n }", "line 1: n is already declared"},
		{"func f(n) {\n  return 1 / (n - 3)\n}", "line 2: division by zero"},
		{"func f(n) { return n % 0 }", "line 1: division by zero"},
		{"func f(n) { let x = 1 }", "line 1: the function ends without returning"},
		{"func f(n) {\n  while 1 { }\n  return 0\n}", "line 2: too many steps: more than 1000 statements run"},
		{"func f(n) { let x = 1 for i in range(0, 60) { x = x * 2 } return x }", "line 1: 1099511627776 * 2 is out of range"},
		{"func f(n) { return 1099511627776 + n }", "line 1: 1099511627776 + 3 is out of range"},
		{"func f(n) {\n  for i in range(0, 1000000000) { }\n  return 0\n}", "line 2: too many steps: more than 1000 statements run"},
		{"func f(n) { let s = 0 for i in range(0, 2) { let t = i } return s }", "line 1: t is already declared"},
	}
	for _, tt := range tests {
		f, err := Parse(tt.src)
		if err != nil {
			t.Fatalf("Parse(%q): got error %v; want nil", tt.src, err)
		}
		_, err = Run(f, 3, Options{MaxSteps: 1000})
		var re *RuntimeError
		if !errors.As(err, &re) || err.Error() != tt.want {
			t.Errorf("Run(%q): got error %v; want *RuntimeError %q", tt.src, err, tt.want)
		}
	}
	id, _ := Parse("func f(n) { return n }")
	if _, err := Run(id, 1<<41, Options{}); err == nil || !strings.Contains(err.Error(), "argument 2199023255552 is out of range") {
		t.Errorf("Run with an argument out of range: got %v; want an error", err)
	}
	f, _ := Parse("func f(n) { while 1 { } return 0 }")
	if _, err := Run(f, 0, Options{MaxSteps: 10}); !errors.Is(err, ErrTooManySteps) && !strings.Contains(err.Error(), ErrTooManySteps.Error()) {
		t.Errorf("Run(endless loop): got %v; want a too-many-steps error", err)
	}
}

func TestTrace(t *testing.T) {
	src := `func f(n) {
    let a = 1
    let b = 10
    for i in range(0, n) {
        if i % 2 == 0 {
            a = a + i
        } else {
            a = a * 2
        }
        b = b - 1
    }
    return a + b
}`
	fn, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Run(fn, 3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Trace{
		Start: []Binding{{"n", 3}, {"a", 1}, {"b", 10}},
		Passes: []Pass{
			{Line: 4, Var: "i", Value: 0, Branches: []bool{true}, After: []Binding{{"n", 3}, {"a", 1}, {"b", 9}, {"i", 0}}},
			{Line: 4, Var: "i", Value: 1, Branches: []bool{false}, After: []Binding{{"n", 3}, {"a", 2}, {"b", 8}, {"i", 1}}},
			{Line: 4, Var: "i", Value: 2, Branches: []bool{true}, After: []Binding{{"n", 3}, {"a", 4}, {"b", 7}, {"i", 2}}},
		},
		Result: 11,
	}
	if diff := cmp.Diff(want, tr); diff != "" {
		t.Errorf("Run: trace differs (-want +got):\n%s", diff)
	}

	// Flipping the second if runs the doubling as an addition.
	flipped, err := Run(fn, 3, Options{FlipIf: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := flipped.Passes[1].After[1].Value; got != 2 || !flipped.Passes[1].Branches[0] {
		t.Errorf("Run(FlipIf 2): pass 1 has a = %d, branch %v; want a = 2 (1 + 1), branch taken", got, flipped.Passes[1].Branches[0])
	}
	if flipped.Result != 11 {
		// 1 → 1 → 2 → 4: the flip happens to agree here, b ends at 7.
		t.Errorf("Run(FlipIf 2): got %d; want 11", flipped.Result)
	}
}

// TestFormatRoundTrip checks that formatting a parsed program and parsing it
// again gives a program that formats the same and computes the same.
func TestFormatRoundTrip(t *testing.T) {
	srcs := []string{
		"func f(n) { return n - (3 - 2) }",
		"func f(n) { return (n + 1) * 2 % 7 }",
		"func f(n) { return -(n + 1) }",
		"func f(n) { return (n < 3) < 1 }",
		"func f(n) { return (n > 1) != (n > 5) }",
		"func f(n) { let x = 2 while x < n { x = x * x } if x == n { return 1 } else { return x / (n - 1) } }",
	}
	for _, src := range srcs {
		first, err := Parse(src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		formatted := Format(first)
		second, err := Parse(formatted)
		if err != nil {
			t.Fatalf("Parse(Format(%q)): %v\n%s", src, err, formatted)
		}
		if Format(second) != formatted {
			t.Errorf("Format is not stable for %q:\n%s\n%s", src, formatted, Format(second))
		}
		for _, arg := range []int64{2, 5, 9} {
			a, errA := Run(first, arg, Options{})
			b, errB := Run(second, arg, Options{})
			if (errA == nil) != (errB == nil) || (errA == nil && a.Result != b.Result) {
				t.Errorf("%q at %d: the formatted program computes differently", src, arg)
			}
		}
	}
}

func FuzzParseRun(f *testing.F) {
	f.Add("func f(n) { let s = 0 for i in range(0, n) { s = s + i * i } return s }", int64(7))
	f.Add("func f(n) { while n > 1 { n = n / 2 } return n }", int64(100))
	f.Fuzz(func(t *testing.T, src string, arg int64) {
		fn, err := Parse(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse: error %v is not a *SyntaxError", err)
			}
			return
		}
		again, err := Parse(Format(fn))
		if err != nil {
			t.Fatalf("Parse(Format(…)) of a program that parsed: %v\n%s", err, Format(fn))
		}
		tr, err := Run(fn, arg%1000, Options{MaxSteps: 2000})
		tr2, err2 := Run(again, arg%1000, Options{MaxSteps: 2000})
		if (err == nil) != (err2 == nil) || (err == nil && tr.Result != tr2.Result) {
			t.Fatalf("the formatted program runs differently: %v %v", err, err2)
		}
	})
}
