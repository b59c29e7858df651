package loaders_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
)

// TestArraySyntaxErrorLine: a syntax error deep in a JSON array is said
// at its own line. The decoder's offset of such an error counts the bytes
// of the elements alone, not the opening bracket or the commas between
// them, so an error in the 300th record was said lines above it, farther
// the later it stood (FinQA's release is one array of thousands); and a
// character after the closing bracket was said at the last record's line,
// as the Latin-1 letter of its first byte.
func TestArraySyntaxErrorLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range 300 {
		fmt.Fprintf(&b, "{\"id\":\"f%d\",\"question\":\"q?\",\"answer\":\"1\",\"context\":\"c\"},\n", i)
	}
	good := b.String()
	for _, c := range []struct{ data, want string }{
		// Line 302: the key after "q?" without a comma.
		{good + "{\"id\":\"g\",\"question\":\"q?\" \"answer\":\"1\",\"context\":\"c\"}\n]\n", `:302: malformed JSON: invalid character '"' after object key:value pair`},
		// A no-break space before a record, on line 302.
		{good + "\u00a0{\"id\":\"g\",\"question\":\"q?\",\"answer\":\"1\",\"context\":\"c\"}\n]\n", `:302: malformed JSON: invalid character U+00A0 looking for beginning of value`},
		// A byte-order mark on line 304, after the array (two files joined).
		{good + "{\"id\":\"g\",\"question\":\"q?\",\"answer\":\"1\",\"context\":\"c\"}\n]\n\ufeff[]\n", `:304: malformed JSON: more after the closing ']': U+FEFF, a byte-order mark past the file's start (two files joined?)`},
		// The closing bracket left out: said at the last record's line.
		{good + "{\"id\":\"g\",\"question\":\"q?\",\"answer\":\"1\",\"context\":\"c\"}\n", `:302: malformed JSON: the file ends before the array's closing ']'`},
	} {
		path := filepath.Join(t.TempDir(), "data.json")
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := newLoader(t, "finqa", "").Load(path, tasks.LoadOptions{Task: "t"})
		if err == nil || err.Error() != path+c.want {
			t.Errorf("got %v; want %s", err, path+c.want)
		}
	}
}
