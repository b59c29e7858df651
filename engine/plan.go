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
// cell (Sweep.Touches). With a Shard, it lists the shard's part.
func (x *Experiment) Plan() []Episode {
	plan := x.wholePlan()
	if x.Shard != nil {
		return x.Shard.part(plan)
	}
	return plan
}

// wholePlan is Plan without the shard.
func (x *Experiment) wholePlan() []Episode {
	// cells[pi] are the cells protocol pi is played in: nil for none.
	cells := make([][]*Cell, len(x.Protocols))
	// assignments[pi][ci] are protocol pi's assignments in its cell ci.
	assignments := make([][][]protocols.Assignment, len(x.Protocols))
	perQuestion := 0
	for pi, p := range x.Protocols {
		cells[pi] = []*Cell{nil}
		if x.Sweep.Touches(p) {
			cells[pi] = x.Sweep.Cells
		}
		for _, c := range cells[pi] {
			as := x.protocolIn(pi, c).Protocol.Assignments()
			assignments[pi] = append(assignments[pi], as)
			perQuestion += len(as) * x.Repeats
		}
	}
	total := 0
	for _, t := range x.Tasks {
		total += len(t.Questions) * perQuestion
	}
	plan := make([]Episode, 0, total)
	for _, t := range x.Tasks {
		for qi := range t.Questions {
			q := &t.Questions[qi]
			for pi := range x.Protocols {
				for ci, c := range cells[pi] {
					p, as := x.protocolIn(pi, c), assignments[pi][ci]
					for ai := range as {
						a := &as[ai]
						for r := range x.Repeats {
							id := seedID(t.Name, q.ID, p.Label, a.Name, r)
							ep := Episode{
								Index: len(plan), ID: id, seedID: id,
								Task: t, Question: q, Protocol: p, Assignment: a, Repeat: r, Cell: c,
							}
							if c != nil {
								ep.ID = episodeID(t.Name, q.ID, p.Label, a.Name, r, c.Name)
							}
							plan = append(plan, ep)
						}
					}
				}
			}
		}
	}
	return plan
}

// protocolIn is protocol pi as cell c plays it (c nil: as the file has it).
func (x *Experiment) protocolIn(pi int, c *Cell) *ProtocolEntry {
	if c != nil {
		return c.Protocols[pi]
	}
	return x.Protocols[pi]
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
