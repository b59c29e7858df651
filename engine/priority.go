package engine

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/mootlab/moot/agents"
)

// Where calls wait for an endpoint's limit, they go in the order they
// came while the plan has items to start, so that no item is held back by
// the ones started after it. Once the plan has none left, the items with
// the most calls left go first (highest level first, Hu 1961): the run
// ends when its longest remaining chain of calls does, and in the order
// they came the last items' calls would wait behind those of items that
// are nearly done while the endpoints empty. An item's calls left are the
// mean calls of the items of its shape (runner.shape) that finished
// without error, less those it has made; for a shape with none yet, the
// longest mean of the others when the plan drained (a long protocol is
// the one whose items finish last), or none when no shape had one.

// inPlay is an item being played: its calls so far, counted by the
// counted agents it calls through (itemCallsKey), and its shape's tally.
type inPlay struct {
	s     *schedule
	made  atomic.Int64
	shape *shapeTally
}

// itemCallsKey is the context key of the item being played.
type itemCallsKey struct{}

// shapeTally is the calls made by the items of one shape that finished
// without error, and how many they are.
type shapeTally struct{ calls, items atomic.Int64 }

// shapeTallies are the tallies by shape.
type shapeTallies struct {
	mu sync.Mutex
	by map[int]*shapeTally
	// longest is the largest mean calls of a shape, in eighths, when the
	// plan drained: what an item of a shape with no finished item is
	// taken to make.
	longest atomic.Int64
}

// fixLongest sets longest from the tallies.
func (t *shapeTallies) fixLongest() {
	t.mu.Lock()
	defer t.mu.Unlock()
	longest := int64(0)
	for _, tally := range t.by {
		if n := tally.items.Load(); n > 0 {
			longest = max(longest, tally.calls.Load()*8/n)
		}
	}
	t.longest.Store(longest)
}

// drain marks the plan drained: every item has been given out, or none
// more will be.
func (s *schedule) drain() {
	if !s.drained.Load() {
		s.shapes.fixLongest()
		s.drained.Store(true)
	}
}

func (t *shapeTallies) of(shape int) *shapeTally {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.by == nil {
		t.by = map[int]*shapeTally{}
	}
	if t.by[shape] == nil {
		t.by[shape] = &shapeTally{}
	}
	return t.by[shape]
}

// item starts playing item i.
func (s *schedule) item(i int) *inPlay {
	shape := 0
	if s.r.shape != nil {
		shape = s.r.shape(i)
	}
	return &inPlay{s: s, shape: s.shapes.of(shape)}
}

// context is ctx carrying the item and its priority.
func (p *inPlay) context(ctx context.Context) context.Context {
	return agents.WithPriority(context.WithValue(ctx, itemCallsKey{}, p), p.priority)
}

// priority is 0 while the plan has items to start; after, it grows with
// the calls the item has left, in eighths of a call.
func (p *inPlay) priority() int {
	if !p.s.drained.Load() {
		return 0
	}
	mean := p.s.shapes.longest.Load()
	if n := p.shape.items.Load(); n > 0 {
		mean = p.shape.calls.Load() * 8 / n
	}
	return math.MaxInt32/2 + int(mean-p.made.Load()*8)
}

// called counts a call of the item ctx carries, if any.
func called(ctx context.Context) {
	if p, ok := ctx.Value(itemCallsKey{}).(*inPlay); ok {
		p.made.Add(1)
	}
}

// finished adds the calls of the item, which finished without error, to
// its shape's tally.
func (p *inPlay) finished() {
	p.shape.calls.Add(p.made.Load())
	p.shape.items.Add(1)
}
