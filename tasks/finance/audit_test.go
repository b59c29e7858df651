package finance_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks/finance"
)

// statementLine reads a filing's statement line: a label and its four
// years' figures, 2021 to 2024.
var statementLine = regexp.MustCompile(`(?m)^(Revenue|Cost of sales|Operating expenses|Current assets|Current liabilities) for 2021, 2022, 2023 and 2024: (\d+), (\d+), (\d+) and (\d+)\.$`)

// roundDiv is num/den rounded half away from zero, in integers.
func roundDiv(num, den int) int {
	neg := (num < 0) != (den < 0)
	if num < 0 {
		num = -num
	}
	if den < 0 {
		den = -den
	}
	q := (2*num + den) / (2 * den)
	if neg {
		return -q
	}
	return q
}

// figureOf works out, from the filing's statements alone, the figure the
// package doc defines: revenue growth over the year before and the
// operating margin (revenue less cost of sales and operating expenses,
// over revenue), in percent to one decimal, and the current ratio
// (current assets over current liabilities) to two.
func figureOf(t *testing.T, lines map[string][4]int, kind string, y int) string {
	rev, cost, opex := lines["Revenue"], lines["Cost of sales"], lines["Operating expenses"]
	var tenths, hundredths int
	switch kind {
	case "revenue growth":
		tenths = roundDiv(1000*(rev[y]-rev[y-1]), rev[y-1])
	case "operating margin":
		tenths = roundDiv(1000*(rev[y]-cost[y]-opex[y]), rev[y])
	case "current ratio":
		hundredths = roundDiv(100*lines["Current assets"][y], lines["Current liabilities"][y])
		return fmt.Sprintf("%d.%02d", hundredths/100, hundredths%100)
	default:
		t.Fatalf("unknown figure %q", kind)
	}
	s := fmt.Sprintf("%d.%d%%", abs(tenths)/10, abs(tenths)%10)
	if tenths < 0 {
		s = "-" + s
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestAnswersAreTheFilingsFigures: the correct answer is the asked
// figure of the asked year, worked out from the filing's statements; the
// distractor is the same figure of another of the last three years.
func TestAnswersAreTheFilingsFigures(t *testing.T) {
	kinds := map[string]int{}
	for _, q := range generate(t, finance.DefaultSettings(), 3, 300) {
		lines := map[string][4]int{}
		for _, m := range statementLine.FindAllStringSubmatch(q.Context, -1) {
			var v [4]int
			for i := range v {
				v[i], _ = strconv.Atoi(m[2+i])
			}
			lines[m[1]] = v
		}
		if len(lines) != 5 {
			t.Fatalf("%s: read %d statement lines; want 5\n%s", q.ID, len(lines), q.Context)
		}
		kind := figureAsked(q.Text)
		year, _ := strconv.Atoi(askedYear.FindString(q.Text))
		y := year - 2021
		if y < 1 || y > 3 || !strings.Contains(q.Text, kind) {
			t.Fatalf("%s: question %q; want one of three figures of 2022 to 2024", q.ID, q.Text)
		}
		kinds[kind]++
		if want := figureOf(t, lines, kind, y); q.Answers[q.Correct] != want {
			t.Errorf("%s: %q: correct answer %s; the filing gives %s", q.ID, q.Text, q.Answers[q.Correct], want)
		}
		var others []string
		for o := 1; o <= 3; o++ {
			if o != y {
				others = append(others, figureOf(t, lines, kind, o))
			}
		}
		if w := q.Answers[1-q.Correct]; w != others[0] && w != others[1] {
			t.Errorf("%s: %q: distractor %s; want the figure of another year, %v", q.ID, q.Text, w, others)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("figures asked: %v; want all three", kinds)
	}
}

// TestOCRReadsAboutOneWordInTwelve: the OCR perturbation reads about one
// word in twelve afresh (perturb.go), so at most that share of the
// filing's words is changed, and some are.
func TestOCRReadsAboutOneWordInTwelve(t *testing.T) {
	s := finance.DefaultSettings()
	plain := generate(t, s, 4, 200)
	s.PerturbContext = finance.OCR
	words, changed := 0, 0
	for i, q := range generate(t, s, 4, 200) {
		a, b := strings.Split(plain[i].Context, " "), strings.Split(q.Context, " ")
		if len(a) != len(b) {
			t.Fatalf("%s: OCR made %d words of %d; want each word read in its place", q.ID, len(b), len(a))
		}
		for j := range a {
			words++
			if a[j] != b[j] {
				changed++
			}
		}
	}
	if share := float64(changed) / float64(words); share < 0.01 || share > 1.0/12+0.01 {
		t.Errorf("OCR changed %d of %d words (%.1f%%); want some, and no more than about one in twelve", changed, words, 100*share)
	}
}

// TestMisspellingSwapsTwoInnerLetters: a misspelled question has the
// letters of its longest word, two neighbours inside it swapped (its
// first and last kept), and every other word as it was.
func TestMisspellingSwapsTwoInnerLetters(t *testing.T) {
	plain := generate(t, finance.DefaultSettings(), 6, 300)
	s := finance.DefaultSettings()
	s.PerturbQuery = finance.Misspelled
	misspelled := 0
	for i, q := range generate(t, s, 6, 300) {
		if q.Text != plain[i].Text {
			misspelled++
		}
		a, b := strings.Fields(plain[i].Text), strings.Fields(q.Text)
		if len(a) != len(b) {
			t.Fatalf("%s: %q from %q; want the words kept", q.ID, q.Text, plain[i].Text)
		}
		longest := 0
		for _, w := range a {
			longest = max(longest, len(w))
		}
		for j := range a {
			if a[j] == b[j] {
				continue
			}
			x, y := a[j], b[j]
			k := 0
			for x[k] == y[k] {
				k++
			}
			if len(x) != longest || k == 0 || k+2 >= len(x) || x[k] != y[k+1] || x[k+1] != y[k] || x[k+2:] != y[k+2:] {
				t.Errorf("%s: %q misspelled %q; want two neighbouring letters inside the longest word swapped", q.ID, x, y)
			}
		}
	}
	if misspelled == 0 {
		t.Error("no query of 300 misspelled")
	}
}

// incompleteForm is an incomplete query as the docs give it: the key
// words alone, the company and the year kept.
var incompleteForm = regexp.MustCompile(`^[A-Z][a-z]+ [A-Z][a-z]+ (revenue growth \d{4} over \d{4}|operating margin \d{4}|current ratio \d{4})\?$`)

// TestIncompleteQueryKeepsTheKeyWordsAlone: "What was Belcor Works
// current ratio at the end of 2023?" reads "Belcor Works current ratio
// 2023?".
func TestIncompleteQueryKeepsTheKeyWordsAlone(t *testing.T) {
	s := finance.DefaultSettings()
	s.PerturbQuery = finance.Incomplete
	for _, q := range generate(t, s, 8, 100) {
		if !incompleteForm.MatchString(q.Text) {
			t.Errorf("%s: incomplete query %q; want the company, the figure and its years alone", q.ID, q.Text)
		}
	}
}

// TestTrueClaimsStateTheirAnswer: the pool's sentences of the filing are
// those that state either answer, each for the answer it states (as a
// word of its own), and none states both.
func TestTrueClaimsStateTheirAnswer(t *testing.T) {
	states := func(sentence, figure string) bool {
		for _, w := range strings.Fields(sentence) {
			if strings.TrimRight(w, ".,;") == figure {
				return true
			}
		}
		return false
	}
	s := finance.DefaultSettings()
	s.Difficulty = 1
	found := 0
	for _, q := range generate(t, s, 9, 200) {
		for _, c := range q.Evidence {
			if !strings.Contains(q.Context, c.Text) {
				continue // invented
			}
			found++
			if !states(c.Text, q.Answers[c.Answer]) || states(c.Text, q.Answers[1-c.Answer]) {
				t.Errorf("%s: true claim %q for %s; want a sentence stating it and not %s", q.ID, c.Text, q.Answers[c.Answer], q.Answers[1-c.Answer])
			}
		}
	}
	if found == 0 {
		t.Error("no true claim in 200 questions' evidence")
	}
}
