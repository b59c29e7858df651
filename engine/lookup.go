package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// rejudgeLookup finds a recorded episode's question and protocol in x.
type rejudgeLookup struct {
	questions map[string]map[string]*tasks.Question
	// protocols by label; a sweep's cells may set a protocol
	// differently, so an episode is judged by its own cell's protocol,
	// under cell + "\x00" + label.
	protocols map[string]*ProtocolEntry
	// played are the questions the run stored (ReadQuestions), nil for
	// a run older than its questions file; runDir is the run's folder, ""
	// for records of no folder.
	played map[string]QuestionRecord
	runDir string
	// grouped are the tasks whose questions the run's lock says were
	// grouped (groups_sha256): their groups must be the run's. A lock
	// without it (no groups, or made before them) compares none, as a
	// resume does.
	grouped map[string]bool
}

func (x *Experiment) rejudgeLookup() *rejudgeLookup {
	l := &rejudgeLookup{questions: map[string]map[string]*tasks.Question{}, protocols: map[string]*ProtocolEntry{}}
	for _, t := range x.Tasks {
		byID := map[string]*tasks.Question{}
		for i := range t.Questions {
			byID[t.Questions[i].ID] = &t.Questions[i]
		}
		l.questions[t.Name] = byID
	}
	for _, p := range x.Protocols {
		l.protocols[p.Label] = p
	}
	if x.Sweep != nil {
		// A protocol in any cell by its full name (as runs before
		// PlayedIn recorded them all), then in the cells it is played in.
		for _, c := range x.Sweep.Cells {
			for _, p := range c.Protocols {
				l.protocols[c.Name+"\x00"+p.Label] = p
			}
		}
		for pi := range x.Protocols {
			for _, c := range x.Sweep.PlayedIn(pi) {
				if c != nil {
					l.protocols[c.Name+"\x00"+c.Protocols[pi].Label] = c.Protocols[pi]
				}
			}
		}
	}
	return l
}

// rejudgeTarget is what rejudging one recorded episode needs from x. It
// is zero for a failed episode that has nothing complete to judge
// (atVerdict), carried over as failed.
type rejudgeTarget struct {
	q  *tasks.Question
	pe *ProtocolEntry
	// vote is set for a protocol without a judge, or an episode a
	// remark settled (protocols.Settler): its verdict stands.
	vote bool
	// a is the planned assignment, named planned.
	a       protocols.Assignment
	planned string
}

// carried says that the episode has nothing complete to judge: it is
// carried over as failed.
func (t *rejudgeTarget) carried() bool { return t.pe == nil }

// target finds old's question, protocol and assignment. A failed episode
// gets the zero target, carried over as failed, unless its one failure
// was its judge's verdict (atVerdict): every speaker spoke, and the new
// judge judges it.
func (l *rejudgeLookup) target(x *Experiment, old *transcript.Episode) (rejudgeTarget, error) {
	if old.Error == "" {
		return l.find(x, old)
	}
	if len(old.FailedCalls) == 0 || old.FailedCalls[0].Agent != old.Judge {
		return rejudgeTarget{}, nil
	}
	t, err := l.find(x, old)
	if err != nil || t.vote || !atVerdict(old, &t) {
		return rejudgeTarget{}, nil
	}
	return t, nil
}

// atVerdict says whether the failed episode old failed at its judge's
// verdict and nothing else: each call that failed is the judge seat's, in
// the round after the last (the verdict's: interim verdicts and a judge's
// questions come in earlier rounds), and the seat judges between the
// answers rather than grading one, whose grade names the answer graded.
func atVerdict(old *transcript.Episode, t *rejudgeTarget) bool {
	i := slices.IndexFunc(t.a.Seats, func(s protocols.Seat) bool { return s.Act == protocols.Decide })
	if i < 0 || t.a.Seats[i].Grades != "" {
		return false
	}
	verdict := t.pe.Protocol.Rules().Rounds + 1
	return !slices.ContainsFunc(old.FailedCalls, func(c transcript.FailedCall) bool {
		return c.Name != t.a.Seats[i].Name || c.Round != verdict
	})
}

// find is target for an episode that has something to judge.
func (l *rejudgeLookup) find(x *Experiment, old *transcript.Episode) (rejudgeTarget, error) {
	var t rejudgeTarget
	t.q = l.questions[old.Task][old.QuestionID]
	label := old.Protocol
	if old.Cell != "" {
		label = old.Cell + "\x00" + label
	}
	t.pe = l.protocols[label]
	if t.q == nil || t.pe == nil {
		return t, fmt.Errorf("episode %s: task %q question %q protocol %q are not in %s", old.EpisodeID, old.Task, old.QuestionID, old.Protocol, x.Path)
	}
	if err := l.samePlayed(x, old, t.q); err != nil {
		return t, err
	}
	if _, ok := t.pe.Protocol.(protocols.Voter); ok {
		t.vote = true
		return t, nil
	}
	// An open protocol's record adds the protagonist's choice to the
	// assignment's name.
	t.planned = protocols.PlannedAssignment(old.Assignment)
	for _, as := range t.pe.Protocol.Assignments() {
		if as.Name == t.planned {
			t.a = as
			// A remark settled it, and no seat decided (MAD's moderator,
			// verdict: moderator): as a vote, its verdict stands.
			_, settles := t.pe.Protocol.(protocols.Settler)
			t.vote = settles && old.Error == "" && !decided(old, as)
			return t, nil
		}
	}
	return t, fmt.Errorf("episode %s: protocol %s has no assignment %q", old.EpisodeID, t.pe.Label, old.Assignment)
}

// decided says whether a seat of a that decides spoke in old.
func decided(old *transcript.Episode, a protocols.Assignment) bool {
	return slices.ContainsFunc(old.Messages, func(m transcript.Message) bool { return actOf(a, m.Name) == protocols.Decide })
}

// actOf is what the seat of a named name does; -1 where a has none.
func actOf(a protocols.Assignment, name string) protocols.Act {
	if i := slices.IndexFunc(a.Seats, func(s protocols.Seat) bool { return s.Name == name }); i >= 0 {
		return a.Seats[i].Act
	}
	return -1
}

// samePlayed checks that q, x's question for old, is the question old
// was played on: its answers in the same order with the same correct one,
// and, where the run stored its questions, the same text, exhibit and
// context. A dataset's answer order and distractor are drawn at the
// seed, and a data file may have changed since: the new judge would
// read another question than the first, and score against another key.
func (l *rejudgeLookup) samePlayed(x *Experiment, old *transcript.Episode, q *tasks.Question) error {
	differs := ""
	if q.Answers != old.Answers || q.Correct != old.CorrectAnswer {
		differs = fmt.Sprintf("the run played the answers %q (correct %d), %s gives %q (correct %d)",
			old.Answers, old.CorrectAnswer, x.Path, q.Answers, q.Correct)
	} else if p, ok := l.played[QuestionKey(old.Task, old.QuestionID)]; ok {
		switch {
		case p.Text != q.Text:
			differs = "its text differs from the one the run stored"
		case p.Exhibit != q.Exhibit:
			differs = "its exhibit differs from the one the run stored"
		case p.Context != q.Context:
			differs = "its context differs from the one the run stored"
		case l.grouped[old.Task] && p.Group != q.Group:
			differs = fmt.Sprintf("its group is %q where the run played it in %q (the data file's group field edited since: rejudge with the file as it was)", q.Group, p.Group)
		}
	}
	if differs == "" {
		return nil
	}
	return fmt.Errorf("episode %s: question %q of task %q is not the one the run played: %s", old.EpisodeID, old.QuestionID, old.Task, differs)
}

// runLookup is rejudgeLookup for the records of the run in runDir ("" for
// records of no folder), with the questions the run stored: each must be
// the one x gives, or a new judge would read another (samePlayed).
func (x *Experiment) runLookup(runDir string) (*rejudgeLookup, error) {
	l := x.rejudgeLookup()
	l.runDir = runDir
	if runDir == "" {
		return l, nil
	}
	var err error
	if l.played, err = ReadQuestions(runDir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	if head, err := ReadLockHead(runDir); err == nil {
		l.grouped = map[string]bool{}
		for _, t := range head.Tasks {
			l.grouped[t.Name] = t.GroupsSHA256 != ""
		}
	}
	return l, nil
}

// recordTarget is target for rec, the record at line of the lookup's
// run's log: an error is placed at that line, with its likely cause where
// the run was played at another seed (ErrBadInput).
func (l *rejudgeLookup) recordTarget(x *Experiment, rec *transcript.Episode, line int) (rejudgeTarget, error) {
	t, err := l.target(x, rec)
	if err != nil {
		if l.runDir != "" {
			err = x.notPlanned(err, l.runDir)
		}
		return t, fmt.Errorf("%w: %s:%d: %w", ErrBadInput, filepath.Join(l.runDir, TranscriptsFile), line, err)
	}
	return t, nil
}
