// Package settings describes and builds the settings blocks of moot's
// plug-ins (protocols, agent backends, task generators and loaders): one
// factory that fills defaults, decodes strictly and validates, and one
// reader that lists a block's keys, types, defaults and meanings from the
// settings struct itself.
package settings

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Setting is one key of a settings block.
type Setting struct {
	Name string `json:"name"` // as written in YAML; a nested key is parent.child
	Type string `json:"type"`
	// Default is the value the factory pre-fills: nil for a required
	// setting and for an unset optional one, a string for a duration.
	Default  any    `json:"default"`
	Required bool   `json:"required"`
	Doc      string `json:"doc,omitempty"`
}

// Validator is a settings struct that checks its own values. Validate
// returns an error of the form "field: problem".
type Validator interface {
	Validate() error
}

// Typer is a setting's type that names itself, as a person writing YAML
// sees it ("agent or list of agents").
type Typer interface {
	SettingType() string
}

// Inapplicable is a settings struct some of whose keys, shared with other
// plug-ins (an inlined common block), do not apply to it: NotApplicable
// maps each such key to why, and Of lists the key with that reason as its
// meaning. Its Validate should refuse a value other than the default.
type Inapplicable interface {
	NotApplicable() map[string]string
}

// Decode is what a registry's factory is handed: it fills a settings
// struct strictly (unknown keys are errors).
type Decode = func(settings any) error

// Entry is what a registry holds for one plug-in: what it is, its
// settings, and its factory.
type Entry[T any] struct {
	Name     string // set by the registry
	Doc      string // a sentence or two; may be empty
	Settings []Setting
	// Free are the settings a run may resume, or merge, with changed
	// (Free of the defaults): they change how answers are got, not which.
	Free []string
	New  func(decode Decode) (T, error)
}

// Make returns the entry of a plug-in whose settings block is decoded over
// defaults() and built by build. Its Settings are read from defaults().
func Make[S, T any](doc string, defaults func() S, build func(S) (T, error)) Entry[T] {
	return Entry[T]{Doc: doc, Settings: Of(defaults()), Free: Free(defaults()), New: Factory(defaults, build)}
}

// Factory returns the factory that decodes a settings block over
// defaults(), so that absent keys keep their default values, validates it
// if *S is a Validator, refuses it if a required setting is still unset,
// and hands it to build.
func Factory[S, T any](defaults func() S, build func(S) (T, error)) func(decode Decode) (T, error) {
	return func(decode Decode) (T, error) {
		var zero T
		s := defaults()
		if err := decode(&s); err != nil {
			return zero, err
		}
		if v, ok := any(&s).(Validator); ok {
			if err := v.Validate(); err != nil {
				return zero, err
			}
		}
		if name := Missing(&s); name != "" {
			return zero, fmt.Errorf("%s: required", name)
		}
		return build(s)
	}
}

// Example builds e with every required setting given its own name as its
// value (judge: judge), and the defaults for the rest: the plug-in as the
// docs draw it.
func (e Entry[T]) Example() (T, error) {
	m := map[string]string{}
	for _, s := range e.Settings {
		if s.Required {
			m[s.Name] = s.Name
		}
	}
	return e.New(func(v any) error {
		doc, err := yaml.Marshal(m)
		if err != nil {
			return err
		}
		return yaml.Unmarshal(doc, v)
	})
}

var (
	durationType    = reflect.TypeFor[time.Duration]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
)

// Of lists the YAML keys of the settings struct v (or a pointer to one),
// with v's values as their defaults. It follows ,inline fields into their
// struct and names the fields of other nested structs prefix.field, as
// yaml decodes them. A field's meaning is its doc tag; a field tagged
// required:"true" has no default. A field that stays unset until given (a
// pointer, so that the plug-in can tell a given value from none) may name
// the value it then stands for in a default tag, written as in YAML:
// default:"3". A key that does not apply to v (Inapplicable) says why as
// its meaning.
func Of(v any) []Setting {
	var out []Setting
	var na map[string]string
	if i, ok := v.(Inapplicable); ok {
		na = i.NotApplicable()
	}
	eachKey(v, func(name string, f reflect.StructField, fv reflect.Value) {
		s := Setting{Name: name, Type: typeName(f.Type), Doc: f.Tag.Get("doc")}
		if why, ok := na[name]; ok {
			s.Doc = "does not apply: " + why
		}
		if f.Tag.Get("required") == "true" {
			s.Required = true
		} else {
			s.Default = defaultOf(fv)
		}
		if tag := f.Tag.Get("default"); tag != "" && s.Default == nil && !s.Required {
			s.Default = tagDefault(name, f.Type, tag)
		}
		out = append(out, s)
	})
	return out
}

// Missing names the first setting of v tagged required:"true" that has
// its zero value, or "" if none has: the factory's check for what a
// plug-in's own Validate left unchecked.
func Missing(v any) string {
	missing := ""
	eachKey(v, func(name string, f reflect.StructField, fv reflect.Value) {
		if missing == "" && f.Tag.Get("required") == "true" && fv.IsZero() {
			missing = name
		}
	})
	return missing
}

// eachKey calls fn with each YAML key of the settings struct v (or a
// pointer to one), in the order of the struct's fields, as Of lists them.
func eachKey(v any, fn func(name string, f reflect.StructField, fv reflect.Value)) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		walkKeys(rv, "", fn)
	}
}

func walkKeys(v reflect.Value, prefix string, fn func(name string, f reflect.StructField, fv reflect.Value)) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		fv := v.Field(i)
		if slices.Contains(strings.Split(opts, ","), "inline") {
			walkKeys(fv, prefix, fn)
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if f.Type.Kind() == reflect.Struct && !reflect.PointerTo(f.Type).Implements(unmarshalerType) {
			walkKeys(fv, prefix+name+".", fn)
			continue
		}
		fn(prefix+name, f, fv)
	}
}

// typeName names a setting's type as a person writing YAML sees it.
func typeName(t reflect.Type) string {
	if t == durationType {
		return "duration"
	}
	if n, ok := reflect.Zero(t).Interface().(Typer); ok {
		return n.SettingType()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Bool:
		return "bool"
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list of " + typeName(t.Elem())
	case reflect.Map:
		return "map of " + typeName(t.Elem())
	}
	return t.String()
}

// tagDefault is the value of a default tag, decoded as the field's type;
// it panics, at registration, on a tag that does not decode.
func tagDefault(name string, t reflect.Type, tag string) any {
	v := reflect.New(t)
	if err := yaml.Unmarshal([]byte(tag), v.Interface()); err != nil {
		panic(fmt.Sprintf("settings: %s: default tag %q: %v", name, tag, err))
	}
	return defaultOf(v.Elem())
}

func defaultOf(v reflect.Value) any {
	switch {
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return defaultOf(v.Elem())
	case v.Type() == durationType:
		return time.Duration(v.Int()).String()
	case v.Kind() == reflect.Slice && v.IsNil():
		return nil
	}
	return v.Interface()
}

// ScalarOrList reads a setting written as one value ("strong") or a list
// of them ([strong, weak]). ok is false for any other node (a map), which
// the caller names in its own words.
func ScalarOrList(n *yaml.Node) (list []string, ok bool, err error) {
	switch n.Kind {
	case yaml.ScalarNode:
		var s string
		err = n.Decode(&s)
		return []string{s}, true, err
	case yaml.SequenceNode:
		err = n.Decode(&list)
		return list, true, err
	}
	return nil, false, nil
}

// Free lists the YAML keys of the settings struct v (or a pointer to one)
// whose fields are tagged resume:"free": settings that change how answers
// are got (a timeout, a concurrency, batch mode), not which, so that a run
// may resume, or its shards merge, with other values.
func Free(v any) []string {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil
	}
	return freeKeys(rv.Type())
}

// freeKeys is Free of the struct type t, following ,inline fields into
// their struct as walkKeys does; a free field that is itself a struct is
// free as a whole, under its own key.
func freeKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case !f.IsExported() || name == "-":
		case slices.Contains(strings.Split(opts, ","), "inline") && f.Type.Kind() == reflect.Struct:
			out = append(out, freeKeys(f.Type)...)
		case f.Tag.Get("resume") == "free":
			if name == "" {
				name = strings.ToLower(f.Name) // as walkKeys names it
			}
			out = append(out, name)
		}
	}
	return out
}

// OneOf reports nil if got is one of allowed, else the error that names the
// field, what it takes and what it got: `distractor: want random or best,
// got "worst"`.
func OneOf(field, got string, allowed ...string) error {
	if slices.Contains(allowed, got) {
		return nil
	}
	want := allowed[len(allowed)-1]
	if len(allowed) > 1 {
		want = strings.Join(allowed[:len(allowed)-1], ", ") + " or " + want
	}
	return fmt.Errorf("%s: want %s, got %q", field, want, got)
}

// Decoder returns a decode function like the experiment loader's, for a
// plug-in's tests: it decodes src, a YAML settings block, strictly (a key
// the settings do not have is an error, not a default kept), and leaves
// the settings alone when src holds nothing.
func Decoder(src string) func(any) error {
	return func(v any) error {
		dec := yaml.NewDecoder(strings.NewReader(src))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		return nil
	}
}
