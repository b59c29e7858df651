package loaders

import (
	"bufio"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/internal/rank"
	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

func init() {
	tasks.RegisterLoader("quality", settings.Make("QuALITY JSONL: an article and its multiple-choice questions.", defaultQuality, newQuality))
	tasks.RegisterLoader("boolq", settings.Make("BoolQ JSONL: a yes/no question about a passage.", DefaultSettings, newBoolQ))
	tasks.RegisterLoader("gsm8k", settings.Make("GSM8K JSONL: a word problem and its worked solution.", defaultGSM8K, newGSM8K))
	tasks.RegisterLoader("mmlu", settings.Make("MMLU CSV: a question, four choices and the letter of the answer.", DefaultSettings, newMMLU))
	tasks.RegisterLoader("gpqa", settings.Make("GPQA CSV: a question, its correct answer and three incorrect ones.", DefaultSettings, newGPQA))
	tasks.RegisterLoader("cruxeval", settings.Make("CRUXEval JSONL: a program, an input and the output it returns.", DefaultSettings, newCRUXEval))
	tasks.RegisterLoader("finqa", settings.Make("FinQA-style JSON: a question on a filing's text and tables.", DefaultSettings, newFinQA))
	tasks.RegisterLoader("judgebench", settings.Make("JudgeBench JSON or JSONL: a question, two responses and the label A>B or B>A.", DefaultSettings, newJudgeBench))
	tasks.RegisterLoader("rewardbench", settings.Make("RewardBench JSON or JSONL: a prompt, the chosen response and the rejected one.", DefaultSettings, newRewardBench))
	tasks.RegisterLoader("mtbench-human", settings.Make("MT-Bench human judgments JSON or JSONL: two models' conversations and the winner; ties set aside.", DefaultSettings, newMTBench))
	tasks.RegisterLoader("jsonl", settings.Make("Any JSONL, with a mapping of its fields.", defaultJSONL, newJSONL))
}

// Settings are the settings every loader takes.
type Settings struct {
	// Difficulty of a question whose record gives none, in [0, 1];
	// default 0.5.
	Difficulty float64 `yaml:"difficulty" doc:"the difficulty of a question whose record gives none, in [0, 1]"`
}

// DefaultSettings returns the settings used for fields an experiment file
// leaves out.
func DefaultSettings() Settings { return Settings{Difficulty: 0.5} }

// Validate reports the first setting that is out of range, naming its
// field.
func (s Settings) Validate() error {
	if !(s.Difficulty >= 0 && s.Difficulty <= 1) { // NaN fails too
		return fmt.Errorf("difficulty: must be in [0, 1], got %v", s.Difficulty)
	}
	return nil
}

// format is a loader of a format that takes no settings but Settings.
type format struct {
	s       Settings
	scan    func() scanner // makes the reader of one file's records
	prepare func([]item)   // run over the items read, or nil (see load)
}

var (
	_ tasks.Loader    = (*format)(nil)
	_ tasks.SetAsider = (*format)(nil)
)

// formatOf returns the factory of the loader of a format read by the
// scanners scan makes, its items prepared by prepare (nil for none).
func formatOf(scan func() scanner, prepare func([]item)) func(Settings) (tasks.Loader, error) {
	return func(s Settings) (tasks.Loader, error) { return &format{s, scan, prepare}, nil }
}

func (f *format) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	qs, skipped, _, err := f.LoadSetAside(path, opts)
	return qs, skipped, err
}

// LoadSetAside implements tasks.SetAsider: the records a question of two
// answers cannot show (answering), counted by why.
func (f *format) LoadSetAside(path string, opts tasks.LoadOptions) ([]tasks.Question, int, map[string]int, error) {
	qs, skipped, aside, err := loadSetAside(path, opts, f.s, f.scan(), f.prepare)
	return qs, skipped, aside, sayAside(err, aside)
}

// sayAside adds to err, where it is of the whole file (no questions) or
// of the sample's size, the records the file set aside, so that a file
// whose records were all set aside, or fewer kept than n, says why it
// holds fewer questions than records: 'no questions in the file (1
// record set aside: 1 "correct answer naming the other options")'.
func sayAside(err error, aside map[string]int) error {
	if err == nil || len(aside) == 0 {
		return err
	}
	total, parts := 0, []string{}
	for _, k := range slices.Sorted(maps.Keys(aside)) {
		total += aside[k]
		parts = append(parts, fmt.Sprintf("%d %q", aside[k], k))
	}
	text := noun.Count(total, "record") + " set aside: " + strings.Join(parts, ", ")
	if se, ok := errors.AsType[*sampleError](err); ok && se.aside == "" {
		se.aside = text
		return se
	}
	if de, ok := errors.AsType[*tasks.DataError](err); ok && de.Line == 0 && de.Field == "" {
		return &tasks.DataError{File: de.File, Err: fmt.Errorf("%w (%s)", de.Err, text)}
	}
	return err
}

// item is one question as a record gives it, before its answers are placed.
type item struct {
	// id is the question's own id, or "" for "<task>-<line>"; idField is
	// where the record holds it, for messages.
	id, idField string
	// lineRank is how many records of a JSON array start on the line of
	// this item's record before it, for the default id.
	lineRank int
	text     string
	correct  string
	// wrong are the other choices, each distinct from correct and from
	// one another; one is picked by the seed. When there are none,
	// distractor makes one from the question's random stream.
	wrong      []string
	distractor func(rng *rand.Rand) string
	context    string
	// heading, where the record has one (BoolQ's title), is the hidden
	// context's first line, shown but not quoted as evidence: a title that
	// names what the question asks about speaks for neither answer.
	heading string
	// exhibit is shown to every role with the question (CRUXEval's code).
	exhibit string
	family  transcript.Family
	// difficulty from the record, or -1 for the loader's setting.
	difficulty float64
	// group names what the question shares with others (its article), for
	// the statistics to resample together (tasks.Question.Group).
	group string
	// aside marks a record set aside, by its kind (a pairwise tie: "A=B"):
	// no question, but its id is taken, so that a repeated id is found
	// whichever of the two rows is the tie; "" for a question.
	aside string
}

// fieldError is a problem with one field of a record; the scanner adds the
// file and line.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

// bad returns a fieldError with a formatted message.
func bad(field, format string, args ...any) error {
	return &fieldError{field: field, err: fmt.Errorf(format, args...)}
}

// scanner reads the records of a file and hands each to add, stopping at
// the first error add returns.
type scanner func(r *bufio.Reader, add func(line int, items []item, err error) error) error

// load is what every loader does: open the file, scan its records, let
// prepare see every item (for distractors drawn from other records), draw
// the sample, and make the questions.
func load(path string, opts tasks.LoadOptions, s Settings, scan scanner, prepare func([]item)) ([]tasks.Question, int, error) {
	qs, skipped, _, err := loadSetAside(path, opts, s, scan, prepare)
	return qs, skipped, err
}

// loadSetAside is load that also counts the records set aside, by kind
// (nil for none), once each was taken: a record skipped as invalid is
// not also set aside.
func loadSetAside(path string, opts tasks.LoadOptions, s Settings, scan scanner, prepare func([]item)) (qs []tasks.Question, skipped int, setAside map[string]int, err error) {
	f, r, _, err := openRecords(path)
	if err != nil {
		return nil, 0, nil, err
	}
	defer f.Close()
	c := &collector{path: path, opts: opts, seen: map[string]int{}, setAside: map[string]int{}}
	defer func() { // every return, an error's too, says what was set aside
		if len(c.setAside) > 0 {
			setAside = c.setAside
		}
	}()
	if err := scan(r, c.add); err != nil {
		var al *atLine
		var de *tasks.DataError
		switch {
		case errors.As(err, &al):
			err = dataError(path, al.line, al.err)
		case !errors.As(err, &de):
			err = fmt.Errorf("reading %s: %w", path, err)
		}
		return nil, 0, nil, c.said(err)
	}
	if len(c.faults) > 0 {
		return nil, 0, nil, c.said(nil)
	}
	if len(c.items) == 0 {
		msg := "no questions in the file"
		if c.skipped > 0 {
			msg = fmt.Sprintf("no valid questions: all %d records are invalid (the first at line %s)", c.skipped, strings.TrimPrefix(c.first.Error(), path+":"))
			if c.skipped == 1 {
				msg = fmt.Sprintf("no valid questions: its one record is invalid (at line %s)", strings.TrimPrefix(c.first.Error(), path+":"))
			}
		}
		return nil, c.skipped, nil, &tasks.DataError{File: path, Err: errors.New(msg)}
	}
	if prepare != nil {
		prepare(c.items)
	}
	items, err := sample(c.items, opts.N, opts.Seed)
	if se, ok := errors.AsType[*sampleError](err); ok {
		se.path = path // a loader may add what it set aside
		return nil, c.skipped, nil, se
	}
	if err != nil {
		return nil, c.skipped, nil, fmt.Errorf("n: %w (in %s)", err, path)
	}
	qs = make([]tasks.Question, len(items))
	for i := range items {
		qs[i] = items[i].question(opts.Seed, s.Difficulty)
	}
	return qs, c.skipped, nil, nil
}

// sampleError is the error of a sample larger than the file at path, or
// of a negative one.
type sampleError struct {
	asked, has int
	path       string
	// aside says what the file holds that is not a question (ties set
	// aside), "" if nothing.
	aside string
}

func (e *sampleError) Error() string {
	if e.asked < 0 {
		return fmt.Sprintf("n: want a positive number of questions, got %d (in %s)", e.asked, e.path)
	}
	msg := fmt.Sprintf("n: %d questions asked, but the file has %d", e.asked, e.has)
	if e.aside != "" {
		msg += " (and " + e.aside + ")"
	}
	return msg + " (in " + e.path + ")"
}

func (e *sampleError) Unwrap() error { return tasks.ErrSampleSize }

// sample returns n of the items, in file order: those whose ids rank
// lowest under a hash keyed by seed. n = 0 takes all. A question's rank
// depends only on the seed and its id, so a larger n keeps the questions of
// a smaller one, and adding records to a file changes a sample only where
// a new question ranks in — records that carry their ids, or records
// appended: a file without ids names a question by its line, and a record
// inserted above moves the ids, and so the sample, of those below. The rank is rank.Of, not rank.Hash: ids that
// differ only in their last characters ("q-110" … "q-119") would rank
// together by FNV alone, and the sample come in runs of neighbouring lines.
func sample(items []item, n int, seed uint64) ([]item, error) {
	switch {
	case n < 0:
		return nil, &sampleError{asked: n}
	case n == 0 || n == len(items):
		return items, nil
	case n > len(items):
		return nil, &sampleError{asked: n, has: len(items)}
	}
	ranks := make([]uint64, len(items))
	order := make([]int, len(items))
	for i := range items {
		ranks[i] = rank.Of(seed, "sample", items[i].id)
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ra, rb := ranks[order[a]], ranks[order[b]]
		return ra < rb || ra == rb && order[a] < order[b]
	})
	chosen := order[:n]
	sort.Ints(chosen)
	out := make([]item, n)
	for i, j := range chosen {
		out[i] = items[j]
	}
	return out, nil
}

// question places the answers: the distractor and then the slot of the
// correct answer are drawn from a stream keyed by the seed and the id
// alone, so a question reads the same whatever else the file holds.
func (it *item) question(seed uint64, difficulty float64) tasks.Question {
	rng := rand.New(rand.NewPCG(seed, rank.Hash(seed, "answers", it.id)))
	var wrong string
	if len(it.wrong) > 0 {
		wrong = it.wrong[rng.IntN(len(it.wrong))]
	} else {
		wrong = it.distractor(rng)
	}
	ci := rng.IntN(2)
	var answers [2]string
	answers[ci], answers[1-ci] = it.correct, wrong
	d := difficulty
	if it.difficulty >= 0 {
		d = it.difficulty
	}
	return tasks.Question{
		ID:         it.id,
		Family:     it.family,
		Text:       it.text,
		Exhibit:    it.exhibit,
		Answers:    answers,
		Correct:    ci,
		Context:    withHeading(it.heading, it.context),
		Evidence:   evidence(it.context, it.text, answers),
		Difficulty: d,
		Group:      it.group,
	}
}

func trim(s string) string { return strings.TrimSpace(s) }

// newItem starts the question of record o: of family, with the loader's
// difficulty, and its own id from the first of keys it has (optID).
func newItem(o object, family transcript.Family, keys ...string) (item, error) {
	it := item{family: family, difficulty: -1}
	var err error
	it.id, it.idField, err = optID(o, keys...)
	return it, err
}

// optID reads a record's own id from the first of keys it has; a null
// is none (a dataset exported with its id column left empty), and the
// record is named by its line.
func optID(o object, keys ...string) (id, field string, err error) {
	for _, k := range keys {
		if v, has, _ := o.get(k); has && v == nil {
			continue
		}
		id, ok, err := o.optText(k)
		if err != nil || ok {
			return id, o.field(k), err
		}
	}
	return "", o.field(keys[0]), nil
}

// defaultID is the id of the i-th of n questions of a record at line that
// names none: the task and the line, and i where the record holds several.
// A record of a JSON array that is not the first to start on its line
// (rank > 0) adds its place among those records, from 1: "<task>-1.2".
func defaultID(task string, line, rank, i, n int) string {
	id := fmt.Sprintf("%s-%d", task, line)
	if rank > 0 {
		id += fmt.Sprintf(".%d", rank+1)
	}
	if n > 1 {
		id += fmt.Sprintf("-%d", i)
	}
	return id
}
