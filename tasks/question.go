package tasks

import "github.com/mootlab/moot/transcript"

// Question is one binary-choice item, the setting of Khan et al. 2024 and
// Kenton et al. 2024: a judge-visible question, two answers, and optionally a
// hidden context that only the stronger agents see.
//
// Correct is the gold label. Only the engine and analysis read it; the view
// that agents receive (transcript.View) has no field for it.
type Question struct {
	ID     string            `json:"id"`
	Family transcript.Family `json:"family"`
	Text   string            `json:"text"`
	// Exhibit is material every role, the judge included, reads with the
	// question: the program of a code task. Unlike the context it is never
	// hidden, and unlike the text it is not what the question asks, so
	// agents do not look for its words in the evidence.
	Exhibit  string             `json:"exhibit,omitempty"`
	Answers  [2]string          `json:"answers"`
	Correct  int                `json:"correct"`
	Context  string             `json:"context,omitempty"`
	Evidence []transcript.Claim `json:"evidence,omitempty"`
	// Difficulty in [0, 1]: how hard the question is to answer or to find
	// evidence for. Agents weigh their skill against it.
	Difficulty float64 `json:"difficulty"`
	// ContextShared makes the context visible to every role, the judge
	// included: a closed task, where the judge and the debaters read the
	// same thing and only their skill differs.
	ContextShared bool `json:"context_shared,omitempty"`
	// Group names what the question shares with others of its task (a
	// loaded article several questions ask about), for the statistics to
	// resample together (transcript.Episode.Group); empty for none.
	Group string `json:"group,omitempty"`
}
