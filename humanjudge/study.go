package humanjudge

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/mootlab/moot/internal/atomicfile"
)

// StudyFile is the file of a study's folder that lists its annotators in
// the order they joined; each annotator's run is the folder of their name
// beside it.
const StudyFile = "study.json"

// ErrBadName is returned for an annotator name that cannot be a folder.
var ErrBadName = errors.New("an annotator's name is 1 to 40 ASCII letters, digits, '.', '_' or '-', not starting with '.', and not " + StudyFile)

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
	Seed *uint64 `json:"seed,omitempty"`
	// Order is how the seed orders the questions: orderSpread, or
	// absent in a study begun before moot spread them (Plan.FNVOrder).
	Order string `json:"order,omitempty"`
	// Episodes is how each protocol's episodes of a question are listed
	// for the rotation: episodesAssignmentFirst, or absent in a study
	// begun before 2026-12-05, which lists them in the run's order
	// (Plan.RunOrder).
	Episodes string `json:"episodes,omitempty"`
	// Rotation is where the rotation through a question's episodes
	// starts: rotationSeeded, or absent in a study begun before
	// 2026-12-05, whose assignment follows an episode's position alone
	// (Plan.FixedRotation).
	Rotation string `json:"rotation,omitempty"`
	// IdleMS is the page's idle threshold (Config.Idle) in milliseconds,
	// the same for every annotator so that their active times
	// (transcript.Message.ActiveSeconds) measure one thing: the first to
	// join sets it. Nil in a study begun before moot measured active time,
	// which takes the next annotator's.
	IdleMS     *int64      `json:"idle_ms,omitempty"`
	Annotators []annotator `json:"annotators"`
}

// orderSpread is study.Order where the questions are ranked by rank.Of.
const orderSpread = "spread"

// episodesAssignmentFirst is study.Episodes where each protocol's
// episodes of a question are listed assignment first: every assignment's
// repeat 0, then every assignment's repeat 1…
const episodesAssignmentFirst = "assignment-first"

// rotationSeeded is study.Rotation where each question's rotation starts
// at an assignment drawn from the seed and the question.
const rotationSeeded = "seeded"

// ErrOtherRun is returned when an annotator would join a study of
// another run.
var ErrOtherRun = errors.New("the study is of another run")

// annotator is one annotator of a study, in the order they joined.
type annotator struct {
	Name string `json:"name"`
	Slot int    `json:"slot"`
}

// ErrSlot is returned when an annotator asks for another slot than the
// one they joined with.
var ErrSlot = errors.New("the annotator joined the study in another slot")

// MaxSlot is the greatest slot an annotator may hold: the rotation counts
// from the slot, and one near the largest int would overflow it.
const MaxSlot = 1 << 30

// ErrNameTaken is returned for an annotator name that is a file of the
// study folder, not a folder.
var ErrNameTaken = errors.New("the name is taken")

// ErrSeed is returned when an annotator would join a study with another
// seed of the question order than the study's.
var ErrSeed = errors.New("the study orders its questions by another seed")

// ErrIdle is returned when an annotator would join a study with another
// idle threshold than the study's.
var ErrIdle = errors.New("the study counts active time with another idle threshold")

// CheckName says whether name can be an annotator's name: 1 to 40 ASCII
// letters, digits, '.', '_' or '-', not starting with '.', and not the
// name of the study's own file (StudyFile), so that it names a folder of
// the study.
func CheckName(name string) error {
	if !validName.MatchString(name) || strings.EqualFold(name, StudyFile) {
		return fmt.Errorf("%w: %q", ErrBadName, name)
	}
	return nil
}

// Joining is an annotator joining a study.
type Joining struct {
	// Run is the run judged, as named; RunIDs its identity (RunIDs[0]) and
	// those it had before (engine.RunIdentities).
	Run    string
	RunIDs []string
	Name   string
	// Slot is the slot asked for (see Plan.Slot); -1 for the lowest slot
	// no annotator of the study holds.
	Slot int
	// Seed is the seed of the question order asked for; nil for the
	// study's, or where the study has none yet, DefaultSeed (the
	// experiment's).
	Seed        *uint64
	DefaultSeed uint64
	// Idle is the page's idle threshold asked for; 0 for the study's, or
	// where the study has none yet, DefaultIdle.
	Idle time.Duration
}

// Joined is an annotator's place in a study.
type Joined struct {
	Slot int
	// Seed orders the questions, the study's (Plan.Seed); FNVOrder says
	// it does so as in a study begun before 2026-12-01 (Plan.FNVOrder),
	// RunOrder that a question's episodes are listed as in one begun
	// before 2026-12-05 (Plan.RunOrder), FixedRotation that it assigns
	// them as one begun before 2026-12-05 (Plan.FixedRotation).
	Seed          uint64
	FNVOrder      bool
	RunOrder      bool
	FixedRotation bool
	// Idle is the study's idle threshold (Config.Idle).
	Idle time.Duration
	// Added says that they joined now: Leave takes them out again when
	// their run cannot start.
	Added bool
}

// Join adds the annotator j.Name to the study in dir (made if missing), a
// study of the run j.Run, and returns their slot and the study's seed. An
// annotator who joined before keeps their slot. Annotators joining at
// once are told apart by a lock on the file. A study of another run (its
// lock differs) is refused, and so is a seed other than the study's; a
// name that is a file, not a folder, of the study is refused too.
func Join(dir string, j Joining) (Joined, error) {
	if err := CheckName(j.Name); err != nil {
		return Joined{}, err
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return Joined{}, err
	}
	if info, err := os.Stat(filepath.Join(dir, j.Name)); err == nil && !info.IsDir() {
		return Joined{}, fmt.Errorf("%w: %s is a file in the study folder %s, not an annotator's folder", ErrNameTaken, j.Name, dir)
	}
	runID := j.RunIDs[0]
	out := Joined{Slot: j.Slot}
	err := update(dir, study{Run: j.Run, RunID: runID}, func(s *study) (bool, error) {
		// A study written before it kept its run's identity, or that kept
		// one the run had before (engine.RunIdentities), takes it now.
		upgraded := s.RunID != runID && (s.RunID == "" || slices.Contains(j.RunIDs, s.RunID))
		if upgraded {
			s.RunID = runID
		}
		if s.RunID != runID {
			return false, fmt.Errorf("%w: %s is a study of %s, whose episodes are not %s's: give each run its own study (--study)", ErrOtherRun, dir, s.Run, j.Run)
		}
		if len(s.Annotators) == 0 && (s.Order != orderSpread || s.Episodes != episodesAssignmentFirst || s.Rotation != rotationSeeded) {
			// A study no one has joined yet, or that all left.
			s.Order, s.Episodes, s.Rotation, upgraded = orderSpread, episodesAssignmentFirst, rotationSeeded, true
		}
		seeded, err := s.takeSeed(dir, j)
		if err != nil {
			return false, err
		}
		idled, err := s.takeIdle(dir, j.Idle)
		if err != nil {
			return false, err
		}
		seeded = seeded || idled
		out.Idle = time.Duration(*s.IdleMS) * time.Millisecond
		out.Seed, out.FNVOrder, out.RunOrder = *s.Seed, s.Order != orderSpread, s.Episodes != episodesAssignmentFirst
		out.FixedRotation = s.Rotation != rotationSeeded
		if j.Slot > MaxSlot {
			return false, fmt.Errorf("slot %d: at most %d", j.Slot, MaxSlot)
		}
		if i := slices.IndexFunc(s.Annotators, func(a annotator) bool { return a.Name == j.Name }); i >= 0 {
			if had := s.Annotators[i].Slot; had < 0 || had > MaxSlot {
				return false, fmt.Errorf("%s: %s's slot %d is out of range (0 to %d): set it there", filepath.Join(dir, StudyFile), j.Name, had, MaxSlot)
			}
			if had := s.Annotators[i].Slot; j.Slot >= 0 && j.Slot != had {
				return false, fmt.Errorf("%w: %s is in slot %d, not %d", ErrSlot, j.Name, had, j.Slot)
			}
			out.Slot = s.Annotators[i].Slot
			return upgraded || seeded, nil
		}
		if out.Slot < 0 {
			out.Slot = freeSlot(s.Annotators)
		}
		s.Annotators = append(s.Annotators, annotator{Name: j.Name, Slot: out.Slot})
		out.Added = true
		return true, nil
	})
	if err != nil {
		return Joined{}, err
	}
	return out, nil
}

// takeSeed sets the study's seed where it has none, and says so: the one
// j asks for, or the default, for a study no one has joined; the default
// for one written before moot kept its seed, whose annotators took the
// experiment's unless they gave another, which it cannot know. A seed
// asked for other than the study's is refused.
func (s *study) takeSeed(dir string, j Joining) (set bool, _ error) {
	if s.Seed == nil {
		seed := j.DefaultSeed
		if j.Seed != nil && len(s.Annotators) == 0 {
			seed = *j.Seed
		}
		s.Seed, set = &seed, true
	}
	if j.Seed != nil && *j.Seed != *s.Seed {
		return false, fmt.Errorf("%w: %s orders its questions by seed %d, not %d: every annotator of a study sees them in one order (leave out --seed, or give another --study)", ErrSeed, dir, *s.Seed, *j.Seed)
	}
	return set, nil
}

// takeIdle sets the study's idle threshold where it has none, and says
// so: the one asked for, or DefaultIdle. One asked for other than the
// study's is refused: active times counted with two thresholds are not
// one measure.
func (s *study) takeIdle(dir string, asked time.Duration) (set bool, _ error) {
	if s.IdleMS == nil {
		ms := DefaultIdle.Milliseconds()
		if asked > 0 {
			ms = asked.Milliseconds()
		}
		s.IdleMS, set = &ms, true
	}
	if *s.IdleMS <= 0 {
		return false, fmt.Errorf("%s: idle_ms %d: want more than 0 (the page's idle threshold, in milliseconds)", filepath.Join(dir, StudyFile), *s.IdleMS)
	}
	if had := time.Duration(*s.IdleMS) * time.Millisecond; asked > 0 && asked.Milliseconds() != *s.IdleMS {
		return false, fmt.Errorf("%w: %s counts active time with --idle %s, not %s: every annotator's active time is measured alike (leave out --idle, or give another --study)", ErrIdle, dir, had, asked)
	}
	return set, nil
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
			// The seed and the threshold were theirs, and they never
			// started.
			s.Seed, s.IdleMS = nil, nil
		}
		return len(s.Annotators) != before, nil
	})
}

// update changes the study in dir under its lock, annotators changing it
// at once told apart: it reads study.json (fresh if there is none yet),
// hands it to change, and writes it back when change says to.
func update(dir string, fresh study, change func(s *study) (write bool, err error)) error {
	l := flock.New(filepath.Join(dir, ".study.lock"), flock.SetPermissions(0o666)) // less the umask
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
		if s, err = readStudy(path, data); err != nil {
			return err
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
