package loaders

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// JSONLSettings is the settings block of the generic "jsonl" loader: which
// field of a record holds what. A field is a key or a dotted path into
// nested objects, "meta.id".
type JSONLSettings struct {
	Settings `yaml:",inline"`
	// Question, Correct and Incorrect default to the fields of those
	// names. Incorrect may hold one answer or a list of them, of which the
	// seed picks one.
	Question  string `yaml:"question" doc:"the field that holds the question"`
	Correct   string `yaml:"correct" doc:"the field that holds the correct answer"`
	Incorrect string `yaml:"incorrect" doc:"the field that holds a wrong answer, or a list of them"`
	// Context, ID and DifficultyField are optional; unnamed, the id is a
	// record's "id" where it has one.
	Context         string `yaml:"context" doc:"the field that holds the hidden context, if any (null or empty in a record whose question has none)"`
	ID              string `yaml:"id" doc:"the field that holds the question's id; unnamed, a record's id field where it has one, as the other loaders read it"`
	DifficultyField string `yaml:"difficulty_field" doc:"the field that holds the difficulty, if any"`
	// Group names the field that holds what a question shares with
	// others (a passage's id, for several questions on one passage): the
	// statistics resample such questions together.
	Group string `yaml:"group,omitempty" doc:"the field that holds the question's group (several questions on one passage), if any: the statistics resample a group's questions together"`
	// Family is qa (the default), math, code, finance, or one a
	// generator registered (tasks.RegisterFamily).
	Family string `yaml:"family" doc:"qa, math, code or finance (or a family a generator registered)"`
}

// Validate reports the first setting that is missing or out of range.
func (s JSONLSettings) Validate() error {
	for _, f := range []struct{ key, value, what string }{
		{"question", s.Question, "the question"},
		{"correct", s.Correct, "the correct answer"},
		{"incorrect", s.Incorrect, "the incorrect answer or answers"},
	} {
		if f.value == "" {
			return fmt.Errorf("%s: empty: name the field that holds %s", f.key, f.what)
		}
	}
	for _, f := range []struct{ key, value string }{
		{"question", s.Question}, {"correct", s.Correct}, {"incorrect", s.Incorrect},
		{"context", s.Context}, {"id", s.ID}, {"difficulty_field", s.DifficultyField}, {"group", s.Group},
	} {
		if f.value == "" {
			continue
		}
		for _, part := range strings.Split(f.value, ".") {
			if part == "" {
				return fmt.Errorf("%s: %q is not a field: want a key or a dotted path, like meta.id", f.key, f.value)
			}
		}
	}
	var names []string
	for _, f := range tasks.Families() {
		names = append(names, string(f))
	}
	if err := settings.OneOf("family", s.Family, names...); err != nil {
		return err
	}
	return s.Settings.Validate()
}

type jsonl struct{ s JSONLSettings }

func defaultJSONL() JSONLSettings {
	return JSONLSettings{Settings: DefaultSettings(), Question: "question", Correct: "correct", Incorrect: "incorrect", Family: string(transcript.FamilyQA)}
}

func newJSONL(s JSONLSettings) (tasks.Loader, error) { return &jsonl{s}, nil }

func (l *jsonl) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	return load(path, opts, l.s.Settings, scanJSONL(l.parse), nil)
}

func (l *jsonl) parse(o object) ([]item, error) {
	its, err := l.parseRecord(o)
	return its, l.named(err)
}

// named says, of a field missing from a record, which setting of the
// experiment named it, when the experiment named it: a misspelt setting
// shows as a field the file lacks.
func (l *jsonl) named(err error) error {
	var fe *fieldError
	if !errors.As(err, &fe) || fe.err != errMissing {
		return err
	}
	def := defaultJSONL()
	for _, f := range []struct{ key, value, def string }{
		{"question", l.s.Question, def.Question}, {"correct", l.s.Correct, def.Correct},
		{"incorrect", l.s.Incorrect, def.Incorrect}, {"context", l.s.Context, def.Context}, {"id", l.s.ID, def.ID},
		{"difficulty_field", l.s.DifficultyField, def.DifficultyField}, {"group", l.s.Group, def.Group},
	} {
		if f.value != f.def && (fe.field == f.value || strings.HasSuffix(fe.field, "."+f.value)) {
			fe.err = fmt.Errorf("missing (the field that the experiment's %s: names)", f.key)
		}
	}
	return err
}

func (l *jsonl) parseRecord(o object) ([]item, error) {
	s := l.s
	it := item{family: transcript.Family(s.Family), difficulty: -1, idField: s.ID}
	var err error
	if s.ID != "" {
		if it.id, err = o.text(s.ID); err != nil {
			return nil, err
		}
	} else if it.id, it.idField, err = optID(o, "id"); err != nil {
		// Unnamed, the id is a record's "id" where it has one (null is
		// none), as every other loader reads it.
		return nil, err
	}
	if it.text, err = o.str(s.Question); err != nil {
		return nil, err
	}
	if it.correct, err = o.text(s.Correct); err != nil {
		return nil, err
	}
	incorrect, err := o.texts(s.Incorrect)
	if err != nil {
		return nil, err
	}
	how := foldCase
	if it.family == transcript.FamilyCode {
		how = asWritten
	}
	if it.wrong = distinctWrong(it.correct, incorrect, how); len(it.wrong) == 0 {
		return nil, bad(s.Incorrect, "fewer than two distinct answers: %q is the correct one%s", clip(it.correct), caseNote(it.family))
	}
	if s.Context != "" {
		if it.context, err = o.optContext(s.Context); err != nil {
			return nil, err
		}
	}
	if s.Group != "" {
		if it.group, err = o.text(s.Group); err != nil {
			return nil, err
		}
	}
	if s.DifficultyField != "" {
		d, ok, err := o.optFraction(s.DifficultyField)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &fieldError{field: s.DifficultyField, err: errMissing}
		}
		it.difficulty = d
	}
	return []item{it}, nil
}
