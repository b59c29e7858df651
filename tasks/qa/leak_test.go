package qa

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
)

// tells are what a reader might count about one answer of a question
// without reading for the key terms.
//
// plain marks a tell checked only where no article misleads: one that
// needs the hearsay set apart to count (a reader who has set it apart
// knows the wrong answer, the tell the setting means to give).
var tells = []struct {
	name  string
	plain bool
	count func(q tasks.Question, a int) int
}{
	{"sentences naming it", false, func(q tasks.Question, a int) int {
		n := 0
		for _, s := range reading.Sentences(q.Context) {
			if reading.Mentions(s, q.Answers[a]) {
				n++
			}
		}
		return n
	}},
	{"sentences naming it without a verb of the key's", false, func(q tasks.Question, a int) int {
		n := 0
		for _, s := range reading.Sentences(q.Context) {
			if reading.Mentions(s, q.Answers[a]) && !hasAction(s) {
				n++
			}
		}
		return n
	}},
	{"key-shaped sentences naming it unframed", true, func(q tasks.Question, a int) int {
		n := 0
		for _, s := range reading.Sentences(q.Context) {
			if reading.Mentions(s, q.Answers[a]) && hasAction(s) && unframed(s) {
				n++
			}
		}
		return n
	}},
	{"the most central key-shaped sentence naming it", false, func(q tasks.Question, a int) int {
		// A sentence's centrality: the key terms it shares with every
		// other key-shaped sentence, summed. Each answer's best.
		facts := keyShaped(q.Context)
		best := -1
		for i, f := range facts {
			if f.value != q.Answers[a] {
				continue
			}
			shared := 0
			for j, g := range facts {
				if i != j {
					shared += f.shares(g)
				}
			}
			best = max(best, shared)
		}
		return best
	}},
	{"quotes for it found in the article", true, func(q tasks.Question, a int) int {
		// In a misleading article the wrong side has one more, the
		// hearsay without its lead: the setting's point.
		n := 0
		for _, c := range q.Evidence {
			if c.Answer == a && strings.Contains(q.Context, c.Text) {
				n++
			}
		}
		return n
	}},
	{"quotes for it in the pool", false, func(q tasks.Question, a int) int {
		n := 0
		for _, c := range q.Evidence {
			if c.Answer == a {
				n++
			}
		}
		return n
	}},
	{"quotes for it with every key term", false, func(q tasks.Question, a int) int {
		key, n := reading.KeyTerms(q.Text), 0
		for _, c := range q.Evidence {
			if c.Answer == a && reading.Missing(key, c.Text) == 0 {
				n++
			}
		}
		return n
	}},
}

// parsed is a key-shaped sentence read back into its parts.
type parsed struct{ first, last, verb, value, object, place string }

func (f parsed) shares(g parsed) int {
	n := 0
	for _, p := range [][2]string{{f.first, g.first}, {f.last, g.last}, {f.verb, g.verb}, {f.object, g.object}, {f.place, g.place}} {
		if p[0] == p[1] {
			n++
		}
	}
	return n
}

// factShape matches a statement of the key's shape: "Jola Wynby sent a
// violet comb to Grimgate".
var factShape = func() *regexp.Regexp {
	verbs := make([]string, len(actions))
	for i, a := range actions {
		verbs[i] = a.verb
	}
	return regexp.MustCompile(`([A-Z][a-z]+) ([A-Z][a-z]+) (` + strings.Join(verbs, "|") + `) an? ([a-z]+) ([a-z]+) (?:to|in|at|near|from) ([A-Z][a-z]+)`)
}()

// keyShaped reads the key-shaped statements of an article.
func keyShaped(article string) []parsed {
	var out []parsed
	for _, m := range factShape.FindAllStringSubmatch(article, -1) {
		out = append(out, parsed{m[1], m[2], m[3], m[4], m[5], m[6]})
	}
	return out
}

func hasAction(s string) bool {
	for _, a := range actions {
		if strings.Contains(s, " "+a.verb+" ") {
			return true
		}
	}
	return false
}

// unframed says whether a key-shaped sentence has neither lead nor tail.
func unframed(s string) bool {
	for _, l := range leads {
		if l != "" && strings.HasPrefix(s, l) {
			return false
		}
	}
	for _, t := range tails {
		if t != "" && strings.HasSuffix(s, t+".") {
			return false
		}
	}
	return true
}

// TestCountingGivesNothingAway: whatever a reader counts about the two
// answers without reading the question — the sentences naming each, those
// beside the point, the unframed ones, how central its most central
// key-shaped sentence is, the quotes for each in the pool — the correct
// answer has more about as often as the wrong one. A sign test over the
// questions where the counts differ: more than three standard deviations
// from even fails. (The generator of 2026-12-03, which named only the
// correct answer beside the point and the wrong one in every distractor,
// fails 26 of these 31 checks; that of the morning of 2026-12-04, which
// drew every key-shaped sentence around the key, fails the three
// centrality checks without hearsay: the key was the sentence the others
// varied.)
func TestCountingGivesNothingAway(t *testing.T) {
	const n = 400
	for _, s := range []Settings{
		{Difficulty: 0.1, Sentences: 10},
		{Difficulty: 0.5, Sentences: 10},
		{Difficulty: 0.9, Sentences: 10},
		{Difficulty: 0.5, Sentences: 10, Misleading: 1},
		{Difficulty: 0.9, Sentences: 0, Misleading: 1},
	} {
		g, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := g.Generate(17, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, tell := range tells {
			if tell.plain && s.Misleading > 0 {
				continue
			}
			t.Run(fmt.Sprintf("%+v/%s", s, tell.name), func(t *testing.T) {
				right, wrong := 0, 0
				for _, q := range qs {
					c, w := tell.count(q, q.Correct), tell.count(q, 1-q.Correct)
					switch {
					case c > w:
						right++
					case w > c:
						wrong++
					}
				}
				if d := math.Abs(float64(right - wrong)); d > 3*math.Sqrt(float64(right+wrong)) {
					t.Errorf("the correct answer has more in %d of %d questions, the wrong one in %d; want about as often", right, n, wrong)
				}
			})
		}
	}
}

// TestNoTwoSentencesSayOneThingOfBoth: no two key-shaped sentences of an
// article share every part but the answer (the hearsay, which reports
// the key fact with the wrong answer, aside), and no sentence beside the
// point is in the article with the other answer too.
func TestNoTwoSentencesSayOneThingOfBoth(t *testing.T) {
	for _, s := range []Settings{{Difficulty: 0.05, Sentences: 10, Misleading: 1}, {Difficulty: 0.5, Sentences: 10}, {Difficulty: 0.95, Sentences: 10}} {
		g, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := g.Generate(23, 300)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			hearsay := strings.Join(reading.HearsaySentences(q.Context), " ")
			said := map[parsed]string{}
			for _, f := range keyShaped(strings.ReplaceAll(q.Context, hearsay, "")) {
				parts := f
				parts.value = ""
				if v, ok := said[parts]; ok && v != f.value {
					t.Errorf("%s: %+v said of %q and %q", q.ID, parts, v, f.value)
				}
				said[parts] = f.value
			}
			// Every other sentence, with either answer written {v}.
			norm := map[string]string{}
			for _, sent := range reading.Sentences(q.Context) {
				for _, v := range q.Answers {
					if !reading.Mentions(sent, v) || sent == hearsay {
						continue
					}
					k := regexp.MustCompile(`\b(an? )?`+v+`\b`).ReplaceAllString(sent, "{v}")
					if w, ok := norm[k]; ok && w != v {
						t.Errorf("%s: %q said of %q and %q", q.ID, k, w, v)
					}
					norm[k] = v
				}
			}
		}
	}
}
