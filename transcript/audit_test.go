package transcript

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadFileRefusesAReferenceOrGradeOfNoAnswer: a reference's or a
// graded answer that names neither answer (nor -1) is a record that
// contradicts itself (docs/records.md), refused with the file and line;
// -1 and 0 or 1 are read.
func TestReadFileRefusesAReferenceOrGradeOfNoAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.jsonl")
	for _, tc := range []struct{ rec, bad string }{
		{`{"order":[0,1],"episode_id":"c","reference":{"source":"agent","answer":2}}`, "t.jsonl:1: not an episode record: inconsistent: reference.answer is 2"},
		{`{"order":[0,1],"episode_id":"c","graded":{"answer":-3}}`, "t.jsonl:1: not an episode record: inconsistent: graded.answer is -3"},
		{`{"order":[0,1],"episode_id":"c","reference":{"source":"agent","answer":-1},"graded":{"answer":1},"correct":true}`, ""},
		{`{"order":[0,1],"episode_id":"c","graded":{"answer":-1},"correct":true}`, ""},
		// -1 is no side for a seat and unparsed for an interim verdict.
		{`{"order":[0,1],"episode_id":"c","seats":[{"argues":-1},{"argues":1}],"interim":[{"answer":-1},{"answer":0}],"correct":true}`, ""},
	} {
		if err := os.WriteFile(path, []byte(tc.rec+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		eps, err := ReadFile(path)
		if tc.bad == "" {
			if err != nil || len(eps) != 1 {
				t.Errorf("%s: %d episodes, %v; want it read", tc.rec, len(eps), err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.bad) {
			t.Errorf("%s: %v; want %q", tc.rec, err, tc.bad)
		}
	}
}

// TestScanLogSaysWhereEachRecordStands: each record's line number, offset
// and length, its newline included, worked by hand from the lines' bytes
// (a blank line is not a record: ScanLog would call it one that is not,
// so the log here has none).
func TestScanLogSaysWhereEachRecordStands(t *testing.T) {
	a := `{"order":[0,1],"episode_id":"a","correct":true}` + "\n"  // 48 bytes
	b := `{"order":[1,0],"episode_id":"bb","correct":true}` + "\n" // 49 bytes
	var got []LogLine
	good, torn, err := ScanLog(strings.NewReader(a+b), "log.jsonl", func(_ *Episode, at LogLine) error {
		got = append(got, at)
		return nil
	})
	want := []LogLine{{N: 1, Off: 0, Len: 48}, {N: 2, Off: 48, Len: 49}}
	if err != nil || torn || good != 97 || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("ScanLog: %v, offset %d, torn %v, err %v; want %v, 97, false, nil", got, good, torn, err, want)
	}
}

// TestMiscounted: a log that holds as many records as the summary counts
// is no error; fewer says cut short, more says written to after.
func TestMiscounted(t *testing.T) {
	path := filepath.Join("run", FileName)
	if err := Miscounted(path, 4, 4); err != nil {
		t.Errorf("4 read, 4 counted: %v; want nil", err)
	}
	if err := Miscounted(path, 3, 4); err == nil || !strings.Contains(err.Error(), "holds 3 records where the run's summary counts 4 episodes") || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("3 read, 4 counted: %v; want cut short", err)
	}
	if err := Miscounted(path, 1, 0); err == nil || !strings.Contains(err.Error(), "holds 1 record where") || !strings.Contains(err.Error(), "written to after") {
		t.Errorf("1 read, 0 counted: %v; want written to after", err)
	}
}

// TestSupersededReadsEachRecordsOwnID: a record without an episode_id has
// the empty id, not the id of the record before it: no record here is
// replaced by a later one.
func TestSupersededReadsEachRecordsOwnID(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	data := `{"order":[0,1],"episode_id":"a","correct":true}` + "\n" + `{"order":[0,1]}` + "\n" + `{"order":[0,1],"episode_id":"b","correct":true}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if stale, err := Superseded(path); err != nil || stale != nil {
		t.Errorf("Superseded: %v, %v; want none", stale, err)
	}
}

// TestScanLogReturnsAReadError: a read that fails part way is that error,
// not a torn line nor a record error, with the offset past the records
// before it.
func TestScanLogReturnsAReadError(t *testing.T) {
	a := `{"order":[0,1],"episode_id":"a","correct":true}` + "\n"
	cause := errors.New("input/output error")
	r := io.MultiReader(strings.NewReader(a+`{"order":[0,1],"epi`), iotest.ErrReader(cause))
	good, torn, err := ScanLog(r, "log.jsonl", func(*Episode, LogLine) error { return nil })
	if !errors.Is(err, cause) || torn || good != int64(len(a)) {
		t.Errorf("ScanLog of a failing reader: offset %d, torn %v, %v; want %d, false, %v", good, torn, err, len(a), cause)
	}
}

// TestScanParallelStopsAtFnsError: fn's error stops the scan at once, on
// the workers' path as on Scan's: fn is called no more after it fails.
func TestScanParallelStopsAtFnsError(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var data strings.Builder
	for range 100 {
		data.WriteString(`{"order":[0,1],"episode_id":"a","correct":true}` + "\n")
	}
	if err := os.WriteFile(path, []byte(data.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	for _, workers := range []int{1, 3} {
		calls := 0
		err := ScanParallel(path, workers, func(*Episode) error {
			if calls++; calls == 5 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 5 {
			t.Errorf("workers %d: %v after %d calls; want %v after 5", workers, err, calls, stop)
		}
	}
}

// TestScanParallelOfAFolder: a read error (here, a folder read as a log)
// is an error on the workers' path too, not an empty log.
func TestScanParallelOfAFolder(t *testing.T) {
	for _, workers := range []int{1, 3} {
		if err := ScanParallel(t.TempDir(), workers, func(*Episode) error { return nil }); err == nil {
			t.Errorf("workers %d: a folder scanned as a log: no error", workers)
		}
	}
}

// TestDrawKeyTellsDrawsApartAtTheirEdges: the draws "ab" then "c" are not
// "a" then "bc"; a record with no message has no key, one of one drawn
// message has one.
func TestDrawKeyTellsDrawsApartAtTheirEdges(t *testing.T) {
	ep := Episode{EpisodeID: "e1", Protocol: "debate", Messages: []Message{{Name: "A", Draw: "ab"}, {Name: "B", Draw: "c"}}}
	other := ep
	other.Messages = []Message{{Name: "A", Draw: "a"}, {Name: "B", Draw: "bc"}}
	k1, ok1 := ep.DrawKey()
	k2, ok2 := other.DrawKey()
	if !ok1 || !ok2 || k1 == k2 {
		t.Errorf("draws ab, c and a, bc: keys %s (%v) and %s (%v); want two", k1, ok1, k2, ok2)
	}
	if k, ok := (&Episode{EpisodeID: "e2", Protocol: "debate"}).DrawKey(); ok {
		t.Errorf("a record with no message: key %s", k)
	}
	one := &Episode{EpisodeID: "e3", Protocol: "direct", Messages: []Message{{Name: "Judge", Draw: "d"}}}
	if _, ok := one.DrawKey(); !ok {
		t.Error("a record of one drawn message: no key")
	}
}
