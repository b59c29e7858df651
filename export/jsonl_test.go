package export

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// TestJSONLWholeFloatsKeepAPoint: a float column's whole values are
// written with a point (1.0, 0.0), in both tables, and in the CSV export
// too, where they were
// written 1 and 0, so that a reader inferring a column's type from its
// first rows (pandas, polars, DuckDB) read the column as integers and met
// a later 0.5 as an error or cut it. The messages table still decodes to
// the rows themselves, every column in its place.
func TestJSONLWholeFloatsKeepAPoint(t *testing.T) {
	path := writeRunWith(t, 6, func(ep *transcript.Episode) {
		ep.Verdict.Probability = 1
		for i := range ep.Messages {
			ep.Messages[i].CostUSD = 2
		}
		sc := 4.0
		ep.Messages[0].Score, ep.Messages[0].Candidate = &sc, 1
	})
	files := mustRun(t, path, JSONL, filepath.Join(t.TempDir(), "x.jsonl"), Options{})
	episodes, messages := string(mustReadFile(t, files[0])), string(mustReadFile(t, files[1]))
	for _, want := range []string{`"p_correct":1.0,`, `"list_cost_usd":14.0,`} {
		if !strings.Contains(episodes, want) {
			t.Errorf("the episodes table lacks %s:\n%.1200s", want, episodes)
		}
	}
	for _, want := range []string{`"cost_usd":2.0,`, `"seconds":0.0,`, `"score":4.0,`} {
		if !strings.Contains(messages, want) {
			t.Errorf("the messages table lacks %s:\n%.400s", want, messages)
		}
	}
	// The CSV tables alike: a reader sniffing a CSV column's type reads
	// it as a JSON reader does.
	csvFiles := mustRun(t, path, CSV, filepath.Join(t.TempDir(), "x.csv"), Options{})
	for i, want := range []string{",1.0,1.0,", ",2.0,2.0,"} {
		if got := string(mustReadFile(t, csvFiles[i])); !strings.Contains(got, want) {
			t.Errorf("%s lacks %s:\n%.600s", csvFiles[i], want, got)
		}
	}
	var want []MessageRow
	if err := transcript.Scan(path, func(ep *transcript.Episode) error {
		want = appendMessageRows(want, ep, nil)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var got []MessageRow
	f, err := os.Open(files[1])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r MessageRow
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("message row %d: %v", len(got)+1, err)
		}
		got = append(got, r)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the messages table, decoded (-rows +decoded):\n%s", diff)
	}
}

// TestJSONLNonFiniteIsNull: a value JSON cannot write, NaN or an
// infinity, is null in JSONL (docs/export.md), not a token that no JSON
// reader takes; a finite value is written as the tables write a float.
func TestJSONLNonFiniteIsNull(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"NaN", math.NaN(), "null"},
		{"+Inf", math.Inf(1), "null"},
		{"-Inf", math.Inf(-1), "null"},
		{"whole", 2.0, "2.0"},
		{"no value", nil, "null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendJSONValue(nil, tc.v)); got != tc.want {
				t.Errorf("got %s; want %s", got, tc.want)
			}
		})
	}
}
