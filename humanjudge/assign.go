package humanjudge

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/rank"
)

// Plan says which episodes one annotator judges.
type Plan struct {
	// Seed orders the questions; the same for every annotator of a
	// study. They are ranked by rank.Of, spread over the order, or with
	// FNVOrder as in a study begun before 2026-12-01, which keeps it so
	// that its annotators go on in the order they began in: by FNV-1a
	// of the seed and key alone, whose high bits hardly depend on a key's
	// last characters, so that ids that differ only there come together
	// and an annotator's first questions are a run of neighbouring ids.
	Seed     uint64
	FNVOrder bool
	// RunOrder lists each protocol's episodes of a question in the run's
	// order, as a study begun before 2026-12-05 keeps them so that its
	// annotators are not reassigned: an assignment's repeats (repeats: 2
	// or more) together, before the next assignment, so that the next
	// episode of the rotation was another repeat of the same answer
	// order. Without it they go assignment first: every assignment's
	// repeat 0, then every assignment's repeat 1…
	RunOrder bool
	// FixedRotation takes each question's assignment from its place in
	// the rotation alone, as a study begun before 2026-12-05 does, so
	// that its annotators are not reassigned: there the assignment
	// cycles with the annotator's position (a debate-only study shows
	// the correct answer as A, B, A, B…; a consultancy-only one an
	// honest consultant every other episode), which a person may pick
	// up. Without it the rotation starts each question at an
	// assignment drawn from Seed and the question.
	FixedRotation bool
	// Slot is the annotator's place in the study (0, 1…; by default the
	// lowest no annotator holds, see Join): it rotates which protocol and
	// answer order each question is judged under, so that a question's
	// protocols are spread over the annotators.
	Slot int
	// Repeat lets an annotator judge a question more than once, under
	// each of its protocols and orders; without it each question is
	// judged once.
	Repeat bool
	// N is the most episodes assigned; 0 for no limit.
	N int
}

// Assign returns the episodes of seats the annotator of p judges, in the
// order they are shown. Questions come in an order drawn from p.Seed;
// question j is judged under protocol (j + Slot) mod P of the protocols
// it was played with, and under that protocol's assignment (answer order,
// or the answer a consultant argues) ((j + Slot) / P + d_j) mod A, the
// A episodes listed assignment first (every assignment's repeat 0, then
// every assignment's repeat 1…; but see RunOrder), d_j drawn from
// p.Seed and the question (0 with FixedRotation). So an annotator's
// episodes cycle through the protocols, and any prefix (N) holds each
// about equally often; annotators in consecutive slots judge each
// question under different protocols; and which answer is correct, or
// whether a consultant argues it, does not follow from an episode's
// position. With Repeat, the annotator
// goes through the questions again, the rotation moved on by one each
// pass, until every episode is assigned.
func Assign(seats []*engine.JudgeSeat, p Plan) []*engine.JudgeSeat {
	qs := byQuestion(seats, p)
	passes := 1
	if p.Repeat {
		for _, q := range qs {
			n := 0
			for _, g := range q.byProtocol {
				n += len(g)
			}
			// Enough passes for the rotation to reach every episode.
			passes = max(passes, n*len(q.byProtocol))
		}
	}
	var out []*engine.JudgeSeat
	taken := map[*engine.JudgeSeat]bool{}
	for pass := 0; pass < passes && len(taken) < len(seats); pass++ {
		for j, q := range qs {
			s := q.pick(j + p.Slot + pass)
			if !taken[s] {
				taken[s] = true
				out = append(out, s)
			}
		}
	}
	if p.N > 0 && len(out) > p.N {
		out = out[:p.N]
	}
	return out
}

// question is a question's episodes, grouped by protocol.
type question struct {
	key  string
	rank uint64
	// shift is where the question's rotation through each protocol's
	// episodes starts (d_j of Assign): drawn from the seed and the key,
	// so that the assignment an annotator judges is not set by the
	// place of the question in their order; 0 with Plan.FixedRotation.
	shift uint64
	// byProtocol holds the question's episodes by protocol, in the order
	// the protocols first appear in the seats; each protocol's by repeat,
	// then in the seats' order (in the seats' order alone with
	// Plan.RunOrder).
	byProtocol [][]*engine.JudgeSeat
}

// pick is the episode at step k of the question's rotation: protocol k
// mod P, and that protocol's assignment (k / P + shift) mod A.
func (q *question) pick(k int) *engine.JudgeSeat {
	nP := len(q.byProtocol)
	group := q.byProtocol[k%nP]
	nA := len(group)
	return group[(k/nP+int(q.shift%uint64(nA)))%nA]
}

// byQuestion groups seats by question, the questions in the order drawn
// from p.Seed (by fnvRank with p.FNVOrder), each protocol's episodes of
// a question assignment first (in the seats' order with p.RunOrder).
func byQuestion(seats []*engine.JudgeSeat, p Plan) []*question {
	protocolRank := map[string]int{}
	index := map[string]*question{}
	var qs []*question
	for _, s := range seats {
		if _, ok := protocolRank[s.Protocol]; !ok {
			protocolRank[s.Protocol] = len(protocolRank)
		}
		k := engine.QuestionKey(s.Task, s.QuestionID)
		q := index[k]
		if q == nil {
			q = &question{key: k, rank: rank.Of(p.Seed, k)}
			if p.FNVOrder {
				q.rank = fnvRank(p.Seed, k)
			}
			if !p.FixedRotation {
				q.shift = rank.Of(p.Seed, "assignment", k)
			}
			index[k] = q
			qs = append(qs, q)
		}
		i := slices.IndexFunc(q.byProtocol, func(g []*engine.JudgeSeat) bool { return g[0].Protocol == s.Protocol })
		if i < 0 {
			q.byProtocol = append(q.byProtocol, nil)
			i = len(q.byProtocol) - 1
		}
		q.byProtocol[i] = append(q.byProtocol[i], s)
	}
	for _, q := range qs {
		slices.SortStableFunc(q.byProtocol, func(a, b []*engine.JudgeSeat) int { return protocolRank[a[0].Protocol] - protocolRank[b[0].Protocol] })
		if !p.RunOrder {
			// The run plays an assignment's repeats one after another;
			// a stable sort by repeat puts every assignment's repeat 0
			// first, in the run's order of the assignments.
			for _, g := range q.byProtocol {
				slices.SortStableFunc(g, func(a, b *engine.JudgeSeat) int { return cmp.Compare(a.Repeat, b.Repeat) })
			}
		}
	}
	slices.SortFunc(qs, func(a, b *question) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	return qs
}

// fnvRank is a question's rank in Plan.FNVOrder: FNV-1a of the seed and
// key.
func fnvRank(seed uint64, key string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(key))
	return h.Sum64()
}
