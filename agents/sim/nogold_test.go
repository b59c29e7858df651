package sim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// goldWords are the names a field carrying the gold label would have.
var goldWords = []string{"correct", "gold", "label", "truth"}

// goldFields walks t and every type reachable from its fields (through
// pointers, slices, arrays and maps) and returns the paths of the fields
// whose name or JSON key names the gold label.
func goldFields(t reflect.Type) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem(), path+"[]")
			return
		case reflect.Map:
			walk(t.Key(), path+"{key}")
			walk(t.Elem(), path+"{}")
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			p := path + "." + f.Name
			names := []string{strings.ToLower(f.Name)}
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" {
				names = append(names, strings.ToLower(tag))
			}
			for _, n := range names {
				for _, w := range goldWords {
					if strings.Contains(n, w) {
						out = append(out, p)
					}
				}
			}
			walk(f.Type, p)
		}
	}
	walk(t, t.Name())
	return out
}

// TestNoGoldLabel: the sim agents never see tasks.Question.Correct because
// nothing they receive can carry it. Adding such a field to a request type
// must fail here.
func TestNoGoldLabel(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[agents.Request](),
		reflect.TypeFor[transcript.View](),
		reflect.TypeFor[transcript.Turn](),
	} {
		t.Run(typ.Name(), func(t *testing.T) {
			if got := goldFields(typ); len(got) != 0 {
				t.Errorf("fields naming the gold label: %q; want none", got)
			}
		})
	}
}

// TestGoldFieldsFindsNested checks the walker itself, so that
// TestNoGoldLabel cannot pass by looking nowhere.
func TestGoldFieldsFindsNested(t *testing.T) {
	type claim struct {
		Text    string
		Correct bool
	}
	type view struct {
		Evidence []claim
		ByID     map[string]*struct {
			Answer int `json:"gold_answer"`
		}
	}
	type request struct {
		View  view
		Self  *request
		Label [2]string
	}
	got := goldFields(reflect.TypeFor[request]())
	want := []string{"request.View.Evidence[].Correct", "request.View.ByID{}[].Answer", "request.Label"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("goldFields = %q; want %q", got, want)
	}
}
