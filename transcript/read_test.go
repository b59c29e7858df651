package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.jsonl")
	whole := `{"order":[0,1],"episode_id":"a","verdict":{"answer":1,"parse":"answer-line"}}` + "\n" + `{"order":[0,1],"episode_id":"b","verdict":{"answer":-1,"parse":"unparsed"}}` + "\n"
	for _, tt := range []struct {
		name, data string
		want       int
		bad        string
	}{
		{"whole", whole, 2, ""},
		{"cut short", whole + `{"order":[0,1],"episode_id":"c","verd`, 2, ""},
		{"empty", "", 0, ""},
		{"blank lines skipped", "\n" + whole + "  \n\n" + whole, 4, ""},
		{"garbage line", whole + "not json\n" + whole, 0, "t.jsonl:3: not an episode record"},
		// A value of the wrong kind is said in words, not in Go's types
		// ("cannot unmarshal string into Go struct field Episode.correct
		// of type bool", a researcher's trial read).
		{"a field of the wrong kind", whole + `{"order":[0,1],"episode_id":"c","correct":"yes"}` + "\n" + whole, 0, "t.jsonl:3: not an episode record: correct: want true or false, got a string"},
		{"a nested field of the wrong kind", `{"order":[0,1],"episode_id":"c","verdict":{"answer":1.5}}` + "\n", 0, "t.jsonl:1: not an episode record: verdict.answer: want a whole number, got the number 1.5"},
		{"a list, not a record", whole + "[1]\n", 0, "t.jsonl:3: not an episode record: want an object, got a list"},
		// Records that decode but name no answer, or say a verdict of
		// the wrong answer was correct or one of the right answer not
		// (an edited file), are refused
		// where the statistics would read them.
		{"correct answer out of range", whole + `{"order":[0,1],"episode_id":"c","correct_answer":5}` + "\n", 0, "t.jsonl:3: not an episode record: inconsistent: correct_answer is 5"},
		{"verdict out of range", `{"order":[0,1],"episode_id":"c","verdict":{"answer":2}}` + "\n", 0, "t.jsonl:1: not an episode record: inconsistent: verdict.answer is 2"},
		{"interim out of range", `{"order":[0,1],"episode_id":"c","interim":[{"answer":0},{"answer":-2}]}` + "\n", 0, "interim[1].answer is -2"},
		{"order out of range", `{"episode_id":"c","order":[5,1]}` + "\n", 0, "t.jsonl:1: not an episode record: inconsistent: order is [5 1], not [0,1] or [1,0]"},
		{"order shows one answer twice", `{"episode_id":"c","order":[1,1]}` + "\n", 0, "order is [1 1], not [0,1] or [1,0]"},
		{"seat out of range", `{"order":[0,1],"episode_id":"c","seats":[{"argues":3}]}` + "\n", 0, "seats[0].argues is 3"},
		{"correct contradicts verdict", `{"order":[0,1],"episode_id":"c","correct_answer":1,"verdict":{"answer":0},"correct":true}` + "\n", 0, "correct is true, but the verdict chose answer 0 and the correct one is 1"},
		{"incorrect contradicts verdict", `{"order":[1,0],"episode_id":"c","correct_answer":1,"verdict":{"answer":1,"parse":"answer-line"}}` + "\n", 0, "correct is false, but the verdict chose answer 1, the correct one"},
		// A failed episode is not correct, whatever its verdict holds.
		{"a failure's verdict", `{"order":[0,1],"episode_id":"c","correct_answer":1,"verdict":{"answer":1},"error":"HTTP 500"}` + "\n", 1, ""},
		{"last whole line inconsistent", whole + `{"order":[0,1],"episode_id":"c","correct_answer":-1}`, 2, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			os.WriteFile(path, []byte(tt.data), 0o644)
			eps, err := ReadFile(path)
			if tt.bad != "" {
				if err == nil || !strings.Contains(err.Error(), tt.bad) {
					t.Fatalf("err = %v; want %q", err, tt.bad)
				}
				return
			}
			if err != nil || len(eps) != tt.want {
				t.Fatalf("got %d episodes, %v; want %d", len(eps), err, tt.want)
			}
		})
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file: no error")
	}
}

// TestScanStopsAtACorruptLine: Scan hands over the episodes before a bad
// line, then stops with an error naming the file and line; a directory is
// a read error, not an empty log.
func TestScanStopsAtACorruptLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.jsonl")
	data := `{"order":[0,1],"episode_id":"a","correct":true}` + "\n" + `{"order":[0,1],"episode_id":"b","correct":true}` + "\n" + `{"order":[0,1],"episode_id":` + "\n" + `{"order":[0,1],"episode_id":"c","correct":true}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen []string
	err := Scan(path, func(ep *Episode) error { seen = append(seen, ep.EpisodeID); return nil })
	if err == nil || !strings.Contains(err.Error(), "t.jsonl:3: not an episode record") {
		t.Errorf("err = %v; want t.jsonl:3: not an episode record", err)
	}
	if strings.Join(seen, ",") != "a,b" {
		t.Errorf("Scan handed over %v; want [a b]", seen)
	}
	if err := Scan(dir, func(*Episode) error { return nil }); err == nil {
		t.Error("Scan of a directory: no error")
	}
	// fn's error stops the scan and is returned as it is.
	stop := errors.New("enough")
	calls := 0
	if err := Scan(path, func(*Episode) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("Scan with fn failing: err = %v after %d calls; want %v after 1", err, calls, stop)
	}
}

// TestScanLog: the offset past the last whole record, and a torn last
// line told apart from a bad line in the middle.
func TestScanLog(t *testing.T) {
	a, b := `{"order":[0,1],"episode_id":"a","correct":true}`+"\n", `{"order":[0,1],"episode_id":"b","correct":true}`+"\n"
	for _, tc := range []struct {
		name, log string
		ids       string
		good      int
		torn      bool
		err       string
	}{
		{"whole", a + b, "ab", len(a + b), false, ""},
		{"no newline", a + `{"order":[0,1],"episode_id":"b","correct":true}`, "a", len(a), true, ""},
		{"cut record", a + `{"episo` + "\n", "a", len(a), true, ""},
		{"bad line inside", a + "not json\n" + b, "a", len(a), false, "log.jsonl:2: not an episode record"},
		// A whole last record that contradicts itself was edited, not
		// cut short by a kill: an error, not torn.
		{"inconsistent last record", a + `{"order":[0,1],"episode_id":"b","correct_answer":7}` + "\n", "a", len(a), false, "log.jsonl:2: not an episode record: inconsistent: correct_answer is 7"},
	} {
		var ids strings.Builder
		good, torn, err := ScanLog(strings.NewReader(tc.log), "log.jsonl", func(ep *Episode, _ LogLine) error {
			ids.WriteString(ep.EpisodeID)
			return nil
		})
		if (err != nil) != (tc.err != "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: error %v; want %q", tc.name, err, tc.err)
		}
		if ids.String() != tc.ids || good != int64(tc.good) || torn != tc.torn {
			t.Errorf("%s: records %q, offset %d, torn %v; want %q, %d, %v", tc.name, ids.String(), good, torn, tc.ids, tc.good, tc.torn)
		}
	}
}
