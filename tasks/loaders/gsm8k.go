package loaders

import (
	"math/rand/v2"
	"regexp"
	"strings"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// GSM8KSettings is the settings block of the "gsm8k" loader.
type GSM8KSettings struct {
	Settings `yaml:",inline"`
	// Distractor is how the wrong answer is made: "intermediate" (the
	// default), a result the worked solution computes on the way — the
	// answer of a reader who stops a step short, and a number the hidden
	// solution states — or "nearby", the answer moved a little and as
	// round. An intermediate is most often smaller than the answer: on
	// GSM8K's test set "the larger is correct" is right in 62% of
	// questions, a cue a judge reads without solving anything; "nearby"
	// leaves less of one (see doc.go).
	Distractor string `yaml:"distractor" doc:"how the wrong answer is made: intermediate (a result the solution computes on the way) or nearby (the answer moved 1 to 10 percent, as round)"`
}

// Validate reports the first setting that is out of range.
func (s GSM8KSettings) Validate() error {
	if err := settings.OneOf("distractor", s.Distractor, "intermediate", "nearby"); err != nil {
		return err
	}
	return s.Settings.Validate()
}

func defaultGSM8K() GSM8KSettings {
	return GSM8KSettings{Settings: DefaultSettings(), Distractor: "intermediate"}
}

// newGSM8K makes the loader of GSM8K: a word problem and its worked
// solution ending in "#### ANSWER".
func newGSM8K(s GSM8KSettings) (tasks.Loader, error) {
	parse := parseGSM8K
	if s.Distractor == "nearby" {
		parse = func(o object) ([]item, error) {
			items, err := parseGSM8K(o)
			for i := range items {
				items[i].wrong = nil // the answer moved: its distractor
			}
			return items, err
		}
	}
	return formatOf(func() scanner { return scanJSONL(parse) }, nil)(s.Settings)
}

// Calculator annotations, "<<48/2=24>>", and computed results, "= 24":
// a comma is a thousands separator only before three digits, so that the
// comma prose puts after a number ("= 4, then") is no part of it.
var (
	annotation = regexp.MustCompile(`<<([^<>]*)>>`)
	computed   = regexp.MustCompile(`=\s*\$?\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)`)
)

func parseGSM8K(o object) ([]item, error) {
	it, err := newItem(o, transcript.FamilyMath, "id")
	if err != nil {
		return nil, err
	}
	if it.text, err = o.str("question"); err != nil {
		return nil, err
	}
	answer, err := o.str("answer")
	if err != nil {
		return nil, err
	}
	i := strings.LastIndex(answer, "####")
	if i < 0 {
		return nil, bad("answer", `no "####" before the final answer`)
	}
	if earlier, ok := earlierFinal(answer[:i]); ok {
		// Which is the final answer is a guess, and the other would stay
		// in the hidden solution, quoted as evidence for a distractor.
		return nil, bad("answer", `two final answers, "#### %s" and, last, "####%s": want one`, earlier, clip(answer[i+len("####"):]))
	}
	solution, final := answer[:i], trim(answer[i+len("####"):])
	n, ok := parseNumber(final)
	if !ok {
		return nil, bad("answer", `want a number after "####", got %q`, clip(final))
	}
	it.correct = n.String()
	it.context = trim(annotation.ReplaceAllString(solution, ""))
	it.wrong = distinctWrong(it.correct, intermediates(solution, n), foldCase)
	it.distractor = func(rng *rand.Rand) string { return n.nearby(rng) }
	return []item{it}, nil
}

// intermediates returns the results a worked solution computes on the way
// that differ from the answer: those of its calculator annotations or,
// when it has none, the numbers after an "=".
func intermediates(solution string, answer number) []string {
	var raw []string
	for _, m := range annotation.FindAllStringSubmatch(solution, -1) {
		if j := strings.LastIndex(m[1], "="); j >= 0 {
			raw = append(raw, m[1][j+1:])
		}
	}
	if len(raw) == 0 {
		for _, m := range computed.FindAllStringSubmatch(solution, -1) {
			raw = append(raw, m[1])
		}
	}
	var out []string
	for _, r := range raw {
		if v, ok := parseNumber(r); ok && v.value.Cmp(answer.value) != 0 {
			out = append(out, v.String())
		}
	}
	return out
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const most = 40
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}

// earlierFinal finds, in a solution before its last "####", a line that
// reads as a final answer too ("#### 3": a number after "####", and no
// more), and returns its number; a "####" heading ("#### Working") is none.
func earlierFinal(solution string) (string, bool) {
	for line := range strings.Lines(solution) {
		rest, ok := strings.CutPrefix(trim(line), "####")
		if !ok {
			continue
		}
		if _, isNumber := parseNumber(trim(rest)); isNumber {
			return trim(rest), true
		}
	}
	return "", false
}
