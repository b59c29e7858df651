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
// question, protocol, sweep cell, assignment, repeat.
func (x *Experiment) Plan() []Episode {
	cells := []*Cell{nil}
	if x.Sweep != nil {
		cells = x.Sweep.Cells
	}
	// protocol returns protocol pi as cell c plays it, with its
	// assignments.
	assignments := make([][]protocols.Assignment, len(x.Protocols)*len(cells))
	protocol := func(pi, ci int) (*ProtocolEntry, []protocols.Assignment) {
		p := x.Protocols[pi]
		if cells[ci] != nil {
			p = cells[ci].Protocols[pi]
		}
		k := pi*len(cells) + ci
		if assignments[k] == nil {
			assignments[k] = p.Protocol.Assignments()
		}
		return p, assignments[k]
	}
	perQuestion := 0
	for pi := range x.Protocols {
		for ci := range cells {
			_, as := protocol(pi, ci)
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
				for ci, c := range cells {
					p, as := protocol(pi, ci)
					for ai := range as {
						a := &as[ai]
						for r := range x.Repeats {
							id := seedID(x.Name, t.Name, q.ID, p.Label, a.Name, r)
							ep := Episode{
								Index: len(plan), ID: id, seedID: id,
								Task: t, Question: q, Protocol: p, Assignment: a, Repeat: r, Cell: c,
							}
							if c != nil {
								ep.ID = episodeID(x.Name, t.Name, q.ID, p.Label, a.Name, r, c.Name)
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

// seedID is the id that seeds an episode's calls: the episode's id without
// any sweep cell (see Episode.seedID), and its id when there is no sweep.
func seedID(experiment, task, question, protocol, assignment string, repeat int) string {
	return episodeID(experiment, task, question, protocol, assignment, repeat)
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
