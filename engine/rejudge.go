package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// Rejudge judges the episodes of an earlier run again with another judge
// of x, without playing the speakers again: each episode keeps its
// speakers' messages, and the new judge reads them as the first judge did
// (same answer order, same quote marks) and gives its own verdict. x must
// be the experiment the run came from, for its questions and protocols.
// The new run is written to opts.Out like any run, on the same runner and
// to the same sinks. An episode that failed at its judge's verdict alone
// is judged by the new judge; any other that had failed is carried over
// as failed. Every record is checked against x before anything is written.
//
// Its lock is x's with the judge and the SHA-256 of the source's
// transcripts; its prompt store holds the source's prompts and the new
// judge's, so that every message's prompt can be shown. A rejudge of the
// same run with the same judge into the same folder resumes, unless
// opts.Fresh.
func Rejudge(ctx context.Context, x *Experiment, runDir, judge string, opts Options) (*Result, error) {
	entry := x.agent(judge)
	if entry == nil {
		return nil, &InputError{File: x.Path, Field: "--judge", Err: fmt.Errorf("unknown agent %q (agents: %s)", judge, x.agentNames())}
	}
	if err := x.Unready([]*AgentEntry{entry}); err != nil {
		return nil, err
	}
	calls := &callCounts{onRetry: opts.OnRetry}
	entry.wire(opts.Cache, calls, nil, false)
	in := filepath.Join(runDir, TranscriptsFile)
	release, err := HoldFolders(runDir)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := NotAShard(runDir); err != nil {
		return nil, err
	}
	src, targets, ids, source, err := x.rejudgeSource(in, runDir, entry.Name)
	if err != nil {
		return nil, err
	}
	defer src.close()
	lock, err := x.lockOf(&lockedRejudge{Judge: judge, SourceSHA256: source}, runDir)
	if err != nil {
		return nil, err
	}
	lock = oldestFormat(lock, runDir) // its kept messages are the source's
	unlock, err := LockFolder(opts.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	log, err := x.startLog(opts.Out, lock, fmt.Sprintf("%s, rejudging %s with %s", x.Path, runDir, judge), ids, opts.Fresh)
	if err != nil {
		return nil, err
	}
	defer log.f.Close()
	cut, err := x.openRejudgePrompts(opts.Out, runDir, len(log.prior) > 0)
	if err != nil {
		return nil, err
	}
	n, _ := InFlight(opts.Concurrency, []*AgentEntry{entry})
	n = min(n, max(src.len(), 1)) // no more workers than episodes
	failures := judgeFailures(x, targets, ids)
	r := &runner{
		n:       src.len(),
		workers: n,
		// Episodes that had failed are carried over as failed; the new
		// judge's own failures are held to the file's failure limit, as
		// a run's are, and its endpoint down stops the rejudge.
		policies: policiesOf(downPolicy([]*AgentEntry{entry}), damagePolicy(opts.Cache), failures),
		play:     x.rejudgePlay(entry, src, targets, ids),
		watchers: opts.Watchers,
		stop:     opts.Stop,
		grace:    opts.Grace,
		onCut:    opts.OnCut,
		partial:  opts.Partial,
	}
	r.resumeFrom(log)
	opts.resuming(log, len(ids))
	res, err := x.runAll(ctx, r, log, ids, append(slices.Clip(opts.Sinks), failures), calls)
	if res != nil {
		res.Carried = failures.seen
	}
	if perr := x.prompts.close(); perr != nil && err == nil {
		res, err = nil, perr
	}
	x.prompts = nil
	if res != nil {
		res.Warnings = append(res.Warnings, x.rejudgeWarnings(runDir, entry, cut)...)
	}
	return res, err
}

// rejudgeWarnings are what a rejudge of the run in runDir by judge warns
// of: its prompt store cut short (cut), another seed, protocols set
// otherwise, a swept judge.
func (x *Experiment) rejudgeWarnings(runDir string, judge *AgentEntry, cut bool) []string {
	var out []string
	if cut {
		out = append(out, fmt.Sprintf("%s is cut short (its run was killed before it closed the store): the rejudged run keeps the prompts before the cut", filepath.Join(runDir, PromptsFile)))
	}
	if w := x.seedMismatch(runDir); w != "" {
		out = append(out, w)
	}
	out = append(out, x.protocolsChanged(runDir)...)
	return append(out, x.sweptJudge(judge)...)
}

// carriedFailures is a rejudge's failure limit: max_failures (or the
// default) of its plan, as a run's, counting the new judge's failures
// only — not those of the episodes that had failed in the run judged
// again (carried, by rejudged id), which it carries over as failed and
// counts (seen) as they pass. A failed episode is played again on
// resuming, so every failure of the rejudge passes in its last pass.
type carriedFailures struct {
	failureLimit
	carried map[string]bool
	seen    int
}

func judgeFailures(x *Experiment, targets []rejudgeTarget, ids idList) *carriedFailures {
	f := &carriedFailures{carried: map[string]bool{}}
	for i := range targets {
		if targets[i].carried() {
			f.carried[ids[i]] = true
		}
	}
	f.limit = x.failureLimit().limit(len(targets))
	return f
}

// Episode counts, as a sink, a carried failure that a rejudge stopped
// early hands on from its earlier attempt without playing it again.
func (f *carriedFailures) Episode(rec *transcript.Episode, resumed bool) error {
	if resumed && rec.Error != "" && f.carried[rec.EpisodeID] {
		f.seen++
	}
	return nil
}

func (f *carriedFailures) Finish(rec *transcript.Episode) error {
	if f.carried[rec.EpisodeID] {
		f.seen++
		return nil
	}
	return f.failureLimit.Finish(rec)
}

// sweptJudge warns, for each axis of x's sweep that sets a judge — the
// new judge's settings, a first judge's, or a protocol's judge: — that
// the rejudge plays the new judge as the file writes it in every cell:
// the cells keep the axis's values, which no longer describe their judge.
func (x *Experiment) sweptJudge(judge *AgentEntry) []string {
	if x.Sweep == nil {
		return nil
	}
	judges := map[string]bool{judge.Name: true}
	for _, p := range x.Protocols {
		judges[p.Protocol.Common().Judge] = true
	}
	var out []string
	for _, ax := range x.Sweep.Axes {
		if slices.ContainsFunc(ax.targets, func(t axisTarget) bool {
			return t.agent != nil && judges[t.agent.Name] || t.proto != nil && ax.setting == "judge"
		}) {
			out = append(out, fmt.Sprintf("the sweep varies %s (%s), and the rejudge plays %s as the file writes it in every cell: the cells keep the values of %s, which no longer describe their judge", ax.Key, strings.Join(ax.Values, ", "), judge.Name, ax.Name))
		}
	}
	return out
}

// rejudgePlay plays episode i of src again, with entry the judge: its
// record is read back from the log, and a disk that fails now (it was read
// a moment ago) fails the episode, played again on resume.
func (x *Experiment) rejudgePlay(entry *AgentEntry, src *sourceLog, targets []rejudgeTarget, ids idList) func(context.Context, int) transcript.Episode {
	return func(ctx context.Context, i int) transcript.Episode {
		old, err := src.at(i)
		if err != nil {
			return transcript.Episode{EpisodeID: ids[i], Judge: entry.Name, Error: err.Error()}
		}
		return x.rejudgeOne(ctx, entry, old, &targets[i])
	}
}

// rejudgeSource opens the log at path of the run in runDir (openSource),
// finding as it reads in x what rejudging each episode by judge needs
// (rejudgeLookup.target), and the rejudged episodes' ids; it returns them
// with the SHA-256 of the log. A record x does not have, or has
// otherwise, is refused (ErrBadInput), naming its line.
func (x *Experiment) rejudgeSource(path, runDir, judge string) (*sourceLog, []rejudgeTarget, idList, string, error) {
	lookup, err := x.runLookup(runDir)
	if err != nil {
		return nil, nil, nil, "", err
	}
	var targets []rejudgeTarget
	var ids idList
	src, source, err := openSource(path, func(i int, rec *transcript.Episode, line int) error {
		t, err := lookup.recordTarget(x, rec, line)
		if err != nil {
			return err
		}
		if i == len(targets) {
			targets, ids = append(targets, rejudgeTarget{}), append(ids, "")
		}
		targets[i], ids[i] = t, rejudgedID(rec.EpisodeID, judge)
		return nil
	})
	return src, targets, ids, source, err
}

// NotAShard refuses the run in runDir where it is one shard's: its
// rejudge's lock would name no shard, and pass for a whole run.
func NotAShard(runDir string) error {
	if head, err := ReadLockHead(runDir); err == nil && head.Shard != "" {
		return fmt.Errorf("%w: %s holds shard %s of the plan: merge the shards (moot merge), then rejudge the merged run", ErrBadInput, runDir, head.Shard)
	}
	return nil
}

// seedMismatch warns when the run in runDir was played at another seed
// than x's: the new judge then draws apart from the first, and what the
// two agree on (kappa) mixes their judgement with unpaired noise. "" when
// the seeds match, or the run has no lock to say.
func (x *Experiment) seedMismatch(runDir string) string {
	return x.otherSeed(runDir, " and", "the new judge's draws do not pair with the first judge's, so their agreement mixes judgement with unpaired noise")
}

// otherSeed says, where the run in runDir was played at another seed than
// x's, that it was, joined by sep, why it matters, and the remedy; "" where
// the seeds match or the run has no lock to say. A recorded episode that x
// does not have is likely one a generator drew at the run's seed.
func (x *Experiment) otherSeed(runDir, sep, why string) string {
	head, err := ReadLockHead(runDir)
	if err != nil || head.Seed == x.Seed {
		return ""
	}
	return fmt.Sprintf("%s was played at seed %d%s %s gives seed %d: %s; rejudge with the run's own experiment file, or set seed: %d",
		runDir, head.Seed, sep, x.Path, x.Seed, why, head.Seed)
}

// notPlanned adds to err, that a recorded episode of the run in runDir is
// not in x, its likely cause where the run was played at another seed.
func (x *Experiment) notPlanned(err error, runDir string) error {
	if hint := x.otherSeed(runDir, ",", "a generator draws other questions at another seed, and a dataset's answer order and distractors are drawn at the seed"); hint != "" {
		return fmt.Errorf("%w (%s)", err, hint)
	}
	return err
}

// openRejudgePrompts opens the prompt store of a rejudge into out: the
// prompts of the run it judges again, in runDir, copied first unless it
// resumes, where they are there already; cut says that the source's store
// was cut short, and only its prompts before the cut were copied.
func (x *Experiment) openRejudgePrompts(out, runDir string, resumes bool) (cut bool, err error) {
	if !resumes {
		if err := os.Remove(filepath.Join(out, PromptsFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, err
		}
		at, err := copyPrompts(out, []string{runDir})
		if err != nil {
			return false, err
		}
		cut = len(at) > 0
	}
	x.prompts, err = openPrompts(out, false)
	return cut, err
}

// idList is a list of episode ids in plan order.
type idList []string

func (l idList) Len() int        { return len(l) }
func (l idList) ID(i int) string { return l[i] }

// rejudgeOne gives one recorded episode to the new judge. A judge call
// cut short by ctx leaves the record with an error, so that the runner
// drops it.
func (x *Experiment) rejudgeOne(ctx context.Context, entry *AgentEntry, old *transcript.Episode, t *rejudgeTarget) transcript.Episode {
	switch {
	case t.carried():
		return blankVerdict(old, entry.Name) // nothing complete to judge
	case t.vote:
		// No judge to replace: the vote stands as it was, its calls
		// kept from the first run, which made them.
		vote := *old
		vote.EpisodeID = rejudgedID(old.EpisodeID, entry.Name)
		vote.Messages = slices.Clone(old.Messages)
		for i := range vote.Messages {
			vote.Messages[i].Kept = true
		}
		vote.FailedCalls = nil
		if _, settled := t.pe.Protocol.(protocols.Settler); settled {
			// A remark settled it: the new judge would not have been
			// asked, and its cell is the new judge's, as is its judge
			// seat (takeOver's), read by moot show and the report.
			vote.Judge = entry.Name
			vote.Seats = slices.Clone(old.Seats)
			for i := range vote.Seats {
				if vote.Seats[i].Role == transcript.RoleJudge {
					vote.Seats[i].Agent = entry.Name
				}
			}
		}
		return vote
	}
	s := x.takeOver(old, t, entry.Name)
	rec := s.rec
	// The new judge gives each interim verdict the first one gave, after
	// the same rounds, reading what it read then, and its own verdict.
	// None reads another: over the network they are asked at once, each
	// into a record of its own, and recorded in order (every call made,
	// also where another failed).
	asks := make([]transcript.Episode, len(old.Interim)+1)
	errs := make([]error, len(asks))
	x.each(len(asks), waitsOnIO(entry), func(i int) error {
		errs[i] = x.rejudgeAsk(ctx, entry, old, &s, t.pe.Protocol, i, &asks[i])
		return errs[i]
	})
	var first error
	for i := range asks {
		start := len(rec.Messages)
		rec.Messages = append(rec.Messages, asks[i].Messages...)
		rec.FailedCalls = append(rec.FailedCalls, asks[i].FailedCalls...)
		if i < len(old.Interim) {
			rec.Interim = append(rec.Interim, asks[i].Interim...)
			placeAfterRound(&rec, start, old.Interim[i].Round)
		}
		first = cmp.Or(first, errs[i])
	}
	if first != nil {
		// The verdict stays the placeholder of a failed episode, also
		// where the new judge's own answered beside a failed interim.
		rec.Error = first.Error()
		return rec
	}
	rec.Verdict = asks[len(asks)-1].Verdict
	s.score(&rec)
	return rec
}

// heard rebuilds what a recorded episode's judge (seat judge of
// assignment a) read: the messages other than the judge's, which the
// rejudged record keeps; the turns as the judge saw them, quotes marked
// when the rules verify them against context, in the turns of seats that
// read it (every seat's where the task shares it), as playing.spoke marks
// them; and the round of its verdict.
func heard(old *transcript.Episode, a *protocols.Assignment, judge protocols.Seat, rules protocols.Rules, context string, shared bool) (kept []transcript.Message, shown []transcript.Turn, round int) {
	// Who argued which slot is in the record (an open protagonist chose
	// its side during the episode); a seat that answers stands for the
	// answer it gave, as the episode read it (playing.spoke).
	side := map[string]int{}
	for _, s := range old.Seats {
		side[s.Name] = transcript.NoSide
		if s.Argues >= 0 {
			side[s.Name] = slotOf(s.Argues, old.Order)
		}
	}
	type seatKey struct {
		name string
		role transcript.Role
	}
	answers, reads := map[string]bool{}, map[seatKey]bool{}
	for _, s := range a.Seats {
		answers[s.Name] = s.Act == protocols.Answer
		reads[seatKey{s.Name, s.Role}] = s.SeesContext || shared
	}
	round = rules.Rounds + 1
	// asks are the messages of an answer's asks so far, the last shown
	// turn's, where that turn is an answer: one asked again is one turn.
	var asks []transcript.Message
	for _, m := range old.Messages {
		if m.Name == judge.Name && m.Role == judge.Role {
			if !m.Aside { // not an interim verdict
				round = m.Round
			}
			continue
		}
		// Kept from the first run, which made the call: usage counts it
		// only in the listed cost.
		m.Kept = true
		kept = append(kept, m)
		if m.Aside || m.Discarded || m.Role == transcript.RoleReference {
			continue // what the judge did not read as a turn: a protagonist's choice, best-of-N scoring, a reference
		}
		again := answers[m.Name] && m.Sample > 0 && len(asks) > 0 && asks[0].Name == m.Name && asks[0].Role == m.Role && asks[0].Round == m.Round
		if !again {
			asks = asks[:0]
		}
		asks = append(asks, m)
		said := answerText(asks)
		text := quotes.Mark(said, context, rules.VerifyQuotes && reads[seatKey{m.Name, m.Role}])
		turn := transcript.Turn{Round: m.Round, Role: m.Role, Name: m.Name, Side: side[m.Name], Text: text}
		if answers[m.Name] {
			turn.Side, _ = protocols.ParseVerdict(said)
		}
		if again {
			shown[len(shown)-1] = turn
			continue
		}
		shown = append(shown, turn)
	}
	return kept, shown, round
}

// placeAfterRound moves the messages of rec from start on, an interim
// verdict asked after round, to where the first run gave it: after the
// last message of that round or an earlier one, before the next round's.
func placeAfterRound(rec *transcript.Episode, start, round int) {
	at := start
	for at > 0 && rec.Messages[at-1].Round > round {
		at--
	}
	if at == start {
		return
	}
	asked := slices.Clone(rec.Messages[start:])
	rec.Messages = slices.Insert(slices.Delete(rec.Messages, start, len(rec.Messages)), at, asked...)
}
