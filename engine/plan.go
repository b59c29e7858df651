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
// assignment, one repeat.
type Episode struct {
	Index      int // position in the plan; transcripts are written in this order
	ID         string
	Task       *TaskEntry
	Question   *tasks.Question
	Protocol   *ProtocolEntry
	Assignment *protocols.Assignment
	Repeat     int
}

// Plan lists the episodes of an experiment in a fixed order: task,
// question, protocol, assignment, repeat.
func (x *Experiment) Plan() []Episode {
	assignments := make([][]protocols.Assignment, len(x.Protocols))
	perQuestion := 0
	for i, p := range x.Protocols {
		assignments[i] = p.Protocol.Assignments()
		perQuestion += len(assignments[i]) * x.Repeats
	}
	total := 0
	for _, t := range x.Tasks {
		total += len(t.Questions) * perQuestion
	}
	plan := make([]Episode, 0, total)
	for _, t := range x.Tasks {
		for qi := range t.Questions {
			q := &t.Questions[qi]
			for pi, p := range x.Protocols {
				for ai := range assignments[pi] {
					a := &assignments[pi][ai]
					for r := range x.Repeats {
						plan = append(plan, Episode{
							Index: len(plan), ID: episodeID(x.Name, t.Name, q.ID, p.Label, a.Name, r),
							Task: t, Question: q, Protocol: p, Assignment: a, Repeat: r,
						})
					}
				}
			}
		}
	}
	return plan
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
