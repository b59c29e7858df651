package loaders

import (
	"math/big"
	"math/rand/v2"
	"regexp"
	"strings"
)

// number is a numeric answer as written: a sign, a currency prefix, digits
// (with or without thousands commas), a decimal part and a percent sign.
type number struct {
	value    *big.Rat
	prefix   string // "$" or ""
	suffix   string // "%" or ""
	decimals int
}

// numberPattern reads a sign (before or after the "$"), the digits, the
// decimals and a percent sign; "+5" and "5." are 5, as a reader takes them.
// White space may follow the "$" as it may precede the "%": FinQA writes
// its texts tokenized, "$ 193" and "16.8 %".
var numberPattern = regexp.MustCompile(`^([-+]?)(?:(\$)\s*)?([-+]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?\s*(%?)$`)

// parseNumber reads s as a number, or reports false. A minus sign
// (U+2212), as typeset text writes a negative number, is a hyphen.
func parseNumber(s string) (number, bool) {
	m := numberPattern.FindStringSubmatch(strings.ReplaceAll(strings.TrimSpace(s), "\u2212", "-"))
	if m == nil || m[4] == "" && m[5] == "" || m[1] != "" && m[3] != "" {
		return number{}, false
	}
	digits := strings.ReplaceAll(m[4], ",", "")
	if digits == "" {
		digits = "0"
	}
	if m[5] != "" {
		digits += "." + m[5]
	}
	v, ok := new(big.Rat).SetString(digits)
	if !ok {
		return number{}, false
	}
	if m[1] == "-" || m[3] == "-" {
		v.Neg(v)
	}
	return number{value: v, prefix: m[2], suffix: m[6], decimals: len(m[5])}, true
}

// format writes v the way n is written, without thousands commas.
func (n number) format(v *big.Rat) string {
	sign := ""
	if v.Sign() < 0 {
		sign = "-"
		v = new(big.Rat).Neg(v)
	}
	return sign + n.prefix + v.FloatString(n.decimals) + n.suffix
}

// String writes n in its canonical form.
func (n number) String() string { return n.format(n.value) }

// nearby returns a number close to n, never equal to it, and as round:
// written to n's decimals, with as many trailing zeros, its last
// significant digit a 5 where n's is, else as even or odd as n's. A
// dataset's answers are rounder than a number moved off them by a
// percentage (on GSM8K's test answers, "the rounder is correct" was right
// in 67% of pairs with such a distractor), and more often even (there
// "the one whose last significant digit is even" was right in 56% of the
// pairs moved as round but to any digit); one as round and of the same
// parity leaves a reader of the answers nothing of the kind to go by.
//
// n's significand — its digits as an integer, trailing zeros dropped:
// 72 for 72 and 7.2, 135 for 1,350 and 13.50 — moves by 1 to 10 percent
// of itself, at least 1, up or down (the percentage, any in the range,
// not a whole one, and the way drawn from rng), on to the nearest
// significand of n's kind that way: one ending in 5 for one that does,
// else one ending in 2, 4, 6 or 8 for an even one and in 1, 3, 7 or 9 for
// an odd one (so 72 moves to 64…82 less 70 and 80, 1,200 to 800 or
// 1,400, 50 to 150, 15 to 5 or 25). A
// move down that finds none above zero goes up instead, so a number that
// is not negative stays so; zero moves up by one unit.
func (n number) nearby(rng *rand.Rand) string {
	frac := new(big.Int).SetUint64(rng.Uint64() >> 11) // uniform in [0, 2⁵³)
	down := rng.IntN(2) == 0
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.decimals)), nil)
	units := new(big.Rat).Abs(n.value)
	units.Mul(units, new(big.Rat).SetInt(scale))
	m := new(big.Int).Set(units.Num()) // n in units of its last decimal: whole
	if m.Sign() == 0 {
		return n.format(new(big.Rat).SetFrac(big.NewInt(1), scale))
	}
	ten, zeros := big.NewInt(10), new(big.Int).SetInt64(1)
	for new(big.Int).Mod(m, ten).Sign() == 0 {
		m.Quo(m, ten)
		zeros.Mul(zeros, ten)
	}
	kind := digitKind(new(big.Int).Mod(m, ten).Int64())
	// m·p/100 for p uniform in [1, 10), rounded half up: a percentage
	// drawn whole would leave the two answers' ratio a whole percentage
	// (1.09 to many digits, for a long significand), which tells a reader
	// which of the two was moved off the other.
	one := new(big.Int).Lsh(big.NewInt(1), 53)
	pct := new(big.Int).Add(one, frac.Mul(frac, big.NewInt(9))) // p·2⁵³
	den := new(big.Int).Mul(one, big.NewInt(100))
	step := new(big.Int).Mul(m, pct)
	step.Add(step, new(big.Int).Rsh(den, 1)).Quo(step, den)
	if step.Sign() == 0 {
		step.SetInt64(1)
	}
	moved, ok := nextOfKind(m, step, down, kind)
	if !ok {
		moved, _ = nextOfKind(m, step, false, kind)
	}
	v := new(big.Rat).SetFrac(moved.Mul(moved, zeros), scale)
	if n.value.Sign() < 0 {
		v.Neg(v)
	}
	return n.format(v)
}

// digitKind sorts a significand's last digit: 5, even, or odd but 5 (0
// ends no significand).
func digitKind(last int64) int {
	switch {
	case last == 5:
		return 5
	case last%2 == 0:
		return 2
	}
	return 1
}

// nextOfKind is the first significand from m ± step on, away from m,
// other than m, whose last digit is of kind (digitKind) and not 0; false
// where going down finds none above zero. Every ten in a row hold one,
// so the search is short.
func nextOfKind(m, step *big.Int, down bool, kind int) (*big.Int, bool) {
	dir := big.NewInt(1)
	if down {
		dir.SetInt64(-1)
	}
	x := new(big.Int).Add(m, new(big.Int).Mul(dir, step))
	for {
		if x.Sign() <= 0 {
			return nil, false
		}
		last := new(big.Int).Mod(x, big.NewInt(10)).Int64()
		if x.Cmp(m) != 0 && last != 0 && digitKind(last) == kind {
			return x, true
		}
		x.Add(x, dir)
	}
}

// plainDecimal writes a number in exponent form (1e-05, 2.5E3) as a
// plain decimal (0.00001, 2500), exactly; false for any other text.
func plainDecimal(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if !exponentForm.MatchString(t) {
		return "", false
	}
	v, ok := new(big.Rat).SetString(t)
	if !ok {
		return "", false
	}
	places := 0
	for scaled := new(big.Rat).Set(v); !scaled.IsInt(); places++ {
		scaled.Mul(scaled, big.NewRat(10, 1))
	}
	return v.FloatString(places), true
}

// numberToken matches a number in running text: digits with optional
// thousands commas and decimals, and a minus sign right before them.
var numberToken = regexp.MustCompile(`-?\d[\d,]*(?:\.\d+)?`)

// mentionsNumber reports whether sentence holds n as a number of its own
// (not part of a longer number or a word), whatever the commas, currency
// sign or percent sign.
func mentionsNumber(sentence string, n number) bool { return lastNumber(sentence, n) >= 0 }

// lastNumber returns the offset in sentence of the last mention of n, or
// -1.
func lastNumber(sentence string, n number) int {
	last := -1
	for _, loc := range numberToken.FindAllStringIndex(sentence, -1) {
		start, end := loc[0], loc[1]
		tok := strings.TrimRight(sentence[start:end], ",")
		end = start + len(tok)
		if tok[0] == '-' && start > 0 && isWordByte(sentence[start-1]) {
			start, tok = start+1, tok[1:] // a range, "5-10": not a minus
		}
		if start > 0 && isWordByte(sentence[start-1]) || end < len(sentence) && isWordByte(sentence[end]) {
			continue
		}
		v, ok := new(big.Rat).SetString(strings.ReplaceAll(tok, ",", ""))
		if ok && v.Cmp(n.value) == 0 {
			last = start
		}
	}
	return last
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
