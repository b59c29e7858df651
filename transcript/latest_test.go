package transcript

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestScanLatest: of a log that holds an episode's failure and, later,
// its replay, Superseded names the failure's place among the records
// (blank lines not counted, a last line cut short left out) and
// ScanLatest hands on the rest; a log of one record an episode has none.
func TestScanLatest(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	log := `{"order":[0,1],"episode_id":"e1","error":"episode failed: HTTP 500"}` + "\n\n" +
		`{"order":[0,1],"episode_id":"e2","correct":true}` + "\n" +
		`{"order":[0,1],"episode_id":"e1","correct":true}` + "\n" +
		`{"order":[0,1],"episode_id":"e3","cor`
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	stale, err := Superseded(path)
	if err != nil || len(stale) != 1 || !stale[0] {
		t.Fatalf("Superseded = %v, %v; want the first record alone", stale, err)
	}
	var got []string
	err = ScanLatest(path, 1, true, func(ep *Episode) error {
		got = append(got, ep.EpisodeID)
		if ep.Error != "" {
			t.Errorf("%s: handed on its failure", ep.EpisodeID)
		}
		return nil
	})
	if err != nil || !slices.Equal(got, []string{"e2", "e1"}) {
		t.Errorf("ScanLatest: %q, %v; want e2 and e1's replay", got, err)
	}
	if err := os.WriteFile(path, []byte(`{"order":[0,1],"episode_id":"e1","correct":true}`+"\n"+`{"order":[0,1],"episode_id":"e2","correct":true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if stale, err := Superseded(path); err != nil || stale != nil {
		t.Errorf("Superseded of a log of one record an episode: %v, %v; want none", stale, err)
	}
	if err := os.WriteFile(path, []byte("{\"episode_id\":\"e1\"}\nnot a record\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Superseded(path); err == nil {
		t.Error("Superseded of a log with a line that is no record: no error")
	}
}

// TestScanLatestSaysAFieldOfTheWrongKind: a record of a run stopped early
// with a field of the wrong kind is named in words, by ScanLatest's pass
// over the ids as by its scan of the records.
func TestScanLatestSaysAFieldOfTheWrongKind(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	for _, tc := range []struct{ line, want string }{
		{`{"order":[0,1],"episode_id":7}`, FileName + ":2: not an episode record: episode_id: want a string, got a number"},
		{`{"order":[0,1],"episode_id":"e2","correct":"yes"}`, FileName + ":2: not an episode record: correct: want true or false, got a string"},
	} {
		if err := os.WriteFile(path, []byte(`{"order":[0,1],"episode_id":"e1","correct":true}`+"\n"+tc.line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := ScanLatest(path, 2, true, func(*Episode) error { return nil })
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("ScanLatest of a log with %s: %v; want it to end %q", tc.line, err, tc.want)
		}
	}
}
