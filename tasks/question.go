package tasks

// Family names the kind of task a question belongs to.
type Family string

// The task families moot knows.
const (
	FamilyQA      Family = "qa"
	FamilyMath    Family = "math"
	FamilyCode    Family = "code"
	FamilyFinance Family = "finance"
)

// Question is one binary-choice item, the setting of Khan et al. 2024 and
// Kenton et al. 2024: a judge-visible question, two answers, and optionally a
// hidden context that only the stronger agents see.
//
// Correct is the gold label. Only the engine and analysis read it; the view
// that agents receive (agents.View) has no field for it.
type Question struct {
	ID     string `json:"id"`
	Family Family `json:"family"`
	Text   string `json:"text"`
	// Exhibit is material every role, the judge included, reads with the
	// question: the program of a code task. Unlike the context it is never
	// hidden, and unlike the text it is not what the question asks, so
	// agents do not look for its words in the evidence.
	Exhibit  string    `json:"exhibit,omitempty"`
	Answers  [2]string `json:"answers"`
	Correct  int       `json:"correct"`
	Context  string    `json:"context,omitempty"`
	Evidence []Claim   `json:"evidence,omitempty"`
	// Difficulty in [0, 1]: how hard the question is to answer or to find
	// evidence for. Agents weigh their skill against it.
	Difficulty float64 `json:"difficulty"`
	// ContextShared makes the context visible to every role, the judge
	// included: a closed task, where the judge and the debaters read the
	// same thing and only their skill differs.
	ContextShared bool `json:"context_shared,omitempty"`
}

// ClaimKind says how a claim can be checked mechanically.
type ClaimKind string

// The kinds of claim.
const (
	// KindQuote is a quotation that is checked by looking it up, verbatim,
	// in the hidden context.
	KindQuote ClaimKind = "quote"
)

// Claim is one piece of evidence a debater may cite for an answer. The pool
// mixes true claims for the correct answer with plausible traps for the
// other: quotes that are true but beside the point, and quotes that are
// fabricated. Which is which is not recorded: an agent finds out the way a
// reader would, by checking the claim against the context and the question.
type Claim struct {
	Kind ClaimKind `json:"kind"`
	// Answer is the index (into Question.Answers) of the answer the claim
	// argues for.
	Answer int    `json:"answer"`
	Text   string `json:"text"`
}
