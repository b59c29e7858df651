package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// recorder is a sink that keeps the ids it is handed, and fails at one.
type recorder struct {
	ids    []string
	failAt string
}

func (r *recorder) Episode(rec *transcript.Episode, resumed bool) error {
	if rec.EpisodeID == r.failAt {
		return errors.New("disk full")
	}
	r.ids = append(r.ids, fmt.Sprint(rec.EpisodeID, resumed))
	return nil
}

// stopAfter is a policy that lets n episodes start.
type stopAfter struct{ n int }

var errEnough = errors.New("enough")

func (s *stopAfter) Start() error {
	if s.n == 0 {
		return errEnough
	}
	s.n--
	return nil
}
func (s *stopAfter) Finish(*transcript.Episode) error { return nil }

func TestRunnerHandsOnInPlanOrder(t *testing.T) {
	play := func(_ context.Context, i int) transcript.Episode { return transcript.Episode{EpisodeID: fmt.Sprint(i)} }
	resumed := func(i int) bool { return i%3 == 0 }
	prior := func(i int) (*transcript.Episode, error) {
		if i == 9 {
			return nil, errors.New("the log cannot be read back")
		}
		return &transcript.Episode{EpisodeID: fmt.Sprint(i)}, nil
	}
	tests := []struct {
		name     string
		policies []Policy
		failAt   string
		n        int // 7 unless set
		want     []string
		reason   error
		err      bool
	}{
		{name: "all", want: []string{"0true", "1false", "2false", "3true", "4false", "5false", "6true"}},
		{name: "policy stops", policies: []Policy{&stopAfter{2}}, want: []string{"0true", "1false", "2false", "3true", "6true"}, reason: errEnough},
		{name: "sink fails", failAt: "4", want: []string{"0true", "1false", "2false", "3true"}, err: true},
		{name: "prior unreadable", n: 11, want: []string{"0true", "1false", "2false", "3true", "4false", "5false", "6true", "7false", "8false"}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &recorder{failAt: tt.failAt}
			n := cmp.Or(tt.n, 7)
			r := &runner{n: n, workers: 3, play: play, resumed: resumed, prior: prior, policies: tt.policies, sinks: []Sink{sink}}
			end, err := r.run(context.Background())
			if (err != nil) != tt.err || !errors.Is(end.reason, tt.reason) && !tt.err {
				t.Fatalf("got reason %v, error %v; want %v, error %v", end.reason, err, tt.reason, tt.err)
			}
			if fmt.Sprint(sink.ids) != fmt.Sprint(tt.want) {
				t.Errorf("got %v; want %v", sink.ids, tt.want)
			}
			if !tt.err && end.done != len(tt.want) {
				t.Errorf("got %d done; want %d", end.done, len(tt.want))
			}
		})
	}
}

// priorityProbe is an agent that keeps the priority each call carries.
type priorityProbe struct{ seen *[]int }

func (a priorityProbe) Generate(ctx context.Context, _ agents.Request) (agents.Response, error) {
	*a.seen = append(*a.seen, agents.PriorityOf(ctx)())
	return agents.Response{Text: "ok"}, nil
}

// TestLastItemsCallsGoFirst: while the plan has items to start, calls
// carry no priority; once the last has started, an item's priority is the
// calls it has left, in eighths: the mean calls of the finished items of
// its shape less those it has made.
func TestLastItemsCallsGoFirst(t *testing.T) {
	var seen []int
	counts := &callCounts{}
	agent := counts.wrap(priorityProbe{&seen})
	calls := func(i int) int { return []int{3, 1}[i%2] } // two shapes
	r := &runner{n: 5, workers: 1, shape: func(i int) int { return i % 2 },
		play: func(ctx context.Context, i int) transcript.Episode {
			for range calls(i) {
				if _, err := agent.Generate(ctx, agents.Request{}); err != nil {
					t.Fatal(err)
				}
			}
			return transcript.Episode{EpisodeID: fmt.Sprint(i)}
		}}
	if _, err := r.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// One worker: the fifth item is the last to start; the first and
	// the third, of its shape, made three calls each.
	base := math.MaxInt32 / 2
	want := []int{0, 0, 0, 0, 0, 0, 0, 0, base + 16, base + 8, base}
	if diff := gocmp.Diff(want, seen); diff != "" {
		t.Errorf("priorities of the calls (-want +got):\n%s", diff)
	}
}

// TestLongerShapeGoesFirst: once the plan is drained, an item of a shape
// that makes more calls, with more left, goes before one of a shorter
// shape that has made fewer; an item of a shape none of whose items has
// finished is taken to be as long as the longest shape.
func TestLongerShapeGoesFirst(t *testing.T) {
	s := &schedule{r: &runner{n: 6, shape: func(i int) int { return i % 3 }}}
	for i, made := range []int64{6, 2} { // shape 0: six calls; shape 1: two
		p := s.item(i)
		p.made.Store(made)
		p.finished()
	}
	long, short, unknown := s.item(3), s.item(4), s.item(5)
	long.made.Store(3)
	unknown.made.Store(1)
	ctx := map[string]context.Context{}
	for name, p := range map[string]*inPlay{"long": long, "short": short, "unknown": unknown} {
		ctx[name] = p.context(context.Background())
	}
	priority := func(name string) int { return agents.PriorityOf(ctx[name])() }
	for name := range ctx {
		if p := priority(name); p != 0 {
			t.Fatalf("before the plan is drained: %s has priority %d; want 0", name, p)
		}
	}
	s.drain()
	if priority("long") <= priority("short") {
		t.Errorf("three calls left has priority %d, not above %d of two left", priority("long"), priority("short"))
	}
	if priority("unknown") <= priority("long") {
		t.Errorf("a shape with none finished (taken as six calls, one made) has priority %d, not above %d of three left",
			priority("unknown"), priority("long"))
	}
}

// TestDrainedPastResumedItems: the items after the last one to play have
// prior records; its calls carry priorities all the same.
func TestDrainedPastResumedItems(t *testing.T) {
	var seen []int
	agent := (&callCounts{}).wrap(priorityProbe{&seen})
	r := &runner{n: 4, workers: 1,
		resumed: func(i int) bool { return i == 3 },
		prior:   func(i int) (*transcript.Episode, error) { return &transcript.Episode{EpisodeID: fmt.Sprint(i)}, nil },
		play: func(ctx context.Context, i int) transcript.Episode {
			if _, err := agent.Generate(ctx, agents.Request{}); err != nil {
				t.Fatal(err)
			}
			return transcript.Episode{EpisodeID: fmt.Sprint(i)}
		}}
	if _, err := r.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[2] == 0 {
		t.Errorf("priorities of the three items played: %v; want the last above 0", seen)
	}
}

// watchCount is a Watcher that closes all once it has been told of n
// records.
type watchCount struct {
	mu      sync.Mutex
	n, seen int
	all     chan struct{}
}

func (w *watchCount) Played(*transcript.Episode) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen++; w.seen == w.n {
		close(w.all)
	}
}

// TestWatchersHearOfEpisodesAsTheyFinish: the watchers (progress) are
// told of each record as it finishes, not in plan order: with the first
// item held until the others have been watched, the run ends; told in
// plan order, it would wait for ever.
func TestWatchersHearOfEpisodesAsTheyFinish(t *testing.T) {
	const n = 6
	w := &watchCount{n: n - 1, all: make(chan struct{})}
	r := &runner{n: n, workers: 3, watchers: []Watcher{w},
		play: func(ctx context.Context, i int) transcript.Episode {
			if i == 0 {
				select {
				case <-w.all:
				case <-time.After(10 * time.Second):
					t.Error("the others were not watched while the first played")
				}
			}
			return transcript.Episode{EpisodeID: fmt.Sprint(i)}
		}}
	r.sinks = []Sink{&recorder{}}
	if _, err := r.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w.seen != n {
		t.Errorf("watched %d records; want %d", w.seen, n)
	}
}

// downAfterFirst is a policy whose endpoint goes down once an episode
// has finished.
type downAfterFirst struct{ finished bool }

func (d *downAfterFirst) Start() error {
	if d.finished {
		return fmt.Errorf("%w: agent a: connection refused", ErrEndpointDown)
	}
	return nil
}
func (d *downAfterFirst) Finish(*transcript.Episode) error {
	d.finished = true
	return d.Start()
}

// An endpoint down stops the run, and what is in flight — a call that
// would wait out every retry's time-out as the endpoint's probe — is cut
// short after the grace period, to be played again on resume; what
// finishes within the grace is kept.
func TestEndpointDownCutsWhatIsInFlight(t *testing.T) {
	var mu sync.Mutex
	cut := 0
	var started sync.WaitGroup
	started.Add(2)
	play := func(ctx context.Context, i int) transcript.Episode {
		if i == 0 {
			// It finishes, and the endpoint goes down, with the other
			// two in flight.
			started.Wait()
			return transcript.Episode{EpisodeID: "0"}
		}
		started.Done()
		if i == 1 {
			// Within the grace.
			time.Sleep(20 * time.Millisecond)
			return transcript.Episode{EpisodeID: "1"}
		}
		select {
		case <-ctx.Done():
			mu.Lock()
			cut++
			mu.Unlock()
			return transcript.Episode{EpisodeID: fmt.Sprint(i), Error: "cut short"}
		case <-time.After(10 * time.Second):
			return transcript.Episode{EpisodeID: fmt.Sprint(i), Error: "waited out its time-outs"}
		}
	}
	sink := &recorder{}
	r := &runner{n: 6, workers: 3, play: play, policies: []Policy{&downAfterFirst{}}, sinks: []Sink{sink}, grace: 500 * time.Millisecond}
	end, err := r.run(context.Background())
	if err != nil || !errors.Is(end.reason, ErrEndpointDown) {
		t.Fatalf("got reason %v, error %v; want the endpoint down", end.reason, err)
	}
	if fmt.Sprint(sink.ids) != "[0false 1false]" || cut != 1 {
		t.Errorf("handed on %v, %d cut short; want [0false 1false] and the one still in flight after the grace cut short", sink.ids, cut)
	}
}

// TestEndpointDownIsAskedFirst: the policy of an endpoint down comes
// before the failure limit, so that episodes failed by a dead endpoint
// stop the run as an endpoint down — whose calls in flight are cut — and
// not as too many failures, whose are waited out.
func TestEndpointDownIsAskedFirst(t *testing.T) {
	x := &Experiment{BudgetUSD: 1}
	ps := x.policies(10, []*AgentEntry{{Name: "a", Agent: downAgent{}}}, &episodeLog{}, Options{}, true)
	if len(ps) != 3 {
		t.Fatalf("%d policies; want the endpoint down, the budget and the failure limit", len(ps))
	}
	if _, ok := ps[0].(endpointsDown); !ok {
		t.Errorf("the first policy is a %T; want endpointsDown", ps[0])
	}
}

// downAgent is an agent whose endpoint is down.
type downAgent struct{}

func (downAgent) Generate(context.Context, agents.Request) (agents.Response, error) {
	return agents.Response{}, agents.ErrEndpointDown
}
func (downAgent) Down() error { return agents.ErrEndpointDown }

// keepRecorder is a keeper: it tells of each record kept on a channel,
// and keeps the ids handed on in plan order apart.
type keepRecorder struct {
	kept   chan string
	handed []string
}

func (k *keepRecorder) Keep(rec *transcript.Episode, _ []byte) error {
	k.kept <- rec.EpisodeID
	return nil
}

func (k *keepRecorder) Episode(rec *transcript.Episode, _ bool) error {
	k.handed = append(k.handed, rec.EpisodeID)
	return nil
}

// Episodes that finish behind a slow earlier one reach the log within two
// sync ticks, not when the slow one ends: a killed process loses them
// otherwise. The other sinks still get every record in plan order, and
// the log does not get a kept one twice.
func TestRecordsWaitingBehindASlowOneAreKept(t *testing.T) {
	const n = 5
	keep := &keepRecorder{kept: make(chan string, n)}
	inOrder := &recorder{}
	release := make(chan struct{})
	play := func(_ context.Context, i int) transcript.Episode {
		if i == 0 {
			<-release
		}
		return transcript.Episode{EpisodeID: fmt.Sprint(i)}
	}
	var kept []string
	go func() {
		defer close(release)
		timeout := time.After(10 * time.Second)
		for len(kept) < n-1 {
			select {
			case id := <-keep.kept:
				kept = append(kept, id)
			case <-timeout:
				return // the run then ends, and the test fails below
			}
		}
	}()
	r := &runner{n: n, workers: n, play: play, sinks: []Sink{keep, inOrder}, syncEvery: 5 * time.Millisecond}
	if _, err := r.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-release
	slices.Sort(kept) // kept in plan order within a tick; a tick may split them
	if got, want := fmt.Sprint(kept), "[1 2 3 4]"; got != want {
		t.Errorf("kept while episode 0 played: %s; want %s", got, want)
	}
	if got, want := fmt.Sprint(keep.handed), "[0]"; got != want {
		t.Errorf("the keeper was handed %s in plan order; want %s", got, want)
	}
	if got, want := fmt.Sprint(inOrder.ids), "[0false 1false 2false 3false 4false]"; got != want {
		t.Errorf("the other sink got %s; want %s", got, want)
	}
}

// TestBudgetWaitsForWhatIsInFlight: where the reservations for the
// episodes in flight leave no room, the next waits for them to be paid
// rather than end the run; the run stops when not even one more fits. A
// budget of $10 reserving $3 an episode, each costing $1: three start at
// once; in all eight are played ($7 paid, and $3 more would fit; $8 paid,
// and it would not). Before, the fourth ended the run with $0 paid.
func TestBudgetWaitsForWhatIsInFlight(t *testing.T) {
	play := func(_ context.Context, i int) transcript.Episode {
		time.Sleep(time.Millisecond)
		return transcript.Episode{EpisodeID: fmt.Sprint(i), Messages: []transcript.Message{{CostUSD: 1}}}
	}
	sink := &recorder{}
	r := &runner{n: 20, workers: 4, play: play, sinks: []Sink{sink}, policies: []Policy{&budget{limit: 10, each: 3}}}
	end, err := r.run(context.Background())
	if err != nil || !errors.Is(end.reason, ErrBudget) {
		t.Fatalf("reason %v, error %v; want ErrBudget", end.reason, err)
	}
	if end.done != 8 {
		t.Errorf("%d episodes played; want 8", end.done)
	}
	// A batch run's budget (the mean) stops at once instead, at the first
	// episode that does not fit, short of the 8 that waiting plays. How
	// many started before that depends on how the workers were scheduled
	// (one may be paid before the fourth asks, under load): the three
	// that fit at once, or a few more, never all 8.
	r = &runner{n: 20, workers: 4, play: play, sinks: []Sink{&recorder{}}, policies: []Policy{&budget{limit: 10, each: 3, mean: true}}}
	if end, err := r.run(context.Background()); err != nil || !errors.Is(end.reason, ErrBudget) || end.done < 3 || end.done >= 8 {
		t.Errorf("mean budget: %d episodes played, reason %v, error %v; want it stopped at once, from 3 played, short of 8", end.done, end.reason, err)
	}
}

// TestWaitingForTheBudgetEndsOnInterrupt: a worker that waits on the
// budget is woken when the run is interrupted, and the run ends.
func TestWaitingForTheBudgetEndsOnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	play := func(ctx context.Context, i int) transcript.Episode {
		<-ctx.Done() // the three in flight hold until the interrupt
		return transcript.Episode{EpisodeID: fmt.Sprint(i), Error: "cut"}
	}
	r := &runner{n: 20, workers: 4, play: play, sinks: []Sink{&recorder{}}, policies: []Policy{&budget{limit: 10, each: 3}}}
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan runEnd)
	go func() { end, _ := r.run(ctx); done <- end }()
	select {
	case end := <-done:
		if !errors.Is(end.reason, ErrInterrupted) {
			t.Errorf("reason %v; want ErrInterrupted", end.reason)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the run did not end after the interrupt")
	}
}
