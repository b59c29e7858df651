package transcript

import (
	"fmt"
	"reflect"
	"strings"
)

// JSONType is the problem of a JSON value of the wrong kind for its field,
// in words, from what a JSON decoder's UnmarshalTypeError says of it:
// value its Value ("string", "number 1.5", "object") and t its Type.
// encoding/json says "cannot unmarshal string into Go struct field
// Episode.correct of type bool"; this says "want true or false, got a
// string". It takes the two fields, not the error, since encoding/json's
// error and go-json-experiment's are two types.
func JSONType(value string, t reflect.Type) error {
	return fmt.Errorf("want %s, got %s", jsonWant(t), jsonGot(value))
}

// jsonWant says what a field of Go type t takes, as JSON.
func jsonWant(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, not negative"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Array:
		return fmt.Sprintf("a list of %d", t.Len())
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another kind of value"
}

// jsonGot says what a decoder's Value names: a kind ("string"), or a
// number with its text ("number 1.5", one that does not fit).
func jsonGot(value string) string {
	if n, ok := strings.CutPrefix(value, "number "); ok {
		return "the number " + n
	}
	switch value {
	case "string", "number":
		return "a " + value
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "":
		return "another kind of value"
	}
	return value
}
