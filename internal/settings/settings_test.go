package settings

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

type Common struct {
	Label string `yaml:"label,omitempty" doc:"the name in tables"`
	Judge string `yaml:"judge" required:"true" doc:"the judge agent"`
	Swap  bool   `yaml:"swap"`
}

type names []string

func (names) SettingType() string { return "name or list of names" }

// fake has every shape of field Of must read.
type fake struct {
	Common      `yaml:",inline"`
	Model       string        `yaml:"model" required:"true"`
	Names       []string      `yaml:"names"`
	Who         names         `yaml:"who"`
	Wait        time.Duration `yaml:"wait"`
	Temperature *float64      `yaml:"temperature,omitempty"`
	Copies      *int          `yaml:"copies" default:"3"`
	Price       struct {
		Input float64 `yaml:"input" doc:"dollars per million tokens"`
	} `yaml:"price"`
	Untagged int
	Skipped  int `yaml:"-"`
	hidden   int
}

func (f *fake) Validate() error {
	if f.Untagged < 0 {
		return errors.New("untagged: must not be negative")
	}
	return nil
}

func defaults() fake {
	s := fake{Common: Common{Swap: true}, Names: []string{"a", "b"}, Wait: time.Second, Untagged: 4, hidden: 1}
	s.Price.Input = 1.5
	return s
}

func TestOf(t *testing.T) {
	want := []Setting{
		{Name: "label", Type: "string", Default: "", Doc: "the name in tables"},
		{Name: "judge", Type: "string", Required: true, Doc: "the judge agent"},
		{Name: "swap", Type: "bool", Default: true},
		{Name: "model", Type: "string", Required: true},
		{Name: "names", Type: "list of string", Default: []string{"a", "b"}},
		{Name: "who", Type: "name or list of names"},
		{Name: "wait", Type: "duration", Default: "1s"},
		{Name: "temperature", Type: "number"},
		{Name: "copies", Type: "int", Default: 3},
		{Name: "price.input", Type: "number", Default: 1.5, Doc: "dollars per million tokens"},
		{Name: "untagged", Type: "int", Default: 4},
	}
	if diff := cmp.Diff(want, Of(defaults())); diff != "" {
		t.Errorf("Of: -want +got:\n%s", diff)
	}
	if got := Of(3); got != nil {
		t.Errorf("Of(3) = %v; want nil", got)
	}
	two := 2
	if got := Of(fake{Copies: &two}); got[8].Default != 2 {
		t.Errorf("a given value beside a default tag: default %v; want the value, 2", got[8].Default)
	}
	defer func() {
		if recover() == nil {
			t.Error("Of with a default tag that does not decode: no panic")
		}
	}()
	Of(struct {
		N *int `yaml:"n" default:"three"`
	}{})
}

// pointwise shares Common but has no use for its swap.
type pointwise struct {
	Common `yaml:",inline"`
}

func (pointwise) NotApplicable() map[string]string {
	return map[string]string{"swap": "one answer, no order"}
}

// TestOfInapplicable: a shared key that does not apply is listed with why
// as its meaning.
func TestOfInapplicable(t *testing.T) {
	want := []Setting{
		{Name: "label", Type: "string", Default: "", Doc: "the name in tables"},
		{Name: "judge", Type: "string", Required: true, Doc: "the judge agent"},
		{Name: "swap", Type: "bool", Default: false, Doc: "does not apply: one answer, no order"},
	}
	if diff := cmp.Diff(want, Of(pointwise{})); diff != "" {
		t.Errorf("Of: -want +got:\n%s", diff)
	}
}

func strict(doc string) Decode {
	return func(v any) error {
		dec := yaml.NewDecoder(stringsReader(doc))
		dec.KnownFields(true)
		return dec.Decode(v)
	}
}

func TestFactory(t *testing.T) {
	e := Make("a fake", defaults, func(s fake) (*fake, error) { return &s, nil })
	got, err := e.New(strict("judge: j\nmodel: m\nwait: 2s\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Judge != "j" || got.Wait != 2*time.Second || !got.Swap || got.Untagged != 4 {
		t.Errorf("got %+v; want the decoded values over the defaults", got)
	}
	if _, err := e.New(strict("untagged: -1\n")); err == nil || err.Error() != "untagged: must not be negative" {
		t.Errorf("invalid settings: got %v; want Validate's error", err)
	}
	// A required setting its own Validate does not check: the factory
	// names it, inline ones by their own key.
	for doc, want := range map[string]string{"model: m\n": "judge: required", "judge: j\n": "model: required"} {
		if _, err := e.New(strict(doc)); err == nil || err.Error() != want {
			t.Errorf("New(%q): got %v; want %q", doc, err, want)
		}
	}
	if _, err := e.New(strict("nope: 1\n")); err == nil {
		t.Error("an unknown key: got no error")
	}
	ex, err := e.Example()
	if err != nil {
		t.Fatal(err)
	}
	if ex.Judge != "judge" || ex.Model != "model" {
		t.Errorf("Example built %+v; want each required setting named after itself", ex)
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

// TestFree lists the keys a settings struct marks resume:"free".
func TestFree(t *testing.T) {
	type s struct {
		Model   string `yaml:"model"`
		Timeout int    `yaml:"timeout" resume:"free"`
		Batch   struct {
			Poll int `yaml:"poll"`
		} `yaml:"batch" resume:"free"`
	}
	if got := Free(s{}); len(got) != 2 || got[0] != "timeout" || got[1] != "batch" {
		t.Errorf("Free = %v; want timeout and batch", got)
	}
	// A free setting of a block inlined in another is free too.
	type Shared struct {
		Retries int `yaml:"retries" resume:"free"`
	}
	type outer struct {
		Shared `yaml:",inline"`
		Model  string `yaml:"model"`
		Wait   int    `yaml:"wait" resume:"free"`
	}
	if got := Free(&outer{}); len(got) != 2 || got[0] != "retries" || got[1] != "wait" {
		t.Errorf("Free of an inlined block = %v; want retries and wait", got)
	}
}

func TestOneOf(t *testing.T) {
	for _, tt := range []struct {
		got     string
		allowed []string
		want    string
	}{
		{"best", []string{"random", "best"}, ""},
		{"worst", []string{"random", "best"}, `distractor: want random or best, got "worst"`},
		{"", []string{"a", "b", "c"}, `distractor: want a, b or c, got ""`},
		{"b", []string{"a"}, `distractor: want a, got "b"`},
	} {
		err := OneOf("distractor", tt.got, tt.allowed...)
		if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && got != tt.want {
			t.Errorf("OneOf(%q, %v) = %v; want %q", tt.got, tt.allowed, err, tt.want)
		}
	}
}
