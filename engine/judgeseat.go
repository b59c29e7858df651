package engine

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// JudgeSeat is the judge's seat of a recorded episode, taken over by a
// judge that answers outside the engine (a person, through moot judge).
// It is made as Rejudge makes it for an agent, so that the judge reads
// exactly what a rejudging agent reads, and its record is the one a
// rejudge writes.
type JudgeSeat struct {
	// Request is what the judge is asked for its verdict, as the engine
	// asks an agent: the view of the question (no field for the gold
	// label; the context only when the protocol's judge reads it), the
	// turns read, quotes marked, the rendered prompt and its hash. Its
	// View's Evidence is always empty; Difficulty is a generator's
	// setting, not for the judge's eyes.
	Request agents.Request
	// Protocol is the episode's protocol label, Kind the registered
	// protocol it runs.
	Protocol, Kind string
	// Task and QuestionID name the question judged.
	Task, QuestionID string
	// ID is the episode id of the record Verdict returns.
	ID string
	// Repeat is the episode's repeat of its question and assignment (0
	// to the experiment's repeats − 1).
	Repeat int
	// Graded is set where the protocol's judge grades one seat's answer
	// (pointwise grading): that answer's text. The judge reads it alone,
	// not the options, and its verdict "A" calls it correct, "B"
	// incorrect.
	Graded string

	taken takenOver
}

// JudgeSeats takes over, for judge, the judge seat of each finished
// episode of recs, the records of a run of x, in their order. Episodes
// that failed, and those of a protocol whose verdict is a vote, have no
// judge to take over and are left out. A record that x did not plan is an
// error naming its line.
func (x *Experiment) JudgeSeats(recs []transcript.Episode, judge string) ([]*JudgeSeat, error) {
	return x.judgeSeats("", recs, judge)
}

// RunJudgeSeats is JudgeSeats over recs, the records of the run in
// runDir, each checked, as a rejudge checks it, against the question the
// run stored; a record whose question x gives otherwise is an error that
// names the run's seed where it is not x's.
func (x *Experiment) RunJudgeSeats(runDir string, recs []transcript.Episode, judge string) ([]*JudgeSeat, error) {
	return x.judgeSeats(runDir, recs, judge)
}

func (x *Experiment) judgeSeats(runDir string, recs []transcript.Episode, judge string) ([]*JudgeSeat, error) {
	lookup, err := x.runLookup(runDir)
	if err != nil {
		return nil, err
	}
	var out []*JudgeSeat
	for i := range recs {
		old := &recs[i]
		t, err := lookup.recordTarget(x, old, i+1)
		if err != nil {
			return nil, err
		}
		if old.Error != "" || t.vote {
			continue
		}
		s := x.takeOver(old, &t, judge)
		req, err := s.request(x, t.pe.Protocol, nil)
		if err != nil {
			return nil, fmt.Errorf("episode %s: the judge's prompt: %w", old.EpisodeID, err)
		}
		req.View.Difficulty = 0
		js := &JudgeSeat{
			Request: req, Protocol: old.Protocol, Kind: old.Kind, Task: old.Task, QuestionID: old.QuestionID,
			ID: s.rec.EpisodeID, Repeat: old.Repeat, taken: s,
		}
		if g := s.graded; g != nil && g.Answer >= 0 && g.Answer < len(t.q.Answers) {
			js.Graded = t.q.Answers[g.Answer]
		}
		out = append(out, js)
	}
	return out, nil
}

// Verdict returns the episode's record with the judge's reply: text, which
// names its answer in a last line "Answer: A" or "Answer: B" (else the
// verdict is unparsed), probs the judge's probability of each slot (nil
// if it gave none), and seconds the time it took. The record is the one
// Rejudge writes, the judge's message in the verdict's round; the
// protocol's interim verdicts, if any, are not asked.
func (s *JudgeSeat) Verdict(text string, probs []float64, seconds float64) transcript.Episode {
	rec := s.taken.rec
	rec.Messages = append(rec.Messages[:len(rec.Messages):len(rec.Messages)], transcript.Message{
		Round: s.taken.round, Name: s.taken.seat.Name, Role: s.taken.seat.Role, Agent: s.taken.seat.Agent,
		Text: text, PromptSHA256: s.Request.PromptSHA256, Seconds: seconds,
	})
	rec.Verdict = verdict(agents.Response{Text: text, Probabilities: probs}, s.taken.order)
	rec.Verdict.Asks = 1
	s.taken.score(&rec)
	return rec
}

// WriteRunFiles writes into dir, atomically, the files a run folder holds
// beside its transcripts — config.lock.yaml and questions.jsonl.gz — as
// Run writes them, for a run whose records another writer appends (moot
// judge). A folder that holds records of another
// experiment is refused (ErrForeignRun), as Run refuses to resume it.
func (x *Experiment) WriteRunFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o777); err != nil { // less the umask
		return err
	}
	if info, err := os.Stat(filepath.Join(dir, TranscriptsFile)); err == nil && info.Size() > 0 {
		if err := checkLock(dir, x); err != nil {
			return err
		}
	}
	data, err := x.Lock()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, LockFile), data); err != nil {
		return err
	}
	return x.writeQuestions(dir)
}
