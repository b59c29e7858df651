package analysis

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenSummary covers what the tables must show: bootstrap and Wilson
// cells, breakdowns, unparsed and failed episodes, and a cell whose
// episodes all failed.
func goldenSummary() Summary {
	eps := syntheticEpisodes(30, 1)
	eps = append(eps,
		episode("naive", "direct", "quality", "strong-judge", "q0000", "", 0, ""),
		episode("naive", "direct", "quality", "strong-judge", "q0000", "", 0, ""),
		episode("debate", "debate", "gsm8k", "weak-judge", "q0000", "correct-first", 0, "agents: judge: 500 Internal Server Error"),
		episode("debate", "debate", "gsm8k", "weak-judge", "q0001", "correct-second", 1, "agents: judge: 500 Internal Server Error"),
	)
	return Summarize("golden", 20240601, eps)
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./analysis/ -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

func TestGolden(t *testing.T) {
	s := goldenSummary()
	tests := []struct {
		file  string
		write func(io.Writer, Summary) error
	}{
		{"summary.txt", WriteText},
		{"summary.md", WriteMarkdown},
		{"summary.csv", WriteCSV},
		{"summary.json", func(w io.Writer, s Summary) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, s); err != nil {
				t.Fatalf("got error %v; want nil", err)
			}
			checkGolden(t, tt.file, buf.Bytes())
		})
	}
}

func TestTextNotes(t *testing.T) {
	s := Summary{Cells: []Cell{{
		Protocol: "consultancy", Task: "quality", Judge: "j", N: 100, Questions: 50, Correct: 65,
		Unparsed: 3, Failed: 2, Accuracy: 0.65, CILow: 0.5512, CIHigh: 0.7399, CIMethod: MethodBootstrap,
		Breakdown: []Part{
			{Assignment: "assigned-correct", N: 50, Correct: 46, Accuracy: 0.912},
			{Assignment: "assigned-incorrect", N: 50, Correct: 19, Accuracy: 0.38},
		},
	}}}
	var buf bytes.Buffer
	if err := WriteText(&buf, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| Protocol ", // header not upper-cased
		"65.0%",
		"[55.1, 74.0]",
		"assigned-correct 91.2% · assigned-incorrect 38.0% · unparsed 3 · failed 2",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("text table:\n%s\nwant it to contain %q", buf.String(), want)
		}
	}
}

func TestMarkdownEscapesPipes(t *testing.T) {
	s := Summarize("e", 1, []transcript.Episode{episode("a|b", "debate", "t", "j", "q", "", 0, "")})
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `a\|b`) {
		t.Errorf("markdown:\n%s\nwant the label escaped as %q", buf.String(), `a\|b`)
	}
}

func TestMethodNote(t *testing.T) {
	boot := Cell{N: 10, CIMethod: MethodBootstrap}
	wilson := Cell{N: 10, CIMethod: MethodWilson}
	empty := Cell{N: 0, CIMethod: MethodWilson}
	split := Cell{N: 10, CIMethod: MethodBootstrap, Breakdown: []Part{{}, {}}}
	tests := []struct {
		name  string
		cells []Cell
		want  string
	}{
		{"bootstrap", []Cell{boot}, "CI: 95%, bootstrap over questions (2000 resamples)."},
		{"breakdowns", []Cell{boot, split}, "CI: 95%, bootstrap over questions (2000 resamples); breakdowns: Wilson."},
		{"wilson", []Cell{wilson}, "CI: 95%, Wilson score."},
		{"mixed", []Cell{boot, wilson}, "CI: 95%, bootstrap over questions (2000 resamples), Wilson score where noted."},
		{"empty cell shows no interval", []Cell{boot, empty}, "CI: 95%, bootstrap over questions (2000 resamples)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MethodNote(Summary{Cells: tt.cells}); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
