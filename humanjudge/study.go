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
	Run        string      `json:"run"`
	Annotators []annotator `json:"annotators"`
}

// annotator is one annotator of a study, in the order they joined.
type annotator struct {
	Name string `json:"name"`
	Slot int    `json:"slot"`
}

// ErrSlot is returned when an annotator asks for another slot than the
// one they joined with.
var ErrSlot = errors.New("humanjudge: the annotator joined the study in another slot")

// CheckName says whether name can be an annotator's name: 1 to 40
// letters, digits, '.', '_' or '-', not starting with '.', so that it
// names a folder of the study.
func CheckName(name string) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("%w: %q", ErrBadName, name)
	}
	return nil
}

// Join adds the annotator name to the study in dir (made if missing), a
// study of the run in runDir, and returns their slot (see Plan.Slot):
// slot if it is 0 or more, else the number of annotators who joined
// before. An annotator who joined before keeps their slot. Annotators
// joining at once are told apart by a lock on the file.
func Join(dir, runDir, name string, slot int) (int, error) {
	if err := CheckName(name); err != nil {
		return 0, err
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
	if i := slices.IndexFunc(s.Annotators, func(a annotator) bool { return a.Name == name }); i >= 0 {
		if had := s.Annotators[i].Slot; slot >= 0 && slot != had {
			return 0, fmt.Errorf("%w: %s is in slot %d, not %d", ErrSlot, name, had, slot)
		}
		return s.Annotators[i].Slot, nil
	}
	if slot < 0 {
		slot = len(s.Annotators)
	}
	s.Annotators = append(s.Annotators, annotator{Name: name, Slot: slot})
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := atomicfile.WriteBytes(path, append(out, '\n')); err != nil {
		return 0, err
	}
	return slot, nil
}
