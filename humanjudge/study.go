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
var ErrBadName = errors.New("humanjudge: an annotator's name is 1 to 40 ASCII letters, digits, '.', '_' or '-', not starting with '.', and not " + StudyFile)

var validName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,39}$`)

// study is study.json.
type study struct {
	// Run is the run judged, as first named; RunID its identity
	// (engine.RunIdentity), by which the run named otherwise (another path
	// to it) is known and another run refused.
	Run   string `json:"run"`
	RunID string `json:"run_id,omitempty"`
	// Seed orders the questions (Plan.Seed), the same for every annotator:
	// the first to join sets it. It is nil in a study written before it
	// kept one, which takes the seed of the next to join.
	Seed       *uint64     `json:"seed,omitempty"`
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

// ErrSeed is returned when an annotator would join a study with another
// seed of the question order than the study's.
var ErrSeed = errors.New("humanjudge: the study orders its questions by another seed")

// CheckName says whether name can be an annotator's name: 1 to 40 ASCII
// letters, digits, '.', '_' or '-', not starting with '.', and not the
// name of the study's own file (StudyFile), so that it names a folder of
// the study.
func CheckName(name string) error {
	if !validName.MatchString(name) || name == StudyFile {
		return fmt.Errorf("%w: %q", ErrBadName, name)
	}
	return nil
}

// Join adds the annotator name to the study in dir (made if missing), a
// study of the run in runDir, whose identity is runIDs[0] (and was any of
// the others: engine.RunIdentities), and returns their slot (see Plan.Slot):
// slot if it is 0 or more, else the lowest slot no annotator of the study
// holds; added says that they joined now (Leave takes them out again
// when their run cannot start). An annotator who joined before keeps
// their slot. Annotators joining at once are told apart by a lock on the
// file. A study of another run (its lock differs) is refused, and so is
// a seed of the question order other than the study's (the first
// annotator's); a name that is a file, not a folder, of the study is
// refused too.
func Join(dir, runDir string, runIDs []string, name string, slot int, seed uint64) (_ int, added bool, _ error) {
	if err := CheckName(name); err != nil {
		return 0, false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, false, err
	}
	if info, err := os.Stat(filepath.Join(dir, name)); err == nil && !info.IsDir() {
		return 0, false, fmt.Errorf("%w: %s is a file in the study folder %s, not an annotator's folder", ErrBadName, name, dir)
	}
	runID := runIDs[0]
	err := update(dir, study{Run: runDir, RunID: runID}, func(s *study) (bool, error) {
		// A study written before it kept its run's identity, or that kept
		// one the run had before (engine.RunIdentities), takes it now; one
		// written before it kept its seed takes this one.
		upgraded := s.RunID != runID && (s.RunID == "" || slices.Contains(runIDs, s.RunID))
		if upgraded {
			s.RunID = runID
		}
		if s.RunID != runID {
			return false, fmt.Errorf("%w: %s is a study of %s, whose episodes are not %s's: give each run its own study (--study)", ErrOtherRun, dir, s.Run, runDir)
		}
		if s.Seed == nil {
			s.Seed, upgraded = &seed, true
		}
		if *s.Seed != seed {
			return false, fmt.Errorf("%w: %s orders its questions by seed %d, not %d: every annotator of a study sees them in one order (--seed %d, or another --study)", ErrSeed, dir, *s.Seed, seed, *s.Seed)
		}
		if i := slices.IndexFunc(s.Annotators, func(a annotator) bool { return a.Name == name }); i >= 0 {
			if had := s.Annotators[i].Slot; slot >= 0 && slot != had {
				return false, fmt.Errorf("%w: %s is in slot %d, not %d", ErrSlot, name, had, slot)
			}
			slot = s.Annotators[i].Slot
			return upgraded, nil
		}
		if slot < 0 {
			slot = freeSlot(s.Annotators)
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

// StudySeed is the seed of the question order of the study in dir, which
// its first annotator set; ok is false where there is no study yet, or
// its file is from before it kept one.
func StudySeed(dir string) (seed uint64, ok bool, _ error) {
	path := filepath.Join(dir, StudyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	var s study
	if err := json.Unmarshal(data, &s); err != nil {
		return 0, false, fmt.Errorf("humanjudge: %s: %w", path, err)
	}
	if s.Seed == nil {
		return 0, false, nil
	}
	return *s.Seed, true, nil
}

// freeSlot is the lowest slot that none of annotators holds: an
// annotator who chose a slot does not push a later one into theirs.
func freeSlot(annotators []annotator) int {
	for slot := 0; ; slot++ {
		if !slices.ContainsFunc(annotators, func(a annotator) bool { return a.Slot == slot }) {
			return slot
		}
	}
}

// Leave takes the annotator name out of the study in dir, for one whose
// run could not start after Join added them: a name left behind would
// hold a slot that the next annotator would otherwise take.
func Leave(dir, name string) error {
	return update(dir, study{}, func(s *study) (bool, error) {
		before := len(s.Annotators)
		s.Annotators = slices.DeleteFunc(s.Annotators, func(a annotator) bool { return a.Name == name })
		if len(s.Annotators) == 0 {
			// The seed was theirs, and they never started.
			s.Seed = nil
		}
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
		// From nothing: a field the file lacks (written before it was
		// kept) is to be taken now, not to read as fresh's.
		s = study{}
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
