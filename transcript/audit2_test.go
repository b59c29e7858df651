package transcript

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestQuestionAndUnitKeys: a key tells task and id apart at their edge;
// a question without a group is its own unit, and a group's unit is not
// that of a question whose id is the group's name.
func TestQuestionAndUnitKeys(t *testing.T) {
	if QuestionKey("a", "bc") == QuestionKey("ab", "c") {
		t.Error("QuestionKey(a, bc) = QuestionKey(ab, c)")
	}
	q := &Episode{Task: "t", QuestionID: "g"}
	if got := UnitKey(q); got != QuestionKey("t", "g") {
		t.Errorf("UnitKey of a question without a group = %q; want its QuestionKey", got)
	}
	g := &Episode{Task: "t", QuestionID: "q1", Group: "g"}
	g2 := &Episode{Task: "t", QuestionID: "q2", Group: "g"}
	if UnitKey(g) == UnitKey(q) || UnitKey(g) != UnitKey(g2) {
		t.Errorf("group g's unit %q, another of its questions' %q, question g's %q: want the group one unit, not question g's", UnitKey(g), UnitKey(g2), UnitKey(q))
	}
}

func gz(t *testing.T, streams ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, s := range streams {
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// scanWritten writes data to path and scans its lines (ScanGzipLines),
// each without its newline.
func scanWritten(t *testing.T, path string, data []byte) ([]string, error) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := ScanGzipLines(path, func(b []byte) error {
		got = append(got, strings.TrimSuffix(string(b), "\n"))
		return nil
	})
	return got, err
}

// TestScanGzipLines: streams appended are read in turn; a last line
// without its newline, or a stream cut short, is ErrCutShort after the
// whole lines; an empty file has none; line's error stops the scan,
// naming the file.
func TestScanGzipLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.jsonl.gz")
	two := gz(t, "a\nb\n", "c\n")
	for _, tc := range []struct {
		name  string
		data  []byte
		lines string
		cut   bool
	}{
		{"two streams", two, "a,b,c", false},
		{"empty", nil, "", false},
		{"last line cut", gz(t, "a\nb"), "a", true},
		// 5 bytes of the second stream's 8-byte trailer cut: its line is whole.
		{"trailer cut", two[:len(two)-5], "a,b,c", true},
		// The 10-byte header and 16 bits of deflate data: a fixed Huffman
		// block's 3-bit header and a literal of 8 bits leave no whole line.
		{"first stream cut", two[:12], "", true},
	} {
		got, err := scanWritten(t, path, tc.data)
		if strings.Join(got, ",") != tc.lines || errors.Is(err, ErrCutShort) != tc.cut || !tc.cut && err != nil {
			t.Errorf("%s: lines %q, %v; want %q, cut short %v", tc.name, got, err, tc.lines, tc.cut)
		}
	}
	if err := os.WriteFile(path, two, 0o644); err != nil {
		t.Fatal(err)
	}
	testDamagedGzip(t, path, two)
	stop := errors.New("bad line")
	calls := 0
	err := ScanGzipLines(path, func([]byte) error { calls++; return stop })
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), path) || calls != 1 {
		t.Errorf("line failing: %v after %d calls; want %v naming %s after 1", err, calls, stop, path)
	}
}

// testDamagedGzip: wrong bytes, not missing ones, are ErrDamaged after
// the whole lines before them, never ErrCutShort: a file that is not
// gzip, a checksum that does not match, a second stream's header that is
// not gzip's, data that does not inflate. Ten bytes or more are a
// header's whole; fewer after a stream are a header cut short.
func testDamagedGzip(t *testing.T, path string, two []byte) {
	t.Helper()
	first := gz(t, "a\nb\n")
	crc := append([]byte{}, first...)
	crc[len(crc)-8] ^= 0xff // the trailer's CRC-32, first byte
	// A deflate block whose 3-bit header says type 3, which is reserved.
	badBlock := append(append([]byte{}, first[:10]...), 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	for _, tc := range []struct {
		name  string
		data  []byte
		lines string
		cut   bool
	}{
		{"not gzip", []byte("a plain line of text\n"), "", false},
		{"checksum", crc, "a,b", false},
		{"ten zeros after a stream", append(append([]byte{}, first...), make([]byte, 10)...), "a,b", false},
		// A power loss may leave a file grown and zero-filled past what
		// reached the disk: a cut, not damage, after a stream or in one.
		{"a zero-filled tail after a stream", append(append([]byte{}, first...), make([]byte, 4096)...), "a,b", true},
		{"a zero-filled tail in a stream", append(append([]byte{}, two[:len(first)+12]...), make([]byte, 4096)...), "a,b", true},
		{"reserved block type", badBlock, "", false},
		{"four bytes after a stream", append(append([]byte{}, two...), 0, 0, 0, 0), "a,b,c", true},
	} {
		got, err := scanWritten(t, path, tc.data)
		damaged := errors.Is(err, ErrDamaged)
		if strings.Join(got, ",") != tc.lines || errors.Is(err, ErrCutShort) != tc.cut || damaged == tc.cut {
			t.Errorf("%s: lines %q, %v; want %q, cut short %v, damaged %v", tc.name, got, err, tc.lines, tc.cut, !tc.cut)
		}
		if damaged && !strings.Contains(err.Error(), "after "+strconv.Itoa(len(got))+" whole lines") {
			t.Errorf("%s: %v; want the count of lines read, %d", tc.name, err, len(got))
		}
	}
}

// TestCosts: the listed cost falls back on the paid one in an older
// record; a kept message was paid by the run it came from.
func TestCosts(t *testing.T) {
	if got := (&Message{CostUSD: 0.5}).ListedCost(); got != 0.5 {
		t.Errorf("ListedCost without list_cost_usd = %v; want 0.5", got)
	}
	if got := (&Message{ListCostUSD: 0.7}).ListedCost(); got != 0.7 {
		t.Errorf("ListedCost of a cached answer = %v; want 0.7", got)
	}
	if got := (&Message{CostUSD: 0.5, Kept: true}).PaidCost(); got != 0 {
		t.Errorf("PaidCost of a kept message = %v; want 0", got)
	}
	if got := (&Message{CostUSD: 0.5}).PaidCost(); got != 0.5 {
		t.Errorf("PaidCost = %v; want 0.5", got)
	}
}

// TestPlannedAssignment drops either suffix a seat's choice adds.
func TestPlannedAssignment(t *testing.T) {
	for name, want := range map[string]string{
		"correct-first/chose-correct":   "correct-first",
		"correct-first/chose-incorrect": "correct-first",
		"assigned-incorrect":            "assigned-incorrect",
	} {
		if got := PlannedAssignment(name); got != want {
			t.Errorf("PlannedAssignment(%q) = %q; want %q", name, got, want)
		}
	}
}

// TestVerdictMessage: the last judge's or grader's message that is no
// aside and was not kept; -1 where there is none.
func TestVerdictMessage(t *testing.T) {
	ep := &Episode{Messages: []Message{
		{Role: RoleJudge},
		{Role: RoleGrader},
		{Role: RoleJudge, Aside: true},
		{Role: RoleJudge, Kept: true},
		{Role: RoleDebater},
	}}
	if got := ep.VerdictMessage(); got != 1 {
		t.Errorf("VerdictMessage = %d; want 1, the grader's", got)
	}
	if got := (&Episode{Messages: []Message{{Role: RoleDebater}}}).VerdictMessage(); got != -1 {
		t.Errorf("VerdictMessage of no verdict = %d; want -1", got)
	}
}

// TestSettled: a moderator's verdict settles a finished episode, not a
// failed one's placeholder.
func TestSettled(t *testing.T) {
	if !(&Episode{Verdict: Verdict{Parse: ParsedModerator}}).Settled() {
		t.Error("a finished episode a moderator settled: not Settled")
	}
	if (&Episode{Verdict: Verdict{Parse: ParsedModerator}, Error: "judge failed"}).Settled() {
		t.Error("a failed episode: Settled")
	}
}

// TestDamagedLineIsDamage: wrong bytes that still inflate (here a stored
// block's, as a flipped bit of compressed data may inflate to other
// text) give a line its reader cannot decode, before the checksum that
// would say so is read: the scan is ErrDamaged after the whole lines
// before it, naming the file, as docs/records.md says of a damaged
// prompts.jsonl.gz, not the reader's error alone.
func TestDamagedLineIsDamage(t *testing.T) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.NoCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write([]byte("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	i := bytes.Index(data, []byte(`{"b"`))
	if i < 0 {
		t.Fatal("no stored line in the stream")
	}
	data[i+1] = '!' // {!b":2}: not JSON, and not the checksum's bytes
	path := filepath.Join(t.TempDir(), "p.jsonl.gz")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	err = ScanGzipLines(path, func(line []byte) error {
		var v map[string]int
		if err := json.Unmarshal(line, &v); err != nil {
			return err
		}
		got = append(got, strings.TrimSpace(string(line)))
		return nil
	})
	var syntax *json.SyntaxError
	if !errors.Is(err, ErrDamaged) || !errors.As(err, &syntax) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "after 1 whole lines") || len(got) != 1 {
		t.Errorf("a stored line damaged: lines %q, %v; want 1 line, then %v naming %s after 1 whole lines, and the line's own error", got, err, ErrDamaged, path)
	}
}

// TestLinesErrorBesideDamageAfterIt: where line fails (here as a merge's
// write to a full disk would) in a file whose checksum is wrong, both
// are said: the line's error is not lost to the damage.
func TestLinesErrorBesideDamageAfterIt(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	for i := range 100 {
		fmt.Fprintf(zw, "{\"i\":%d}\n", i)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	data[len(data)-8] ^= 0xff // the CRC-32 of the gzip trailer
	path := filepath.Join(t.TempDir(), "p.jsonl.gz")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	n := 0
	err := ScanGzipLines(path, func([]byte) error {
		if n++; n == 3 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) || !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "line 3: no space left") {
		t.Errorf("line 3 failing in a file damaged after it: %v; want both the damage and line 3's error", err)
	}
	// The file whole, the line's error alone.
	data[len(data)-8] ^= 0xff
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	n = 0
	err = ScanGzipLines(path, func([]byte) error {
		if n++; n == 3 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) || errors.Is(err, ErrDamaged) {
		t.Errorf("line 3 failing in a whole file: %v; want its error alone", err)
	}
}
