package transcript

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.jsonl")
	whole := `{"episode_id":"a","verdict":{"answer":1,"parse":"answer-line"}}` + "\n" + `{"episode_id":"b","verdict":{"answer":-1,"parse":"unparsed"}}` + "\n"
	for _, tt := range []struct {
		name, data string
		want       int
		bad        string
	}{
		{"whole", whole, 2, ""},
		{"cut short", whole + `{"episode_id":"c","verd`, 2, ""},
		{"empty", "", 0, ""},
		{"garbage line", whole + "not json\n" + whole, 0, "t.jsonl:3: not an episode record"},
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
