package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// Rejudge judges the episodes of an earlier run again with another judge
// of x, without playing the speakers again: each episode keeps its
// speakers' messages, and the new judge reads them as the first judge did
// (same answer order, same quote marks) and gives its own verdict. x must
// be the experiment the run came from, for its questions and protocols.
// The new run is written to opts.Out like any run; episodes that had failed
// are carried over as failed.
func Rejudge(ctx context.Context, x *Experiment, runDir, judge string, opts Options) (*Result, error) {
	entry := x.agent(judge)
	if entry == nil {
		return nil, &InputError{File: x.Path, Field: "--judge", Err: fmt.Errorf("unknown agent %q (agents: %s)", judge, x.agentNames())}
	}
	entry.caller = entry.Agent
	if opts.Cache != nil {
		entry.caller = opts.Cache.Wrap(entry.Agent, entry.Backend+" "+entry.Name)
	}
	in := filepath.Join(runDir, TranscriptsFile)
	recs, err := transcript.ReadFile(in)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	questions := map[string]map[string]*tasks.Question{}
	for _, t := range x.Tasks {
		byID := map[string]*tasks.Question{}
		for i := range t.Questions {
			byID[t.Questions[i].ID] = &t.Questions[i]
		}
		questions[t.Name] = byID
	}
	// A sweep's cells may set a protocol differently: an episode is
	// judged by its own cell's protocol.
	protocolsByLabel := map[string]*ProtocolEntry{}
	for _, p := range x.Protocols {
		protocolsByLabel[p.Label] = p
	}
	if x.Sweep != nil {
		for _, c := range x.Sweep.Cells {
			for _, p := range c.Protocols {
				protocolsByLabel[c.Name+"\x00"+p.Label] = p
			}
		}
	}

	out := make([]transcript.Episode, len(recs))
	errs := make([]error, len(recs))
	workers := opts.Concurrency
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i], errs[i] = x.rejudgeOne(ctx, entry, &recs[i], questions, protocolsByLabel)
			}
		}()
	}
	for i := range recs {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %w", ErrBadInput, in, i+1, err)
		}
	}

	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	lockData, err := x.Lock()
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(filepath.Join(opts.Out, LockFile), lockData); err != nil {
		return nil, err
	}
	log, err := openLog(opts.Out, x, nil, true)
	if err != nil {
		return nil, err
	}
	z := analysis.NewSummarizer(x.Name, x.Seed)
	for i := range out {
		if err := log.append(&out[i]); err != nil {
			log.close()
			return nil, err
		}
		z.Add(&out[i])
	}
	if err := log.close(); err != nil {
		return nil, err
	}
	sum := z.Summary()
	if err := writeOutputs(opts.Out, sum); err != nil {
		return nil, err
	}
	if err := report.WriteFile(opts.Out); err != nil {
		return nil, fmt.Errorf("engine: report: %w", err)
	}
	return &Result{Summary: sum, Failed: sum.Failed}, nil
}

// rejudgeOne gives one recorded episode to the new judge.
func (x *Experiment) rejudgeOne(ctx context.Context, entry *AgentEntry, old *transcript.Episode,
	questions map[string]map[string]*tasks.Question, byLabel map[string]*ProtocolEntry) (transcript.Episode, error) {
	rec := *old
	rec.EpisodeID = episodeID(old.EpisodeID, "rejudged by", entry.Name)
	rec.Judge = entry.Name
	rec.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: protocols.ParsedUnparsed}
	rec.Correct = false
	rec.Messages = nil
	if old.Error != "" {
		return rec, nil // nothing complete to judge
	}
	q := questions[old.Task][old.QuestionID]
	label := old.Protocol
	if old.Cell != "" {
		label = old.Cell + "\x00" + label
	}
	pe := byLabel[label]
	if q == nil || pe == nil {
		return rec, fmt.Errorf("episode %s: task %q question %q protocol %q are not in %s", old.EpisodeID, old.Task, old.QuestionID, old.Protocol, x.Path)
	}
	if _, ok := pe.Protocol.(protocols.Voter); ok {
		// No judge to replace: the vote stands as it was.
		vote := *old
		vote.EpisodeID = rec.EpisodeID
		return vote, nil
	}
	// An open protocol's record adds the protagonist's choice to the
	// assignment's name.
	planned := protocols.PlannedAssignment(old.Assignment)
	var a *protocols.Assignment
	for _, as := range pe.Protocol.Assignments() {
		if as.Name == planned {
			a = &as
			break
		}
	}
	if a == nil {
		return rec, fmt.Errorf("episode %s: protocol %s has no assignment %q", old.EpisodeID, pe.Label, old.Assignment)
	}
	rules := pe.Protocol.Rules()
	order := old.Order
	// Who argued which slot is in the record (an open protagonist chose
	// its side during the episode).
	side := map[string]int{}
	for _, s := range old.Seats {
		side[s.Name] = transcript.NoSide
		if s.Argues >= 0 {
			side[s.Name] = slotOf(s.Argues, order)
		}
	}
	var judgeSeat protocols.Seat
	for _, s := range a.Seats {
		if s.Act == protocols.Decide {
			judgeSeat = s
		}
	}
	isJudge := func(name string, role transcript.Role) bool { return name == judgeSeat.Name && role == judgeSeat.Role }
	judgeSeat.Agent = entry.Name
	round := rules.Rounds + 1
	var shown []transcript.Turn
	for _, m := range old.Messages {
		if isJudge(m.Name, m.Role) {
			round = m.Round
			continue
		}
		rec.Messages = append(rec.Messages, m)
		if m.Aside || m.Discarded {
			continue // what the judge did not read: a protagonist's choice, best-of-N scoring
		}
		text := m.Text
		if rules.VerifyQuotes {
			text = quotes.Verify(text, q.Context)
		}
		shown = append(shown, transcript.Turn{Round: m.Round, Role: m.Role, Name: m.Name, Side: side[m.Name], Text: text})
	}
	for i := range rec.Seats {
		if isJudge(rec.Seats[i].Name, rec.Seats[i].Role) {
			rec.Seats[i].Agent = entry.Name
		}
	}
	hidden, open := views(q, order)
	// The first judge's seed: the same judge, rejudging, gives the same
	// verdicts. A sweep's calls were seeded without the cell.
	seeded := old.EpisodeID
	if old.Cell != "" {
		seeded = seedID(x.Name, old.Task, old.QuestionID, old.Protocol, planned, old.Repeat)
	}
	req, err := request(pe.Protocol, judgeSeat, transcript.NoSide, round, hidden, open, shown, turnSeed(x.Seed, seeded, judgeSeat.Name, round))
	if err != nil {
		return rec, err
	}
	if err := x.judge(ctx, entry, req, order, &rec); err != nil {
		if ctx.Err() != nil {
			return rec, nil
		}
		rec.Error = err.Error()
		return rec, nil
	}
	rec.Correct = rec.Verdict.Answer == q.Correct
	return rec, nil
}
