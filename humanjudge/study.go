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
	// Run is the run judged, as first named; RunID its identity
	// (engine.RunIdentity), by which the run named otherwise (another path
	// to it) is known and another run refused.
	Run        string      `json:"run"`
	RunID      string      `json:"run_id,omitempty"`
	Annotators []annotator `json:"annotators"`
}

// ErrOtherRun is returned when an annotator would join a study of
// another run.
var ErrOtherRun = errors.New("humanjudge: the study is of another run")

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
// study of the run in runDir, whose identity is runIDs[0] (and was any of
// the others: engine.RunIdentities), and returns their slot (see Plan.Slot):
// slot if it is 0 or more, else the number of annotators who joined
// before; added says that they joined now (Leave takes them out again
// when their run cannot start). An annotator who joined before keeps
// their slot. Annotators joining at once are told apart by a lock on the
// file. A study of another run (its lock differs) is refused.
func Join(dir, runDir string, runIDs []string, name string, slot int) (_ int, added bool, _ error) {
	if err := CheckName(name); err != nil {
		return 0, false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, false, err
	}
	runID := runIDs[0]
	err := update(dir, study{Run: runDir, RunID: runID}, func(s *study) (bool, error) {
		// A study written before it kept its run's identity, or that kept
		// one the run had before (engine.RunIdentities), takes it now.
		upgraded := s.RunID != runID && (s.RunID == "" || slices.Contains(runIDs, s.RunID))
		if upgraded {
			s.RunID = runID
		}
		if s.RunID != runID {
			return false, fmt.Errorf("%w: %s is a study of %s, whose episodes are not %s's: give each run its own study (--study)", ErrOtherRun, dir, s.Run, runDir)
		}
		if i := slices.IndexFunc(s.Annotators, func(a annotator) bool { return a.Name == name }); i >= 0 {
			if had := s.Annotators[i].Slot; slot >= 0 && slot != had {
				return false, fmt.Errorf("%w: %s is in slot %d, not %d", ErrSlot, name, had, slot)
			}
			slot = s.Annotators[i].Slot
			return upgraded, nil
		}
		if slot < 0 {
			slot = len(s.Annotators)
		}
		s.Annotators = append(s.Annotators, annotator{Name: name, Slot: slot})
		added = true
		return true, nil
	})
	if err != nil {
		return 0, false, err
	}
	return slot, added, nil
}

// Leave takes the annotator name out of the study in dir, for one whose
// run could not start after Join added them: a name left behind would
// hold a slot, and shift the default slot of every later annotator.
func Leave(dir, name string) error {
	return update(dir, study{}, func(s *study) (bool, error) {
		before := len(s.Annotators)
		s.Annotators = slices.DeleteFunc(s.Annotators, func(a annotator) bool { return a.Name == name })
		return len(s.Annotators) != before, nil
	})
}

// update changes the study in dir under its lock, annotators changing it
// at once told apart: it reads study.json (fresh if there is none yet),
// hands it to change, and writes it back when change says to.
func update(dir string, fresh study, change func(s *study) (write bool, err error)) error {
	l := flock.New(filepath.Join(dir, ".study.lock"))
	if err := l.Lock(); err != nil {
		return fmt.Errorf("humanjudge: lock the study: %w", err)
	}
	defer l.Unlock()
	path := filepath.Join(dir, StudyFile)
	s := fresh
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("humanjudge: %s: %w", path, err)
		}
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	write, err := change(&s)
	if err != nil || !write {
		return err
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, append(out, '\n'))
}
