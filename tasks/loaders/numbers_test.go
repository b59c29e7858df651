package loaders

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in, canonical string
		ok            bool
	}{
		{"72", "72", true},
		{"1,200", "1200", true},
		{" -3.50 ", "-3.50", true},
		{"$1,234.5", "$1234.5", true},
		{"-$5", "-$5", true},
		{"$-5", "-$5", true},
		{"12.5%", "12.5%", true},
		{".5", "0.5", true},
		// A plus sign and a trailing point change nothing a reader sees.
		{"+5", "5", true},
		{"5.", "5", true},
		{"+$5", "$5", true},
		{"$+5.%", "$5%", true},
		// FinQA's tokenized texts put a space after the sign.
		{"$ 193", "$193", true},
		{"-$ 1,234.5", "-$1234.5", true},
		// A typeset minus sign (U+2212) is a minus.
		{"\u22123.2%", "-3.2%", true},
		{"$\u22125", "-$5", true},
		{"\u2212\u22125", "", false},
		{"- 5", "", false},
		{"$ ", "", false},
		{"+-5", "", false},
		{".", "", false},
		{"+", "", false},
		{"1,23", "", false},
		{"seven", "", false},
		{"5 apples", "", false},
		{"-", "", false},
		{"--5", "", false},
	}
	for _, tt := range tests {
		n, ok := parseNumber(tt.in)
		if ok != tt.ok || ok && n.String() != tt.canonical {
			got := ""
			if ok {
				got = n.String()
			}
			t.Errorf("parseNumber(%q): got %q, %v; want %q, %v", tt.in, got, ok, tt.canonical, tt.ok)
		}
	}
}

// TestNearby: the moved number is never the answer, keeps its form, is as
// round (as many trailing zeros in units of its last decimal, a last
// significant digit of 5 exactly where the answer's is, else as even or
// odd), moves its
// significand by at most 10 percent (rounded) plus the ten it may search
// for one of its kind, and is not negative for an answer that is not.
func TestNearby(t *testing.T) {
	for _, in := range []string{"0", "1", "7", "72", "1200", "13.50", "0.05", "-4", "15%", "$2.5", "1000000", "50", "-0.35", "990"} {
		n, _ := parseNumber(in)
		seen := map[string]bool{}
		for seed := range uint64(200) {
			got := n.nearby(rand.New(rand.NewPCG(seed, 1)))
			m, ok := parseNumber(got)
			switch {
			case !ok || m.prefix != n.prefix || m.suffix != n.suffix || m.decimals != n.decimals:
				t.Fatalf("nearby(%s) = %q; want a number written like %s", in, got, in)
			case m.value.Cmp(n.value) == 0:
				t.Fatalf("nearby(%s) = %q; want a different number", in, got)
			case n.value.Sign() >= 0 && m.value.Sign() < 0:
				t.Fatalf("nearby(%s) = %q; want it not negative", in, got)
			}
			seen[got] = true
			if in == "0" {
				continue // no significand: up by one unit
			}
			a, za := significand(n)
			b, zb := significand(m)
			if za != zb || a%10 == 5 != (b%10 == 5) || a%2 != b%2 || b%10 == 0 {
				t.Fatalf("nearby(%s) = %q; want it as round", in, got)
			}
			if d := max(a-b, b-a); d > (a+5)/10+10 {
				t.Fatalf("nearby(%s) = %q: its significand moved by %d; want at most 10%% and ten", in, got, d)
			}
		}
		// 0 goes up by a unit; a significand of 1 or 5 has no kin below it,
		// and its step of 1 leads to one above: 2, 15.
		if a, _ := significand(n); len(seen) < 2 && a != 0 && a != 1 && a != 5 {
			t.Errorf("nearby(%s): 200 seeds gave only %v; want the seed to choose", in, seen)
		}
	}
}

// significand is n's digits as an integer less its trailing zeros, and how
// many those are.
func significand(n number) (int64, int) {
	units := new(big.Rat).Abs(n.value)
	for range n.decimals {
		units.Mul(units, big.NewRat(10, 1))
	}
	v, zeros := units.Num().Int64(), 0
	for v != 0 && v%10 == 0 {
		v /= 10
		zeros++
	}
	return v, zeros
}

func TestMentionsNumber(t *testing.T) {
	tests := []struct {
		sentence, answer string
		want             bool
	}{
		{"She picks 72 plums.", "72", true},
		{"She picks 720 plums.", "72", false},
		{"She picks 72.5 kilos.", "72", false},
		{"It made 1,200 beads.", "1200", true},
		{"It made 1200, then stopped.", "1,200", true},
		{"It cost $13.50 in all.", "13.50", true},
		{"It cost 13.5 dollars.", "13.50", true},
		{"The margin was 15% this year.", "15%", true},
		{"In 2015 it grew.", "15", false},
		{"Ages 5-10 may enter.", "10", true},
		{"It fell to -6 percent.", "-6", true},
		{"The 42nd street.", "42", false},
	}
	for _, tt := range tests {
		n, _ := parseNumber(tt.answer)
		if got := mentionsNumber(tt.sentence, n); got != tt.want {
			t.Errorf("mentionsNumber(%q, %s): got %v; want %v", tt.sentence, tt.answer, got, tt.want)
		}
	}
}

// TestOutputDistractors: the rule's order: the output mis-traced; an
// empty one, another record's output of one element of its kind; else
// another of its kind, else any other output.
func TestOutputDistractors(t *testing.T) {
	tests := []struct {
		outputs []string
		want    []string // the distractor of the first, one of these
	}{
		{[]string{"True", "3"}, []string{"False"}},
		{[]string{"[]", "[1, 2]", "[7]", "'a'"}, []string{"[7]"}},         // one element, for an empty list
		{[]string{"''", "'abc'", "'x'"}, []string{"'x'"}},                 // one character, for ''
		{[]string{"set()", "{1, 2}", "{'a': 1}", "{3}"}, []string{"{3}"}}, // a set's kind is not a dict's
		{[]string{"[]", "[1, 2]"}, []string{"[1, 2]"}},                    // else any of its kind
		{[]string{"None", "3"}, []string{"3"}},                            // else any other output
		{[]string{"None"}, []string{"0"}},
		{[]string{"[]"}, []string{"None"}},
	}
	for _, tt := range tests {
		items := make([]item, len(tt.outputs))
		for i, o := range tt.outputs {
			items[i].correct = o
		}
		outputDistractors(items)
		for seed := range uint64(20) {
			if got := items[0].distractor(rand.New(rand.NewPCG(seed, 1))); !slices.Contains(tt.want, got) {
				t.Errorf("outputs %q, seed %d: got distractor %q; want one of %q", tt.outputs, seed, got, tt.want)
			}
		}
	}
}

// TestMistrace: each literal's slips, over 300 seeds, are exactly those
// of a hand trace, never the literal itself.
func TestMistrace(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"True", []string{"False"}},
		{"0", []string{"-1", "1"}},
		{"-3", []string{"-4", "-2"}},
		{"'ab'", []string{"'b'", "'a'", "'aab'", "'abb'", "'ba'", "'Ab'", "'aB'"}},
		// An escape sequence is one character, its letters' case kept:
		// '\N' is no literal, '\x0C' is '\x0c'.
		{"'a\\n'", []string{"'A\\n'", "'\\n'", "'a'", "'aa\\n'", "'a\\n\\n'", "'\\na'"}},
		{"'\\x0c'", []string{"''", "'\\x0c\\x0c'"}},
		{"'\\t\\u2019'", []string{"'\\t'", "'\\u2019'", "'\\t\\t\\u2019'", "'\\t\\u2019\\u2019'", "'\\u2019\\t'"}},
		// True is 1 and 1.0 is 1: neighbours of one value are not swapped.
		{"[1, True]", []string{"[True]", "[1]", "[1, 1, True]", "[1, True, True]", "[0, True]", "[2, True]", "[1, False]"}},
		{"[[0], [False]]", []string{"[[False]]", "[[0]]", "[[0], [0], [False]]", "[[0], [False], [False]]", "[[-1], [False]]", "[[1], [False]]", "[[0], [True]]", "[[0], []]", "[[0, 0], [False]]", "[[], [False]]", "[[0], [False, False]]"}},
		{"(1.0, 1)", []string{"(1,)", "(1.0,)", "(1.0, 1.0, 1)", "(1.0, 1, 1)", "(3.0, 1)", "(1.0, 0)", "(1.0, 2)"}},
		{"'  '", []string{"' '", "'   '"}},
		{"[1, 2]", []string{"[2]", "[1]", "[1, 1, 2]", "[1, 2, 2]", "[2, 1]", "[0, 2]", "[2, 2]", "[1, 1]", "[1, 3]"}},
		{"(3,)", []string{"()", "(3, 3)", "(2,)", "(4,)"}},
		{"{'a': 1}", []string{"{'a': 0}", "{'a': 2}"}},
		{"{'a': 1, 'b': [2]}", []string{"{'b': [2]}", "{'a': 1}", "{'a': 0, 'b': [2]}", "{'a': 2, 'b': [2]}", "{'a': 1, 'b': []}", "{'a': 1, 'b': [2, 2]}", "{'a': 1, 'b': [1]}", "{'a': 1, 'b': [3]}"}},
		{"{1, 2}", []string{"{2}", "{1}", "{0, 2}", "{1, 3}"}},
		{"{5}", []string{"{4}", "{6}"}},
		// A float in exponent form: its significand or its exponent
		// moved, into a float Python writes so (not 0e-05, 10e+20 or
		// 1e-04, which Python writes 0.0001).
		{"1e-05", []string{"2e-05", "1e-06"}},
		{"-9e+20", []string{"-8e+20", "-9e+19", "-9e+21"}},
		{"[1.5e+16]", []string{"[]", "[1.5e+16, 1.5e+16]", "[2.5e+16]", "[1.5e+17]"}},
		{"1e+05", nil}, // Python writes 100000.0: no float it writes
		{"''", nil},
		{"[]", nil},
		{"None", nil},
	}
	for _, tt := range tests {
		seen := map[string]bool{}
		for seed := range uint64(300) {
			got := mistrace(tt.in, rand.New(rand.NewPCG(seed, 5)))
			if got == "" {
				continue
			}
			seen[got] = true
			if got == tt.in || !slices.Contains(tt.want, got) {
				t.Errorf("mistrace(%s) = %s; want one of %q", tt.in, got, tt.want)
			}
		}
		if len(tt.want) > 0 && len(seen) < len(tt.want)-1 {
			t.Errorf("mistrace(%s) gave %d of the %d slips over 300 seeds: %v", tt.in, len(seen), len(tt.want), seen)
		}
	}
}

// TestMistraceExponentDrawsAlike: a float in exponent form has each of
// its slips drawn alike: 1e-05's significand moved (to 2: 0 is no float
// Python writes so) and its exponent lowered (raised, it would be written
// 0.0001), each about half the time over 400 seeds.
func TestMistraceExponentDrawsAlike(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(400) {
		seen[mistrace("1e-05", rand.New(rand.NewPCG(seed, 9)))]++
	}
	if len(seen) != 2 || seen["2e-05"] < 160 || seen["1e-06"] < 160 {
		t.Errorf("slips of 1e-05 over 400 seeds: %v; want 2e-05 and 1e-06 about 200 times each", seen)
	}
}

// TestPyKindAndSplit: a colon inside a string or a nested bracket does
// not make a set a dict, and elements split at their own commas only.
func TestPyKindAndSplit(t *testing.T) {
	for in, want := range map[string]string{"{'a:b', (1, 'c:d')}": "set", "{'k': {1}}": "dict", "{}": "dict", "set()": "set", "(1,)": "tuple"} {
		if got := pyKind(in); got != want {
			t.Errorf("pyKind(%s) = %s; want %s", in, got, want)
		}
	}
	if got := splitTop("'a, b', (1, 2), [3, [4, 5]], \"c\\\"d, e\","); !slices.Equal(got, []string{"'a, b'", "(1, 2)", "[3, [4, 5]]", `"c\"d, e"`}) {
		t.Errorf("splitTop: got %q", got)
	}
}

// TestDistinctWrongNumbers: a number written otherwise is the same answer
// ("1,234", "1234.0", "$1234"), so never the distractor of its own value;
// a percentage is not the bare number, white space inside a text does
// not count, and a program's outputs keep their text ("5" and "5.0" are
// two outputs).
func TestDistinctWrongNumbers(t *testing.T) {
	for _, c := range []struct {
		correct string
		choices []string
		how     alike
		want    []string
	}{
		{"1,234", []string{"1234", " 1,234 ", "1234.0", "$1,234", "99"}, foldCase, []string{"99"}},
		{"5", []string{"5.0", "5", "7", "5%"}, foldCase, []string{"7", "5%"}},
		{"Violet", []string{"VIOLET", "red"}, foldCase, []string{"red"}},
		{"New York", []string{"new  york", "New\tYork", "Newark"}, foldCase, []string{"Newark"}},
		{"a  b", []string{"a b", "ab"}, asWritten, []string{"a b", "ab"}}, // a program's output keeps its spaces
		{"5", []string{"5.0", "5", "7"}, asWritten, []string{"5.0", "7"}},
		// A closed task's options keep their case: genotypes, logic.
		{"BB Bb", []string{"Bb bb", "BB  Bb", "bb bb", "1,000", "1000"}, keepCase, []string{"Bb bb", "bb bb", "1,000"}},
		{"Sc ≡ Ej", []string{"sC ≡ eJ"}, keepCase, []string{"sC ≡ eJ"}},
	} {
		if got := distinctWrong(c.correct, c.choices, c.how); !slices.Equal(got, c.want) {
			t.Errorf("distinctWrong(%q, %q, %v) = %q; want %q", c.correct, c.choices, c.how, got, c.want)
		}
	}
}

// TestNearbyRatioIsNoWholePercentage: a long significand moved by a
// whole percentage leaves the two answers' ratio that percentage to many
// digits (0.53061 and 0.57837, 1.09000), which tells a reader of the
// answers alone which was moved off the other; the percentage is drawn
// from the range, so the ratio is seldom one.
func TestNearbyRatioIsNoWholePercentage(t *testing.T) {
	n, _ := parseNumber("0.53061")
	whole := 0
	for seed := range uint64(200) {
		m, _ := parseNumber(n.nearby(rand.New(rand.NewPCG(seed, 1))))
		r, _ := new(big.Rat).Quo(m.value, n.value).Float64()
		if d := r*100 - math.Round(r*100); math.Abs(d) < 0.002 {
			whole++
		}
	}
	if whole > 20 {
		t.Errorf("the moved number is a whole percentage of the answer in %d of 200 seeds; want few", whole)
	}
}
