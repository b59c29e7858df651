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
}
