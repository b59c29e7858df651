package settings

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestFactoryRefusesAnUnknownKeyAmongGoodOnes: the decode's error is the
// factory's, even where every required setting is given.
func TestFactoryRefusesAnUnknownKeyAmongGoodOnes(t *testing.T) {
	e := Make("a fake", defaults, func(s fake) (*fake, error) { return &s, nil })
	if _, err := e.New(Decoder("judge: j\nmodel: m\nnope: 1\n")); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("an unknown key beside the required ones: %v; want an error naming it", err)
	}
}

// TestDecoder: strict (an unknown key is an error), and a block that holds
// nothing leaves the settings as they were.
func TestDecoder(t *testing.T) {
	s := defaults()
	if err := Decoder("")(&s); err != nil || s.Untagged != 4 || !s.Swap {
		t.Errorf("an empty block: %v, %+v; want no error and the defaults", err, s)
	}
	if err := Decoder("untagged: 5\n")(&s); err != nil || s.Untagged != 5 {
		t.Errorf("untagged: 5: %v, %d", err, s.Untagged)
	}
	if err := Decoder("nosuch: 1\n")(&s); err == nil {
		t.Error("an unknown key: no error")
	}
}

// TestMissingNamesTheFirst: of two required settings unset, the first in
// the struct's order.
func TestMissingNamesTheFirst(t *testing.T) {
	var s fake
	if got := Missing(&s); got != "judge" {
		t.Errorf("Missing = %q; want judge (before model)", got)
	}
}

// point is a struct setting that decodes itself from one YAML value.
type point struct{ X int }

func (p *point) UnmarshalYAML(n *yaml.Node) error { return n.Decode(&p.X) }

// TestOfNestedAndSelfDecoding: a struct within a nested struct is named
// by both keys (outer.inner.key); a struct that decodes itself is one key;
// a map's type names its values.
func TestOfNestedAndSelfDecoding(t *testing.T) {
	type s struct {
		Outer struct {
			Inner struct {
				Key int `yaml:"key"`
			} `yaml:"inner"`
		} `yaml:"outer"`
		At     point          `yaml:"at"`
		Prices map[string]int `yaml:"prices"`
	}
	got := Of(s{})
	var names, types []string
	for _, k := range got {
		names = append(names, k.Name)
		types = append(types, k.Type)
	}
	if strings.Join(names, " ") != "outer.inner.key at prices" {
		t.Errorf("keys %q; want outer.inner.key, at, prices", names)
	}
	if len(types) == 3 && types[2] != "map of int" {
		t.Errorf("a map's type: %q; want map of int", types[2])
	}
}

// TestScalarOrList: one value, a list, and a map (not ok).
func TestScalarOrList(t *testing.T) {
	for src, want := range map[string]string{"strong": "strong", "[strong, weak]": "strong,weak", "{a: 1}": "not ok"} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		list, ok, err := ScalarOrList(doc.Content[0])
		got := strings.Join(list, ",")
		if !ok {
			got = "not ok"
		}
		if err != nil || got != want {
			t.Errorf("ScalarOrList(%s) = %q, %v; want %q", src, got, err, want)
		}
	}
}

// TestOfSaysAKeyDoesNotApply: the reason a key does not apply is its
// meaning, after "does not apply: ".
func TestOfSaysAKeyDoesNotApply(t *testing.T) {
	for _, k := range Of(naFake{}) {
		if k.Name == "swap" && k.Doc != "does not apply: swapping is the protocol's" {
			t.Errorf("swap's meaning: %q", k.Doc)
		}
	}
}

type naFake struct {
	Common `yaml:",inline"`
}

func (naFake) NotApplicable() map[string]string {
	return map[string]string{"swap": "swapping is the protocol's"}
}

// TestFreeOfAnInlinedBlockOnly: a free key of an inlined block is listed;
// one of a block that is not inlined is not, but the block's own is.
func TestFreeOfAnInlinedBlockOnly(t *testing.T) {
	type Shared struct {
		Retries int `yaml:"retries" resume:"free"`
	}
	type outer struct {
		Shared Shared `yaml:"shared"`
		Wait   int    `yaml:"wait" resume:"free"`
	}
	if got := Free(outer{}); strings.Join(got, ",") != "wait" {
		t.Errorf("Free = %v; want wait alone", got)
	}
}

// TestFreeOfAFieldWithoutAYAMLName: a free field whose yaml tag names no
// key is listed by the key it decodes from, its name in lower case, as Of
// lists it.
func TestFreeOfAFieldWithoutAYAMLName(t *testing.T) {
	type s struct {
		Model   string `yaml:"model"`
		Timeout int    `resume:"free"`
		Poll    int    `yaml:",omitempty" resume:"free"`
	}
	if got := Free(s{}); strings.Join(got, ",") != "timeout,poll" {
		t.Errorf("Free = %q; want timeout and poll, the keys Of lists: %v", got, Of(s{}))
	}
}

// TestScalarOrListErrors: a scalar that does not decode as a string, or a
// list that holds a map, is an error, not a value.
func TestScalarOrListErrors(t *testing.T) {
	for _, src := range []string{"!!int abc", "[a, {b: 1}]"} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if list, _, err := ScalarOrList(doc.Content[0]); err == nil {
			t.Errorf("ScalarOrList(%s) = %q; want an error", src, list)
		}
	}
}

// TestOfTypesAndRequiredTags: a float32 is a number, a uint16 an int and
// an array a list; a required setting has no default, even beside a
// default tag; an inline block is followed whatever options come with it;
// a pointer to a pointer to the struct is read as the struct.
func TestOfTypesAndRequiredTags(t *testing.T) {
	type s struct {
		Common `yaml:",inline,omitempty"`
		Rate   float32 `yaml:"rate"`
		Pair   [2]int  `yaml:"pair"`
		Port   uint16  `yaml:"port"`
		Seats  *int    `yaml:"seats" required:"true" default:"2"`
	}
	v := &s{}
	got := Of(&v)
	var names []string
	for _, k := range got {
		names = append(names, k.Name+":"+k.Type)
	}
	if want := "label:string judge:string swap:bool rate:number pair:list of int port:int seats:int"; strings.Join(names, " ") != want {
		t.Errorf("Of: %q; want %s", names, want)
	}
	if len(got) == 7 && (got[6].Default != nil || !got[6].Required) {
		t.Errorf("a required setting with a default tag: %+v; want required, no default", got[6])
	}
}

// TestFreeSkipsWhatIsNoKey: an unexported field, a yaml:"-" one and an
// inlined map are no free keys, whatever their tags; a pointer to a
// pointer to the struct is read as the struct; what is no struct has none.
func TestFreeSkipsWhatIsNoKey(t *testing.T) {
	type s struct {
		hidden int            `resume:"free"`
		Skip   int            `yaml:"-" resume:"free"`
		Rest   map[string]any `yaml:",inline"`
		Wait   int            `yaml:"wait" resume:"free"`
	}
	v := &s{hidden: 1}
	if got := Free(&v); strings.Join(got, ",") != "wait" {
		t.Errorf("Free = %v; want wait alone", got)
	}
	if got := Free(3); got != nil {
		t.Errorf("Free(3) = %v; want none", got)
	}
}

// TestRegistry: an entry is named by the name it is registered under and
// found by it; an unknown name is the registry's unknown error.
func TestRegistry(t *testing.T) {
	unknown := errors.New("unknown fake")
	r := NewRegistry[*fake]("fake", unknown)
	r.Register("b", Make("b's", defaults, func(s fake) (*fake, error) { return &s, nil }))
	r.Register("a", Make("a's", defaults, func(s fake) (*fake, error) { return nil, errors.New("a") }))
	if got := r.Names(); strings.Join(got, ",") != "a,b" {
		t.Errorf("Names = %v; want a, b", got)
	}
	for i, e := range r.Entries() {
		if want := []string{"a", "b"}[i]; e.Name != want || e.Doc != want+"'s" {
			t.Errorf("entry %d: %q, %q; want %s, %s's", i, e.Name, e.Doc, want, want)
		}
	}
	f, err := r.Lookup("b")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f(Decoder("judge: j\nmodel: m\n")); err != nil || got.Judge != "j" {
		t.Errorf("b's factory: %+v, %v", got, err)
	}
	if _, err := r.Lookup("c"); !errors.Is(err, unknown) {
		t.Errorf("Lookup(c): %v; want the unknown error", err)
	}
}
