package transcript

// Role is the part an agent plays in an episode. Protocols name the roles
// of their seats; the engine passes them on without reading them.
type Role string

// The roles of the shipped protocols.
const (
	RoleJudge      Role = "judge"
	RoleDebater    Role = "debater"
	RoleConsultant Role = "consultant"
	// RoleAnswerer answers the question on its own, as a judge would but
	// with what its seat may see: how an open consultant or protagonist
	// debater picks the answer it will argue for (Kenton et al. 2024).
	RoleAnswerer Role = "answerer"
	// RoleScorer rates a debater's candidate turn, as a judge would, for
	// best-of-N (Khan et al. 2024, Kenton et al. 2024).
	RoleScorer Role = "scorer"
	// RoleQuestioner is the judge asking the consultant a question
	// between rounds (interactive consultancy, Kenton et al. 2024).
	RoleQuestioner Role = "questioner"
	// RoleModerator reads a MAD debate after each round and says whether
	// one side is clearly preferred, which ends it early (Liang et al. 2023).
	RoleModerator Role = "moderator"
	// RoleGrader is a judge that grades one candidate's answer as correct
	// or incorrect (pointwise grading): it answers "Answer: A" for
	// correct and "Answer: B" for incorrect.
	RoleGrader Role = "grader"
	// RoleReference writes a reference answer before the episode, which
	// the judge reads (reference-guided judging).
	RoleReference Role = "reference"
)

// NoSide marks a speaker that argues for no answer, such as a judge.
const NoSide = -1

// ChatMessage is one chat message of a rendered prompt.
type ChatMessage struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// Family names the kind of task a question belongs to.
type Family string

// The task families moot knows.
const (
	FamilyQA      Family = "qa"
	FamilyMath    Family = "math"
	FamilyCode    Family = "code"
	FamilyFinance Family = "finance"
)

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
	// Answer is the index (into the question's answers, or into the shown
	// answers in a View) of the answer the claim argues for.
	Answer int    `json:"answer"`
	Text   string `json:"text"`
}

// View is the question as one seat may see it. Answers are in the order
// shown in this episode; Evidence refers to them by that order. It has no
// field for the gold label.
type View struct {
	QuestionID string `json:"question_id"`
	Family     Family `json:"family"`
	Question   string `json:"question"`
	// Exhibit is material shown to every role with the question (a
	// code task's program), empty for most tasks.
	Exhibit string    `json:"exhibit,omitempty"`
	Answers [2]string `json:"answers"`
	// Context is the hidden text (article, solution…), empty for a role
	// that may not see it.
	Context string `json:"context,omitempty"`
	// Evidence is the pool of claims for each answer, empty for a role
	// that may not see the hidden context.
	Evidence   []Claim `json:"evidence,omitempty"`
	Difficulty float64 `json:"difficulty"`
	// Shared is set when every role, the judge included, reads the
	// context: a closed task.
	Shared bool `json:"shared,omitempty"`
	// NoContext is set when the question has no hidden text at all
	// (MMLU, GPQA, CRUXEval: closed-book questions): every seat
	// reads the question, its exhibit and the answers alone, and argues
	// from what it knows. Set in every seat's view, the judge's included,
	// so that no prompt tells the judge of a text it cannot see.
	NoContext bool `json:"no_context,omitempty"`
	// Reference is the reference answer a judge is given, when its
	// protocol has one (reference-guided judging); nil for every other
	// seat. Its Answer is a shown slot.
	Reference *Reference `json:"reference,omitempty"`
}

// The sources of a reference answer.
const (
	// ReferenceGold is the gold answer given to the judge: an upper bound,
	// not a judge that could be deployed.
	ReferenceGold = "gold"
	// ReferenceAgent is an answer written by an agent, which may be wrong.
	ReferenceAgent = "agent"
)

// Reference is a reference answer a judge reads (No Free Labels;
// RevisEval): the gold answer, or an agent's answer written before the
// episode.
type Reference struct {
	// Source is ReferenceGold or ReferenceAgent; Agent names the agent.
	Source string `json:"source"`
	Agent  string `json:"agent,omitempty"`
	// Answer is the answer the reference gives: an index into
	// Episode.Answers in a record, a shown slot in a View; -1 when the
	// agent's answer did not parse.
	Answer int `json:"answer"`
	// Text is what the judge reads: the agent's answer as written, or the
	// gold answer. Only in a View; the record has the agent's message.
	Text string `json:"text,omitempty"`
	// Options, for an agent's reference in a View, are the answers as the
	// agent read them (the question's own order), which the letters of its
	// Text name: where the View shows them the other way round, the judge
	// is told so.
	Options [2]string `json:"options,omitzero"`
	// Unread, for an agent's reference in a View, says that its writer
	// did not read the hidden text of a question that has one (reference
	// context: false), which the judge is told.
	Unread bool `json:"unread,omitempty"`
}

// Turn is an earlier turn of the episode as the requesting seat sees it:
// for a judge, quotes are already marked verified or unverified.
type Turn struct {
	Round int    `json:"round"`
	Role  Role   `json:"role"`
	Name  string `json:"name"` // the speaker's name in the transcript, e.g. "Debater A"
	Side  int    `json:"side"` // the shown answer argued, or NoSide
	Text  string `json:"text"`
}

// Usage counts tokens.
type Usage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
	// CachedInputTokens are those of InputTokens the server read from its
	// prompt cache (OpenAI's prompt_tokens_details.cached_tokens), which
	// a price may set at a discount; 0 where it said none.
	CachedInputTokens int `json:"cached_input_tokens,omitempty"`
	// ReasoningTokens are those of OutputTokens the model spent thinking
	// before its answer (OpenAI's completion_tokens_details.
	// reasoning_tokens, as reasoning models count them); 0 where the
	// server said none.
	ReasoningTokens int `json:"reasoning_tokens,omitempty"`
	// Estimated marks counts the server did not send (its answer had no
	// usage, or zeros): the backend's estimate from the length of the
	// text, so that a price and a budget still count the call.
	Estimated bool `json:"estimated,omitempty"`
}
