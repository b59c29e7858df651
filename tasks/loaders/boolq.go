package loaders

import (
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// boolq reads BoolQ: a yes/no question about a passage.
type boolq struct{ s Settings }

func newBoolQ(s Settings) (tasks.Loader, error) { return &boolq{s}, nil }

func (l *boolq) Load(path string, opts tasks.LoadOptions) ([]tasks.Question, int, error) {
	return load(path, opts, l.s, scanJSONL(l.parse), nil)
}

func (l *boolq) parse(o object) ([]item, error) {
	it := item{family: transcript.FamilyQA, difficulty: -1}
	var err error
	if it.id, it.idField, err = optID(o, "id", "idx"); err != nil {
		return nil, err
	}
	if it.text, err = o.str("question"); err != nil {
		return nil, err
	}
	if it.context, err = o.str("passage"); err != nil {
		return nil, err
	}
	key := "answer" // the original release; SuperGLUE calls it "label"
	if _, has, _ := o.get("answer"); !has {
		if _, has, _ := o.get("label"); has {
			key = "label"
		}
	}
	yes, err := o.boolean(key)
	if err != nil {
		return nil, err
	}
	it.correct, it.wrong = "no", []string{"yes"}
	if yes {
		it.correct, it.wrong = "yes", []string{"no"}
	}
	return []item{it}, nil
}
