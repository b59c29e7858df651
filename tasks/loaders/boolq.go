package loaders

import "github.com/mootlab/moot/transcript"

// newBoolQ makes the loader of BoolQ: a yes/no question about a passage.
var newBoolQ = formatOf(func() scanner { return scanJSONL(parseBoolQ) }, nil)

func parseBoolQ(o object) ([]item, error) {
	it, err := newItem(o, transcript.FamilyQA, "id", "idx")
	if err != nil {
		return nil, err
	}
	if it.text, err = o.str("question"); err != nil {
		return nil, err
	}
	if it.context, err = o.str("passage"); err != nil {
		return nil, err
	}
	// The release gives the title of the passage's Wikipedia page "as
	// optional additional context" (its README): a passage from within a
	// page may not name its subject, which the question asks about. It
	// heads the hidden context.
	if it.heading, _, err = o.optStr("title"); err != nil {
		return nil, err
	}
	key := "answer" // the original release; SuperGLUE calls it "label"
	_, hasAnswer, _ := o.get("answer")
	_, hasLabel, _ := o.get("label")
	if !hasAnswer && hasLabel {
		key = "label"
	}
	yes, err := boolqGold(o, key)
	if err != nil {
		return nil, err
	}
	if hasAnswer && hasLabel {
		// Both given: they must agree, or which is the gold is a guess.
		if label, err := boolqGold(o, "label"); err != nil {
			return nil, err
		} else if label != yes {
			return nil, bad(o.field("label"), "says %v where answer says %v: one record, two gold labels", label, yes)
		}
	}
	it.correct, it.wrong = "no", []string{"yes"}
	if yes {
		it.correct, it.wrong = "yes", []string{"no"}
	}
	return []item{it}, nil
}

// boolqGold reads the gold answer at key: true or false, or, for a label,
// SuperGLUE's exports' (Hugging Face's super_glue) 1 or 0.
func boolqGold(o object, key string) (bool, error) {
	yes, err := o.boolean(key)
	if err != nil && key == "label" {
		n, ierr := o.integer(key)
		switch v, has, _ := o.get(key); {
		case ierr == nil && (n == 0 || n == 1):
			return n == 1, nil
		case ierr == nil && n == -1:
			return false, bad(o.field(key), "-1, as an unlabelled test split has it: read the train or validation split")
		case ierr == nil:
			return false, bad(o.field(key), "want true or false, or 1 or 0, got %d", n)
		case has:
			return false, bad(o.field(key), "want true or false, or 1 or 0, got %s", jsonType(v))
		}
	}
	return yes, err
}
