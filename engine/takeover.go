package engine

import (
	"cmp"
	"context"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// rejudgedID is the id of the episode id judged again by judge.
func rejudgedID(id, judge string) string {
	return episodeID(id, "rejudged by", judge)
}

// blankVerdict is old's record for judge, before judge has given its
// verdict: the first judge's messages, interim verdicts and verdict taken
// off, and the calls of the first run that failed, which this run did not
// make.
func blankVerdict(old *transcript.Episode, judge string) transcript.Episode {
	rec := *old
	rec.EpisodeID = rejudgedID(old.EpisodeID, judge)
	rec.Judge = judge
	rec.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: protocols.ParsedUnparsed}
	rec.Correct = false
	rec.Messages, rec.Interim, rec.FailedCalls = nil, nil, nil
	return rec
}

// takenOver is a recorded episode's judge seat as another judge takes it
// over: the record so far, without the first judge's messages, and what
// the judge reads for its verdict.
type takenOver struct {
	rec  transcript.Episode
	seat protocols.Seat
	// round is the round of the verdict.
	round int
	// hidden and open are the views of the question; shown the turns the
	// judge read, quotes marked as the first judge saw them.
	hidden, open transcript.View
	shown        []transcript.Turn
	// seeded is the episode id the first judge's calls were seeded with.
	seeded string
	// order reads the judge's verdict: the answer order shown, or for a
	// grade the graded answer first (gradeOrder).
	order [2]int
	// correct is the question's correct answer; graded the first record's
	// grade, for a protocol whose judge grades a seat.
	correct int
	graded  *transcript.Graded
}

// request is the new judge's request for the verdict, as reader (nil: no
// agent) reads prompts, seeded as the first judge's was.
func (s *takenOver) request(x *Experiment, p protocols.Protocol, reader agents.Agent) (agents.Request, error) {
	return request(p, reader, s.seat, transcript.NoSide, s.round, s.hidden, s.open, s.shown, turnSeed(x.Seed, s.seeded, s.seat.Name, s.round), nil)
}

// score sets rec's correctness, and its grade where the judge grades a
// seat, from the new judge's verdict.
func (s *takenOver) score(rec *transcript.Episode) {
	rec.Correct = rec.Verdict.Answer == s.correct
	if g := s.graded; g != nil {
		rec.Graded = gradedRecord(protocols.Seat{Name: g.Seat, Agent: g.Agent}, g.Answer, rec.Verdict)
	}
}

// takeOver gives the judge seat of old, a finished episode of a protocol
// with a judge, to judge. The judge reads what the first judge read: the
// same answer order, the same turns, the same quote marks.
func (x *Experiment) takeOver(old *transcript.Episode, t *rejudgeTarget, judge string) takenOver {
	s := takenOver{rec: blankVerdict(old, judge)}
	// A run recorded before loaders named groups gets its question's now.
	s.rec.Group = cmp.Or(old.Group, t.q.Group)
	// An episode that failed at its verdict (atVerdict) is whole once
	// the new judge gives one.
	s.rec.Error = ""
	for _, st := range t.a.Seats {
		if st.Act == protocols.Decide {
			s.seat = st
		}
	}
	isJudge := func(name string, role transcript.Role) bool { return name == s.seat.Name && role == s.seat.Role }
	s.rec.Messages, s.shown, s.round = heard(old, &t.a, s.seat, t.pe.Protocol.Rules(), quotable(t.q.Context, t.q.Exhibit), t.q.ContextShared)
	s.seat.Agent = judge
	for i := range s.rec.Seats {
		if isJudge(s.rec.Seats[i].Name, s.rec.Seats[i].Role) {
			s.rec.Seats[i].Agent = judge
		}
	}
	s.order, s.correct, s.graded = gradeOrder(old, old.Order), t.q.Correct, old.Graded
	s.hidden, s.open = views(t.q, old.Order)
	s.hidden.Reference = referenceOf(old, t.q, t.pe.Protocol.Common().Reference, old.Order)
	s.open.Reference = s.hidden.Reference
	// The first judge's seed: the same judge, rejudging, gives the same
	// verdicts. It is the planned episode's seed, not old's id: a sweep's
	// calls were seeded without the cell, and a rejudged record's id is
	// its own (rejudgedID), while its judge was seeded as the first run's.
	s.seeded = seedID(old.Task, old.QuestionID, old.Protocol, t.planned, old.Repeat)
	return s
}

// rejudgeAsk asks the new judge of s the i-th of the verdicts a rejudge
// asks of old's episode — its interim verdicts, in order, then its own —
// into ask.
func (x *Experiment) rejudgeAsk(ctx context.Context, entry *AgentEntry, old *transcript.Episode, s *takenOver, p protocols.Protocol, i int, ask *transcript.Episode) error {
	if i == len(old.Interim) {
		req, err := s.request(x, p, entry.Agent)
		if err != nil {
			return err
		}
		return x.judge(ctx, entry, req, s.order, ask)
	}
	v := old.Interim[i]
	n := 0
	for n < len(s.shown) && s.shown[n].Round <= v.Round {
		n++
	}
	req, err := request(p, entry.Agent, s.seat, transcript.NoSide, v.Round, s.hidden, s.open, s.shown[:n:n], interimSeed(x.Seed, s.seeded, s.seat.Name, v.Round), nil)
	if err != nil {
		return err
	}
	return x.interim(ctx, entry, req, old.Order, ask)
}
