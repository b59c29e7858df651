package transcript

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// TestReadQuestionTexts: the texts by task and id, without the context; a
// run without a store has none, and a store cut short (a killed run) gives
// the questions before the cut.
func TestReadQuestionTexts(t *testing.T) {
	dir := t.TempDir()
	if qs, err := ReadQuestionTexts(dir); err != nil || len(qs) != 0 {
		t.Fatalf("no store: %v, %v; want none, no error", qs, err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"task":"t","id":"q1","text":"Why?","exhibit":"x = 1","context":"hidden"}` + "\n" +
		`{"task":"u","id":"q1","text":"How?"}` + "\n"))
	zw.Close()
	whole := b.Bytes()
	if err := os.WriteFile(filepath.Join(dir, QuestionsFile), whole, 0o644); err != nil {
		t.Fatal(err)
	}
	qs, err := ReadQuestionTexts(dir)
	if err != nil || len(qs) != 2 {
		t.Fatalf("got %v, %v; want two questions", qs, err)
	}
	if q := qs[QuestionKey("t", "q1")]; q.Text != "Why?" || q.Exhibit != "x = 1" {
		t.Errorf("t/q1 = %+v; want its text and exhibit", q)
	}
	if q := qs[QuestionKey("u", "q1")]; q.Text != "How?" {
		t.Errorf("u/q1 = %+v; want the other task's question", q)
	}
	if err := os.WriteFile(filepath.Join(dir, QuestionsFile), whole[:len(whole)-12], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadQuestionTexts(dir); err != nil {
		t.Errorf("a store cut short: %v; want the questions before the cut, no error", err)
	}
}
