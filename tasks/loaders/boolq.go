package loaders

import "github.com/mootlab/moot/transcript"

// newBoolQ makes the loader of BoolQ: a yes/no question about a passage.
var newBoolQ = formatOf(func() scanner { return scanJSONL(parseBoolQ) }, nil)

func parseBoolQ(o object) ([]item, error) {
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
	if err != nil && key == "label" {
		// SuperGLUE's exports (Hugging Face's super_glue) give the label
		// as 1 for true and 0 for false.
		if n, ierr := o.integer(key); ierr == nil && (n == 0 || n == 1) {
			yes, err = n == 1, nil
		} else if ierr == nil {
			err = bad(o.field(key), "want true or false, or 1 or 0, got %d", n)
		}
	}
	if err != nil {
		return nil, err
	}
	it.correct, it.wrong = "no", []string{"yes"}
	if yes {
		it.correct, it.wrong = "yes", []string{"no"}
	}
	return []item{it}, nil
}
