package humanjudge

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/gofrs/flock"

	"github.com/mootlab/moot/internal/atomicfile"
)

// StudyFile is the file of a study's folder that lists its annotators in
// the order they joined; each annotator's run is the folder of their name
// beside it.
const StudyFile = "study.json"

// ErrBadName is returned for an annotator name that cannot be a folder.
var ErrBadName = errors.New("humanjudge: an annotator's name is 1 to 40 letters, digits, '.', '_' or '-', not starting with '.'")

var validName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,39}$`)

// study is study.json.
type study struct {
	// Run is the run judged, as first named.
	Run        string   `json:"run"`
	Annotators []string `json:"annotators"`
}

// Join adds the annotator name to the study in dir (made if missing), a
// study of the run in runDir, and returns their slot: their place in the
// order annotators joined. An annotator who joined before keeps their
// slot. Annotators joining at once are told apart by a lock on the file.
func Join(dir, runDir, name string) (int, error) {
	if !validName.MatchString(name) {
		return 0, fmt.Errorf("%w: %q", ErrBadName, name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	l := flock.New(filepath.Join(dir, ".study.lock"))
	if err := l.Lock(); err != nil {
		return 0, fmt.Errorf("humanjudge: lock the study: %w", err)
	}
	defer l.Unlock()
	path := filepath.Join(dir, StudyFile)
	s := study{Run: runDir}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(data, &s); err != nil {
			return 0, fmt.Errorf("humanjudge: %s: %w", path, err)
		}
	case !errors.Is(err, os.ErrNotExist):
		return 0, err
	}
	if i := slices.Index(s.Annotators, name); i >= 0 {
		return i, nil
	}
	s.Annotators = append(s.Annotators, name)
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := atomicfile.WriteBytes(path, append(out, '\n')); err != nil {
		return 0, err
	}
	return len(s.Annotators) - 1, nil
}
