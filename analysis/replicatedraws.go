package analysis

import (
	"encoding/hex"
	"maps"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// RepeatedDraws counts, for one agent of a replicated run, its answers
// that are the very draw of an answer it gave at another seed
// (transcript.Message.Draw): the same request, its seed included, answered
// alike from the response cache or a batch. An agent that sends one seed
// with every call (an OpenAI-compatible endpoint's seed: setting) asks
// the same at every seed of a task whose questions the seeds share, and
// its answers there are copies, not draws: the seeds are then not
// independent draws of the study, and what is computed over them counts
// each copy as one. A sim agent's draw holds the call's seed, which
// differs between seeds, and an answer drawn anew (an uncached LLM's)
// names none: neither is counted.
type RepeatedDraws struct {
	Agent string `json:"agent"`
	// Answers counts the agent's answers that name a draw, at every
	// seed; Repeated those whose draw another seed's answer drew first.
	Answers  int `json:"answers"`
	Repeated int `json:"repeated"`
}

// seedDraws finds the draws that answer at more than one seed.
type seedDraws struct {
	// first is the replicate that first named each draw, by the draw's
	// first 64 bits: about 20 bytes a draw, where the whole id would
	// take three times that.
	first   map[uint64]int32
	answers map[string]int
	repeats map[string]int
}

// add counts the drawn answers of an episode of replicate r.
func (d *seedDraws) add(r int, ep *transcript.Episode) {
	for i := range ep.Messages {
		m := &ep.Messages[i]
		key, ok := drawKey(m.Draw)
		if !ok {
			continue
		}
		if d.first == nil {
			d.first, d.answers, d.repeats = map[uint64]int32{}, map[string]int{}, map[string]int{}
		}
		d.answers[m.Agent]++
		if first, seen := d.first[key]; !seen {
			d.first[key] = int32(r)
		} else if int(first) != r {
			d.repeats[m.Agent]++
		}
	}
}

// drawKey is the first 64 bits of a draw id (32 hex digits), false for
// none or one not in that form.
func drawKey(draw string) (uint64, bool) {
	if len(draw) < 16 {
		return 0, false
	}
	var b [8]byte
	if _, err := hex.Decode(b[:], []byte(draw[:16])); err != nil {
		return 0, false
	}
	var k uint64
	for _, x := range b {
		k = k<<8 | uint64(x)
	}
	return k, true
}

// repeated lists, by agent name, the agents some of whose answers repeat
// another seed's draw.
func (d *seedDraws) repeated() []RepeatedDraws {
	var out []RepeatedDraws
	for _, agent := range slices.Sorted(maps.Keys(d.repeats)) {
		out = append(out, RepeatedDraws{Agent: agent, Answers: d.answers[agent], Repeated: d.repeats[agent]})
	}
	return out
}
