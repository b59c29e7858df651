package agents

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/transcript"
)

// TestDecodeRequestHeaderRefusesWhatIsNotOne: a value that is a JSON
// object up to a byte that is no base64 ("{} " then "!") is refused, not
// read up to that byte; base64 of what is no JSON is refused with the
// JSON error wrapped.
func TestDecodeRequestHeaderRefusesWhatIsNotOne(t *testing.T) {
	if _, err := DecodeRequestHeader("e30g!"); err == nil {
		t.Error(`DecodeRequestHeader("e30g!"), "{} " then a byte that is no base64: no error`)
	}
	var syntax *json.SyntaxError
	if _, err := DecodeRequestHeader("bm90IGpzb24"); !errors.As(err, &syntax) { // "not json"
		t.Errorf("DecodeRequestHeader of base64 of no JSON: %v; want the JSON syntax error wrapped", err)
	}
}

// TestRetriedError: its text and its cause are Err's, its Retries Count.
func TestRetriedError(t *testing.T) {
	cause := errors.New("429 too many requests")
	var err error = &RetriedError{Count: 3, Err: cause}
	var r Retrier
	if !errors.As(err, &r) || r.Retries() != 3 {
		t.Errorf("Retries: want 3 through errors.As, got %v", r)
	}
	if !errors.Is(err, cause) || err.Error() != cause.Error() {
		t.Errorf("RetriedError %q: want Err's text and errors.Is Err", err)
	}
}

// TestPriorityOf: the function a context carries, else one that gives 0;
// a retry hook in the same context is no priority.
func TestPriorityOf(t *testing.T) {
	ctx := WithRetryHook(context.Background(), func(error) {})
	if got := PriorityOf(ctx)(); got != 0 {
		t.Errorf("PriorityOf a context without one: %d; want 0", got)
	}
	if got := PriorityOf(WithPriority(ctx, func() int { return 7 }))(); got != 7 {
		t.Errorf("PriorityOf a context with one: %d; want 7", got)
	}
}

// TestNoteRetry: the hook of the context is told of each error itself;
// a context without one, or with a priority only, is told nothing.
func TestNoteRetry(t *testing.T) {
	var got []error
	ctx := WithRetryHook(context.Background(), func(err error) { got = append(got, err) })
	e1, e2 := errors.New("one"), errors.New("two")
	NoteRetry(ctx, e1)
	NoteRetry(WithPriority(ctx, func() int { return 1 }), e2)
	NoteRetry(context.Background(), e1)
	if len(got) != 2 || got[0] != e1 || got[1] != e2 {
		t.Errorf("the hook was told %v; want one, two", got)
	}
}

// TestEstimateUsage counts by hand: a token is four characters (not
// bytes), rounded up, and each message adds four for its framing; an
// answer of nothing is one token.
func TestEstimateUsage(t *testing.T) {
	sent := []transcript.ChatMessage{{Role: "system", Content: "ééé"}, {Role: "user", Content: "abcde"}}
	want := transcript.Usage{InputTokens: (4 + 1) + (4 + 2), OutputTokens: 3, Estimated: true}
	if got := EstimateUsage(sent, "abcdefghi"); got != want {
		t.Errorf("EstimateUsage: %+v; want %+v", got, want)
	}
	if got := EstimateUsage(nil, ""); got.OutputTokens != 1 || got.InputTokens != 0 {
		t.Errorf("EstimateUsage of nothing: %+v; want one output token, no input", got)
	}
}

// TestNewDraw: 32 hex digits, a new one each time.
func TestNewDraw(t *testing.T) {
	a, b := NewDraw(), NewDraw()
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(a) || a == b {
		t.Errorf("NewDraw: %q then %q; want 32 hex digits, two unlike", a, b)
	}
}

type auditSettings struct {
	Model   string `yaml:"model"`
	Timeout int    `yaml:"timeout" resume:"free"`
}

// TestRegistry: a registered backend is listed by name, its entry named,
// its factory found and its free settings given; an unknown one is not.
func TestRegistry(t *testing.T) {
	const name = "audit-fake"
	Register(name, settings.Make("a fake", func() auditSettings { return auditSettings{} },
		func(auditSettings) (Agent, error) { return nil, nil }))
	if !slices.Contains(Backends(), name) {
		t.Errorf("Backends() = %v; want %s among them", Backends(), name)
	}
	if i := slices.IndexFunc(Entries(), func(e Entry) bool { return e.Name == name }); i < 0 || Entries()[i].Doc != "a fake" {
		t.Errorf("Entries() has no entry named %s with its doc", name)
	}
	if f, err := Lookup(name); err != nil || f == nil {
		t.Errorf("Lookup(%s): %v", name, err)
	}
	if _, err := Lookup("no-such"); !errors.Is(err, ErrUnknownBackend) {
		t.Errorf("Lookup of an unknown backend: %v; want ErrUnknownBackend", err)
	}
	if got := FreeSettings(name); !slices.Equal(got, []string{"timeout"}) {
		t.Errorf("FreeSettings(%s) = %v; want timeout", name, got)
	}
	if got := FreeSettings("no-such"); got != nil {
		t.Errorf("FreeSettings of an unknown backend: %v; want none", got)
	}
}
