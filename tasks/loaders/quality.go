package loaders

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

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
	if looksHTML(article) {
		return nil, bad(o.field("article"), "HTML, as QuALITY's QuALITY.v1.0.1.<split> files hold it: read the HTML-stripped file of the split, QuALITY.v1.0.1.htmlstripped.<split>")
	}
	qs, err := qualityQuestions(o)
	if err != nil {
		return nil, err
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
	for _, q := range qs {
		it, err := l.question(q)
		if err != nil {
			return nil, err
		}
		it.context, it.group = article, group
		items = append(items, it)
	}
	return items, nil
}

// qualityQuestions returns the questions of a record: those of its
// "questions" list (the release's layout, an article and a writer's
// questions a line), or, where it has none but a "question", the record
// itself, as a copy with a question a row holds it (tasksource/QuALITY on
// Hugging Face, its article and fields beside the question's).
func qualityQuestions(o object) ([]object, error) {
	_, hasList, _ := o.get("questions")
	if _, hasOne, _ := o.get("question"); hasOne && !hasList {
		return []object{o}, nil
	}
	list, err := o.list("questions")
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, bad("questions", "empty: an article needs at least one question")
	}
	qs := make([]object, len(list))
	for i, v := range list {
		if qs[i], err = o.child("questions", i, v); err != nil {
			return nil, err
		}
	}
	return qs, nil
}

// looksHTML reports whether an article is an HTML document, as the
// release's files other than the htmlstripped ones hold it.
func looksHTML(article string) bool {
	head := strings.ToLower(article[:min(len(article), 64)])
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
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
	if _, has, _ := q.get("gold_label"); !has {
		// QuALITY's test split has no labels.
		return item{}, bad(q.field("gold_label"), "missing (QuALITY's test split is unlabelled: read the train or dev file)")
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
	if d, ok, err := speedDifficulty(q, len(options)); err != nil {
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
	named, err := annotations(q, "validation", "untimed_best_distractor", len(options), false)
	if err != nil {
		return nil, err
	}
	votes := tally(named, len(options))
	votes[gold] = 0
	for n := 1; n <= len(options); n++ {
		if votes[n] > 0 && len(distinctWrong(correct, options[n-1:n], foldCase)) == 0 {
			votes[n] = 0
		}
	}
	most := slices.Max(votes)
	var out []string
	for n, c := range votes {
		if c == most && most > 0 {
			out = append(out, options[n-1])
		}
	}
	return out, nil
}

// speedDifficulty is the share of the record's "speed_validation"
// annotators, who had 45 seconds with the article, that chose another
// option than the one most of its untimed annotators ("validation",
// "untimed_answer": more than half of those who answered) chose; it
// reports false where either group is missing or the untimed annotators
// have no majority. It reads no label: measured against gold_label, a
// label flipped for a study of label errors would change how hard every
// sim agent finds the text to read, and the sim would follow the label
// rather than the text (in an audit of 200 questions whose labels were
// flipped, the judge reading the article picked the text's answer in 75%
// of episodes instead of 98%). QuALITY's gold_label is the majority of
// the writer's and the untimed annotators' answers, so the two measures
// agree wherever the label is sound.
func speedDifficulty(q object, options int) (float64, bool, error) {
	untimed, err := annotations(q, "validation", "untimed_answer", options, false)
	if err != nil {
		return 0, false, err
	}
	speed, err := annotations(q, "speed_validation", "speed_answer", options, true)
	if err != nil || len(speed) == 0 {
		return 0, false, err
	}
	agreed := 0
	for n, c := range tally(untimed, options) {
		if 2*c > len(untimed) {
			agreed = n
		}
	}
	if agreed == 0 {
		return 0, false, nil
	}
	return float64(len(speed)-tally(speed, options)[agreed]) / float64(len(speed)), true, nil
}

// annotations returns the options (numbered from 1) that the entries of
// the record's list chose in key; an entry without it is an error where
// the key is required, else passed over (an untimed annotator may have
// named only the best distractor). None where the record has no list.
func annotations(q object, list, key string, options int, required bool) ([]int, error) {
	v, ok, err := q.get(list)
	if err != nil || !ok {
		return nil, err
	}
	entries, isList := v.([]any)
	if !isList {
		return nil, bad(q.field(list), "want an array, got %s", jsonType(v))
	}
	var chose []int
	for i, el := range entries {
		a, err := q.child(list, i, el)
		if err != nil {
			return nil, err
		}
		if _, has, _ := a.get(key); !has && !required {
			continue
		}
		n, err := a.integer(key)
		if err != nil {
			return nil, err
		}
		if n < 1 || n > options {
			// A file that numbers from 0 would otherwise give every
			// question a wrong difficulty, silently.
			return nil, bad(a.field(key), "%d is out of range 1..%d", n, options)
		}
		chose = append(chose, n)
	}
	return chose, nil
}

// tally counts how many of chose name each option: index n for option n
// (from 1; index 0 unused).
func tally(chose []int, options int) []int {
	counts := make([]int, options+1)
	for _, n := range chose {
		counts[n]++
	}
	return counts
}
