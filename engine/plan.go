package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"strconv"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
)

// Episode is one planned episode: a question played by a protocol in one
// assignment, one repeat, and in a sweep one cell.
type Episode struct {
	Index      int // position in the plan; transcripts are written in this order
	ID         string
	Task       *TaskEntry
	Question   *tasks.Question
	Protocol   *ProtocolEntry
	Assignment *protocols.Assignment
	Repeat     int
	// Cell is the sweep's cell, nil without a sweep.
	Cell *Cell
	// seedID seeds the agents' calls. It is ID without the cell, so that
	// the cells of a sweep draw the same random numbers for the same
	// question and turn: they differ by the swept setting, not by luck
	// (common random numbers), and an LLM agent that a cell leaves alone
	// is asked the very same thing, which the cache then answers.
	seedID string
}

// Plan lists the episodes of an experiment in a fixed order: task,
// question, protocol, sweep cell, assignment, repeat. A protocol that the
// sweep does not touch is played once, with no cell, and shared by every
// cell, and one that some axes touch once for each combination of theirs
// (Sweep.PlayedIn). With a Shard, it lists the shard's part. A run
// does not hold this list: it reads its episodes one at a time from
// planned, which is the same list.
func (x *Experiment) Plan() []Episode {
	return x.planned().all()
}

// PlanSize is the number of episodes of Plan, and PlanCounts the number of
// each protocol's (by label, labels in plan order), without listing them.
func (x *Experiment) PlanSize() int { return x.planned().Len() }

// PlanQuestions is the number of questions Plan plays: with a Shard, the
// shard's.
func (x *Experiment) PlanQuestions() int { return len(x.planned().questions) }

// PlanCounts is the number of episodes of each protocol in Plan, by label,
// and the labels in the order the plan first plays them.
func (x *Experiment) PlanCounts() (labels []string, counts map[string]int) {
	p := x.planned()
	counts = map[string]int{}
	if len(p.questions) == 0 {
		return nil, counts
	}
	labels, slots := p.byLabel()
	for l, s := range slots {
		counts[l] = len(s) * len(p.questions)
	}
	return labels, counts
}

// byLabel is each protocol's slots of a question, by label, and the labels
// in the order the plan first plays them: a protocol's k-th episode in
// plan order is slot slots[k % len(slots)] of question k / len(slots).
func (p *planned) byLabel() (labels []string, slots map[string][]int) {
	slots = map[string][]int{}
	for si, slot := range p.slots {
		l := slot.protocol.Label
		if _, ok := slots[l]; !ok {
			labels = append(labels, l)
		}
		slots[l] = append(slots[l], si)
	}
	return labels, slots
}

// planned is an experiment's plan, read an episode at a time: every
// question is played by the same episodes (protocol, cell, assignment,
// repeat), so it holds an entry a question and one a slot of a question,
// and a plan of millions of episodes costs what its questions do.
type planned struct {
	questions []plannedQuestion // in plan order; a shard keeps its own
	slots     []planSlot        // the episodes of each question, in order
}

// plannedQuestion is a question of the plan; ordinal is its position among
// the questions of the whole plan, so that an episode's Index is its
// position in the whole plan, shard or not.
type plannedQuestion struct {
	task     *TaskEntry
	question *tasks.Question
	ordinal  int
}

type planSlot struct {
	protocol   *ProtocolEntry
	assignment *protocols.Assignment
	cell       *Cell
	repeat     int
	// shape numbers the protocol as the cell plays it: the slots of one
	// shape make about as many calls as each other.
	shape int
}

func (x *Experiment) planned() *planned { return x.planOf(x.Shard) }

// planOf is the plan of shard, or the whole plan when shard is nil.
func (x *Experiment) planOf(shard *Shard) *planned {
	p := &planned{}
	shapes := 0
	for pi := range x.Protocols {
		for _, c := range x.Sweep.PlayedIn(pi) {
			entry := x.protocolIn(pi, c)
			as := entry.Protocol.Assignments()
			for ai := range as {
				for r := range x.Repeats {
					p.slots = append(p.slots, planSlot{protocol: entry, assignment: &as[ai], cell: c, repeat: r, shape: shapes})
				}
			}
			shapes++
		}
	}
	ordinal := 0
	for _, t := range x.Tasks {
		for qi := range t.Questions {
			if shard == nil || ordinal%shard.Count == shard.Index-1 {
				p.questions = append(p.questions, plannedQuestion{task: t, question: &t.Questions[qi], ordinal: ordinal})
			}
			ordinal++
		}
	}
	if len(p.slots) == 0 {
		p.questions = nil
	}
	return p
}

// Len is the number of episodes in the plan.
func (p *planned) Len() int { return len(p.questions) * len(p.slots) }

// ID is the id of the plan's episode i.
func (p *planned) ID(i int) string { return p.At(i).ID }

// At is the plan's i-th episode.
func (p *planned) At(i int) Episode {
	q, s := &p.questions[i/len(p.slots)], &p.slots[i%len(p.slots)]
	id := seedID(q.task.Name, q.question.ID, s.protocol.Label, s.assignment.Name, s.repeat)
	ep := Episode{
		Index: q.ordinal*len(p.slots) + i%len(p.slots), ID: id, seedID: id,
		Task: q.task, Question: q.question, Protocol: s.protocol, Assignment: s.assignment,
		Repeat: s.repeat, Cell: s.cell,
	}
	if s.cell != nil {
		ep.ID = episodeID(q.task.Name, q.question.ID, s.protocol.Label, s.assignment.Name, s.repeat, s.cell.Name)
	}
	return ep
}

// eachShapeOfEachTask is the index, among the plan's questions, of the
// first question of each task of each shape a prompt template may branch
// on: with a text or none, shared with the judge or not, with an exhibit
// or none, with an evidence pool or none (a data file may give some
// records a context and others none). In plan order.
func (p *planned) eachShapeOfEachTask() []int {
	type shape struct {
		task                               *TaskEntry
		context, shared, exhibit, evidence bool
	}
	var firsts []int
	seen := map[shape]bool{}
	for i, q := range p.questions {
		k := shape{q.task, q.question.Context != "", q.question.ContextShared, q.question.Exhibit != "", len(q.question.Evidence) > 0}
		if !seen[k] {
			seen[k] = true
			firsts = append(firsts, i)
		}
	}
	return firsts
}

// Shape is the shape of episode i: episodes of one protocol, as one cell
// plays it, make about as many calls as each other.
func (p *planned) Shape(i int) int { return p.slots[i%len(p.slots)].shape }

// all lists the plan's episodes.
func (p *planned) all() []Episode {
	out := make([]Episode, p.Len())
	for i := range out {
		out[i] = p.At(i)
	}
	return out
}

// protocolIn is protocol pi as cell c plays it (c nil: as the file has it).
func (x *Experiment) protocolIn(pi int, c *Cell) *ProtocolEntry {
	if c != nil {
		return c.Protocols[pi]
	}
	return x.Protocols[pi]
}

// drawsOf is the id that seeds seat's calls in ep: its seedID, or for a
// seat whose protocol shares its draws (protocols.DrawSharer), the same id
// with the protocol's kind for its label.
func (ep *Episode) drawsOf(seat protocols.Seat) string {
	if d, ok := ep.Protocol.Protocol.(protocols.DrawSharer); !ok || !d.SharesDraws(seat) {
		return ep.seedID
	}
	return seedID(ep.Task.Name, ep.Question.ID, "kind:"+ep.Protocol.Kind, ep.Assignment.Name, ep.Repeat)
}

// seedID is the id that seeds an episode's calls: the episode's id without
// any sweep cell (see Episode.seedID), and its id when there is no sweep.
// Neither holds the experiment's name: two files with the same seed give
// the same draws to the same protocol (by label) on the same question and
// assignment, so that their runs pair episode by episode, and renaming an
// experiment changes none of its episodes.
func seedID(task, question, protocol, assignment string, repeat int) string {
	return episodeID(task, question, protocol, assignment, repeat)
}

// cellName is the name of the episode's sweep cell, "" without a sweep.
func (ep *Episode) cellName() string {
	if ep.Cell == nil {
		return ""
	}
	return ep.Cell.Name
}

// episodeID is stable: it depends only on what identifies the episode, so a
// resumed or repeated run gives every episode the same id.
func episodeID(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		var s string
		switch v := p.(type) {
		case string:
			s = v
		case int:
			s = strconv.Itoa(v)
		}
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// sampleSeed derives the seed of a repeated ask of one turn.
func sampleSeed(seed uint64, sample int) uint64 {
	h := fnv.New64a()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], seed)
	binary.LittleEndian.PutUint64(b[8:], uint64(sample))
	h.Write(b[:])
	return h.Sum64()
}

// turnSeed derives the seed of one agent call from the experiment seed, the
// episode and the turn, so that no two calls share a random stream and none
// depends on scheduling.
func turnSeed(seed uint64, episodeID, seat string, round int) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(episodeID))
	h.Write([]byte{0})
	h.Write([]byte(seat))
	binary.LittleEndian.PutUint64(b[:], uint64(round))
	h.Write(b[:])
	return h.Sum64()
}
