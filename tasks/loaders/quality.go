package loaders

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// QualitySettings is the settings block of the "quality" loader.
type QualitySettings struct {
	Settings `yaml:",inline"`
	// Distractor is how the wrong answer is chosen among the three:
	// "random" (by the seed, the default) or "best", the option the
	// annotators of the record's "validation" most often named the best
	// distractor, as Khan et al. 2024 chose it.
	Distractor string `yaml:"distractor" doc:"how the wrong answer is chosen: random (by the seed) or best (the annotators' best distractor)"`
}

// Validate reports the first setting that is out of range.
func (s QualitySettings) Validate() error {
	if err := settings.OneOf("distractor", s.Distractor, "random", "best"); err != nil {
		return err
	}
	return s.Settings.Validate()
}

type quality struct{ s QualitySettings }

func defaultQuality() QualitySettings {
	return QualitySettings{Settings: DefaultSettings(), Distractor: "random"}
}

func newQuality(s QualitySettings) (tasks.Loader, error) { return &quality{s}, nil }

func (l *quality) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	qs, skipped, _, err := l.LoadSetAside(path, opts)
	return qs, skipped, err
}

// LoadSetAside implements tasks.SetAsider: the questions whose correct
// option names the others (answering), counted.
func (l *quality) LoadSetAside(path string, opts tasks.LoadOptions) ([]tasks.Question, int, map[string]int, error) {
	qs, skipped, aside, err := loadSetAside(path, opts, l.s.Settings, scanJSONL(l.parse), nil)
	return qs, skipped, aside, sayAside(err, aside)
}

// parse reads one article and its questions.
func (l *quality) parse(o object) ([]item, error) {
	article, err := o.str("article")
	if err != nil {
		return nil, err
	}
	qs, err := o.list("questions")
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, bad("questions", "empty: an article needs at least one question")
	}
	// The questions of an article are not independent: a judge that
	// misreads it misreads them together. They share a group, the
	// article's id, or where the record has none its text's hash (QuALITY
	// repeats an article in a record for each of its question writers).
	group, ok, err := o.optText("article_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		sum := sha256.Sum256([]byte(article))
		group = "sha256:" + hex.EncodeToString(sum[:6])
	}
	items := make([]item, 0, len(qs))
	for i, v := range qs {
		q, err := o.child("questions", i, v)
		if err != nil {
			return nil, err
		}
		it, err := l.question(q)
		if err != nil {
			return nil, err
		}
		it.context, it.group = article, group
		items = append(items, it)
	}
	return items, nil
}

func (l *quality) question(q object) (item, error) {
	it := item{family: transcript.FamilyQA, difficulty: -1, idField: q.field("question_unique_id")}
	var ok bool
	var err error
	if it.id, ok, err = q.optText("question_unique_id"); err != nil {
		return item{}, err
	}
	if !ok {
		it.idField = q.field("question_id")
		if it.id, _, err = q.optText("question_id"); err != nil {
			return item{}, err
		}
	}
	if it.text, err = q.str("question"); err != nil {
		return item{}, err
	}
	raw, err := q.list("options")
	if err != nil {
		return item{}, err
	}
	if len(raw) < 2 {
		return item{}, bad(q.field("options"), "want at least two options, got %d", len(raw))
	}
	options := make([]string, len(raw))
	for i, v := range raw {
		s, isStr := v.(string)
		if !isStr {
			return item{}, bad(fmt.Sprintf("%s[%d]", q.field("options"), i), "want a string, got %s", jsonType(v))
		}
		if options[i] = trim(s); options[i] == "" {
			return item{}, bad(fmt.Sprintf("%s[%d]", q.field("options"), i), "empty")
		}
	}
	gold, err := q.integer("gold_label")
	if err != nil {
		return item{}, err
	}
	if gold < 1 || gold > len(options) {
		return item{}, bad(q.field("gold_label"), "%d is out of range 1..%d", gold, len(options))
	}
	it.correct = options[gold-1]
	others := append(append([]string{}, options[:gold-1]...), options[gold:]...)
	if it.wrong = distinctWrong(it.correct, others, foldCase); len(it.wrong) == 0 {
		return item{}, bad(q.field("options"), "fewer than two distinct answers")
	}
	if l.s.Distractor == "best" {
		best, err := bestDistractors(q, options, gold, it.correct)
		if err != nil {
			return item{}, err
		}
		if best, _ = answering(it.text, it.correct, distinctWrong(it.correct, best, foldCase)); len(best) > 0 {
			it.wrong = best
		}
	}
	it.wrong, it.aside = answering(it.text, it.correct, it.wrong)
	if d, ok, err := speedDifficulty(q, gold, len(options)); err != nil {
		return item{}, err
	} else if ok {
		it.difficulty = d
	}
	return it, nil
}

// bestDistractors returns the options the annotators most often named the
// best distractor (several on a tie; none without votes), of those that
// are a wrong answer: an option that repeats the correct one, correct,
// as the wrong answers are told apart (distinctWrong), gets no votes, so
// that the next most named is the best.
func bestDistractors(q object, options []string, gold int, correct string) ([]string, error) {
	v, ok, err := q.get("validation")
	if err != nil || !ok {
		return nil, err
	}
	list, isList := v.([]any)
	if !isList {
		return nil, bad(q.field("validation"), "want an array, got %s", jsonType(v))
	}
	votes := make([]int, len(options)+1)
	for i, el := range list {
		a, err := q.child("validation", i, el)
		if err != nil {
			return nil, err
		}
		if _, has, _ := a.get("untimed_best_distractor"); !has {
			continue
		}
		n, err := a.integer("untimed_best_distractor")
		if err != nil {
			return nil, err
		}
		if n < 1 || n > len(options) {
			return nil, bad(a.field("untimed_best_distractor"), "%d is out of range 1..%d", n, len(options))
		}
		if n != gold {
			votes[n]++
		}
	}
	for n := 1; n <= len(options); n++ {
		if votes[n] > 0 && len(distinctWrong(correct, options[n-1:n], foldCase)) == 0 {
			votes[n] = 0
		}
	}
	most := 0
	for _, c := range votes {
		most = max(most, c)
	}
	var out []string
	for n, c := range votes {
		if c == most && most > 0 {
			out = append(out, options[n-1])
		}
	}
	return out, nil
}

// speedDifficulty is the share of the record's "speed_validation"
// annotators, who had 45 seconds with the article, that chose a wrong
// option (of options, numbered from 1 as gold is); it reports false when
// there are none.
func speedDifficulty(q object, gold, options int) (float64, bool, error) {
	v, ok, err := q.get("speed_validation")
	if err != nil || !ok {
		return 0, false, err
	}
	list, isList := v.([]any)
	if !isList {
		return 0, false, bad(q.field("speed_validation"), "want an array, got %s", jsonType(v))
	}
	if len(list) == 0 {
		return 0, false, nil
	}
	wrong := 0
	for i, el := range list {
		a, err := q.child("speed_validation", i, el)
		if err != nil {
			return 0, false, err
		}
		n, err := a.integer("speed_answer")
		if err != nil {
			return 0, false, err
		}
		if n < 1 || n > options {
			// A file that numbers from 0 would otherwise give every
			// question a wrong difficulty, silently.
			return 0, false, bad(a.field("speed_answer"), "%d is out of range 1..%d", n, options)
		}
		if n != gold {
			wrong++
		}
	}
	return float64(wrong) / float64(len(list)), true, nil
}
