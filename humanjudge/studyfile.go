package humanjudge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/transcript"
)

// readStudy decodes study.json, read from path, refusing what no moot
// writes there, with the line and the key: a key it does not know (a
// misspelt "rotaton"), an order, episodes or rotation of a value other
// than moot's, a value of the wrong type. Each of the first two was read
// as a study begun before moot wrote the key, whose annotators were given
// the old question order or assignments, told that an older moot began
// the study.
func readStudy(path string, data []byte) (study, error) {
	var s study
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] != '{' {
		// null (or a list) decodes without error into an empty study,
		// which the next join wrote back, of no run.
		return study{}, &inputerr.Error{File: path, Line: lineAt(data, int64(bytes.IndexByte(data, t[0]))), Err: errors.New("want the study's object")}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return study{}, studyError(path, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return study{}, &inputerr.Error{File: path, Line: lineAt(data, dec.InputOffset()), Err: errors.New("data after the study's object")}
	}
	for _, f := range []struct{ key, got, want string }{
		{"order", s.Order, orderSpread},
		{"episodes", s.Episodes, episodesAssignmentFirst},
		{"rotation", s.Rotation, rotationSeeded},
	} {
		// Absent (or empty), the key is of a study begun before it.
		if f.got != "" && f.got != f.want {
			return study{}, &inputerr.Error{File: path, Line: keyLine(data, f.key), Field: f.key,
				Err: fmt.Errorf("want %q, got %q (absent: a study begun before moot wrote it)", f.want, f.got)}
		}
	}
	if s.Run == "" {
		return study{}, &inputerr.Error{File: path, Line: keyLine(data, "run"), Field: "run", Err: errors.New("want the folder of the run judged, as moot writes it")}
	}
	for i, a := range s.Annotators {
		if j := slices.IndexFunc(s.Annotators[:i], func(b annotator) bool { return b.Name == a.Name }); j >= 0 {
			// The first would be taken, and the second's slot never.
			return study{}, &inputerr.Error{File: path, Line: nameLine(data, i), Field: fmt.Sprintf("annotators[%d].name", i),
				Err: fmt.Errorf("%q is annotators[%d]'s name too: an annotator joins a study once", a.Name, j)}
		}
	}
	if s.IdleMS != nil && (*s.IdleMS <= 0 || *s.IdleMS > maxIdleMS) {
		return study{}, &inputerr.Error{File: path, Line: keyLine(data, "idle_ms"), Field: "idle_ms",
			Err: fmt.Errorf("want more than 0 and at most %d (the page's idle threshold, in milliseconds), got %d", maxIdleMS, *s.IdleMS)}
	}
	return s, nil
}

// maxIdleMS is the longest idle threshold a study may keep: the most
// milliseconds a time.Duration holds.
const maxIdleMS = math.MaxInt64 / int64(time.Millisecond)

// unknownField is encoding/json's message of a key the struct lacks.
var unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// studyError is the input error of study.json's decoding error err.
func studyError(path string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch m := unknownField.FindStringSubmatch(err.Error()); {
	case errors.As(err, &syntax):
		return &inputerr.Error{File: path, Line: lineAt(data, syntax.Offset), Err: errors.New(strings.TrimPrefix(syntax.Error(), "json: "))}
	case errors.As(err, &typ):
		return &inputerr.Error{File: path, Line: lineAt(data, typ.Offset), Field: typ.Field, Err: transcript.JSONType(typ.Value, typ.Type)}
	case m != nil:
		return unknownKey(path, data, m[1])
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &inputerr.Error{File: path, Err: errors.New("cut short: not a whole JSON object")}
	}
	return &inputerr.Error{File: path, Err: err}
}

// unknownKey is the input error of key, which encoding/json names
// without saying where: a key of the study's object, or else of an
// annotator's (named annotators[i].key), with the keys known there.
func unknownKey(path string, data []byte, key string) error {
	unknown := func(line int, field string, known []string) error {
		return &inputerr.Error{File: path, Line: line, Field: field, Err: fmt.Errorf("unknown field (known: %s)", strings.Join(known, ", "))}
	}
	var top map[string]json.RawMessage
	var nested struct {
		Annotators []map[string]json.RawMessage `json:"annotators"`
	}
	known := jsonKeys(reflect.TypeFor[study]())
	if json.Unmarshal(data, &top) == nil && json.Unmarshal(data, &nested) == nil {
		if _, ok := top[key]; ok && !slices.Contains(known, key) {
			return unknown(keyLine(data, key), key, known)
		}
		// Not the study's: an annotator's, though the study knows it.
		for i, a := range nested.Annotators {
			if _, ok := a[key]; !ok {
				continue
			}
			// Its line below the annotators' key: a top-level key of
			// the same name ("run") comes before it.
			line, from := 0, max(bytes.Index(data, []byte(`"annotators"`)), 0)
			if j := keyLine(data[from:], key); j > 0 {
				line = lineAt(data, int64(from)) + j - 1
			}
			return unknown(line, fmt.Sprintf("annotators[%d].%s", i, key), jsonKeys(reflect.TypeFor[annotator]()))
		}
	}
	return unknown(keyLine(data, key), key, known)
}

// jsonKeys are the JSON keys of struct type t's fields, sorted.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	slices.Sort(keys)
	return keys
}

// lineAt is the line, from 1, of data's byte at offset.
func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// keyLine is the line of data where the key first appears, 0 if it does
// not.
func keyLine(data []byte, key string) int {
	quoted, _ := json.Marshal(key)
	i := bytes.Index(data, quoted)
	if i < 0 {
		return 0
	}
	return lineAt(data, int64(i))
}

// nameKey is the key "name" of an object, not a value that reads "name".
var nameKey = regexp.MustCompile(`"name"\s*:`)

// nameLine is the line of the i-th annotator's name, 0 if not found.
func nameLine(data []byte, i int) int {
	from := max(bytes.Index(data, []byte(`"annotators"`)), 0)
	if at := nameKey.FindAllIndex(data[from:], i+1); len(at) == i+1 {
		return lineAt(data, int64(from+at[i][0]))
	}
	return 0
}
