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
var numberPattern = regexp.MustCompile(`^([-+]?)(\$?)([-+]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?\s*(%?)$`)

// parseNumber reads s as a number, or reports false.
func parseNumber(s string) (number, bool) {
	m := numberPattern.FindStringSubmatch(strings.TrimSpace(s))
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

// nearby returns a number close to n and never equal to it: n plus or
// minus 1 to 10 percent of it (the percentage and the sign drawn from
// rng), rounded to n's decimals and at least one unit of its last digit.
// A number that is not negative stays so.
func (n number) nearby(rng *rand.Rand) string {
	pct := int64(1 + rng.IntN(10))
	down := rng.IntN(2) == 0
	unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.decimals)), nil))
	d := new(big.Rat).Abs(n.value)
	d.Mul(d, big.NewRat(pct, 100))
	d, _ = new(big.Rat).SetString(d.FloatString(n.decimals)) // round to n's decimals
	if d.Cmp(unit) < 0 {
		d = unit
	}
	v := new(big.Rat).Set(n.value)
	if down && (n.value.Sign() < 0 || n.value.Cmp(d) >= 0) {
		v.Sub(v, d)
	} else {
		v.Add(v, d)
	}
	return n.format(v)
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
