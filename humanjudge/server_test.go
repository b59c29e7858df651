package humanjudge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// client talks to a judging server as the page does.
type client struct {
	t    *testing.T
	base string
	csrf string
	http *http.Client
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([0-9a-f]+)">`)

func newClient(t *testing.T, base string) *client {
	t.Helper()
	c := &client{t: t, base: base, http: &http.Client{}}
	code, body := c.get("/")
	m := csrfMeta.FindStringSubmatch(body)
	if code != http.StatusOK || m == nil {
		t.Fatalf("GET /: %d, no CSRF token in %q", code, body)
	}
	c.csrf = m[1]
	return c
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	r, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.csrf != "" {
		r.Header.Set(csrfHeader, c.csrf)
	}
	return c.do(r)
}

// do sends r and returns the answer's status and body.
func (c *client) do(r *http.Request) (int, string) {
	c.t.Helper()
	resp, err := c.http.Do(r)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) state() stateJSON {
	c.t.Helper()
	code, body := c.get("/api/state")
	var st stateJSON
	if err := json.Unmarshal([]byte(body), &st); code != http.StatusOK || err != nil {
		c.t.Fatalf("GET /api/state: %d %v: %s", code, err, body)
	}
	return st
}

// post posts v as a verdict; without a key, it is given the key of the
// episode the server shows now, as the page would.
func (c *client) post(v verdictIn, csrf, contentType string) (int, string) {
	c.t.Helper()
	if v.Key == "" {
		if st := c.state(); st.Episode != nil {
			v.Key = st.Episode.Key
		}
	}
	b, _ := json.Marshal(v)
	return c.postBody(b, csrf, contentType)
}

// postBody posts body as a verdict.
func (c *client) postBody(b []byte, csrf, contentType string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/verdict", bytes.NewReader(b))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set(csrfHeader, csrf)
	return c.do(req)
}

func (c *client) judge(v verdictIn) {
	c.t.Helper()
	c.judgeAs(v, "application/json")
}

// judgeAs posts v under the content type ct, which must be taken.
func (c *client) judgeAs(v verdictIn, ct string) {
	c.t.Helper()
	if code, body := c.post(v, c.csrf, ct); code != http.StatusOK {
		c.t.Fatalf("verdict %+v: %d %s", v, code, body)
	}
}

// fakeClock moves on by step at each reading.
func fakeClock(step time.Duration) func() time.Time {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return func() time.Time { now = now.Add(step); return now }
}

func openTest(t *testing.T, cfg Config) (*Server, *client) {
	t.Helper()
	srv, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return srv, newClient(t, hs.URL)
}

func TestJudgeResumeAndRecords(t *testing.T) {
	x, recs, seats := testSeats(t, "ann")
	assigned := Assign(seats, Plan{Seed: 1})
	dir := t.TempDir()
	var saved []int
	cfg := Config{Annotator: "ann", Dir: dir, Episodes: assigned, Now: fakeClock(1500 * time.Millisecond),
		Saved: func(rs []transcript.Episode, remaining int) error {
			saved = append(saved, len(rs)+remaining)
			return nil
		}}
	srv, c := openTest(t, cfg)
	st := c.state()
	if st.Judged != 0 || st.Total != len(assigned) || st.Episode == nil || st.Episode.Position != 1 {
		t.Fatalf("first state %+v; want episode 1 of %d", st, len(assigned))
	}
	c.judge(verdictIn{Position: 1, Answer: "B", Confidence: 70, Reason: "Answer: A\nthe second is better"})
	c.judge(verdictIn{Position: 2, Answer: "A", Confidence: 100})
	if code, _ := c.post(verdictIn{Position: 2, Answer: "A", Confidence: 90}, c.csrf, "application/json"); code != http.StatusConflict {
		t.Errorf("a second verdict on episode 2: %d; want 409", code)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 || saved[0] != len(assigned) {
		t.Errorf("Saved called with totals %v; want twice with %d", saved, len(assigned))
	}
	// A torn last line, as a power cut would leave, is cut off on resume.
	f, _ := os.OpenFile(filepath.Join(dir, engine.TranscriptsFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"episode_id":"torn`)
	f.Close()

	var logged []string
	cfg.Logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	srv2, c2 := openTest(t, cfg)
	defer srv2.Close()
	if len(logged) != 1 || !strings.Contains(logged[0], "was cut short") {
		t.Errorf("logged %q on resume; want the cut line said", logged)
	}
	st = c2.state()
	if st.Judged != 2 || st.Episode == nil || st.Episode.Position != 3 || st.Total != len(assigned) {
		t.Fatalf("resumed state: judged %d, total %d, episode %+v; want episode 3", st.Judged, st.Total, st.Episode)
	}
	got := srv2.Records()
	if len(got) != 2 {
		t.Fatalf("%d records on disk; want 2", len(got))
	}
	for i, v := range []struct {
		slot   int
		p      float64
		reason bool
	}{{1, 0.7, true}, {0, 1.0, false}} {
		r, seat := got[i], assigned[i]
		src := sourceOf(t, x, recs, seat)
		if r.EpisodeID != seat.ID || r.Judge != "human:ann" {
			t.Errorf("record %d: id %s judge %s; want %s human:ann", i, r.EpisodeID, r.Judge, seat.ID)
		}
		if want := src.Order[v.slot]; r.Verdict.Answer != want || r.Verdict.Probability != v.p || r.Correct != (want == src.CorrectAnswer) {
			t.Errorf("record %d: verdict %+v correct %v; want answer %d probability %v", i, r.Verdict, r.Correct, want, v.p)
		}
		last := r.Messages[len(r.Messages)-1]
		if last.Agent != "human:ann" || last.Seconds != 1.5 || strings.Contains(last.Text, "the second is better") != v.reason {
			t.Errorf("record %d: judge message %+v", i, last)
		}
	}
}

// sourceOf finds the record a judge seat was taken from.
func sourceOf(t *testing.T, x *engine.Experiment, recs []transcript.Episode, s *engine.JudgeSeat) transcript.Episode {
	t.Helper()
	for _, r := range recs {
		one, err := x.JudgeSeats([]transcript.Episode{r}, "human:ann")
		if err != nil {
			t.Fatal(err)
		}
		if len(one) == 1 && one[0].ID == s.ID {
			return r
		}
	}
	t.Fatalf("no record for seat %s", s.ID)
	return transcript.Episode{}
}

// TestTwoTabsOneVerdict: the same verdict sent at once from two tabs (or
// a double click) is recorded once; the other is told it is stale.
func TestTwoTabsOneVerdict(t *testing.T) {
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	defer srv.Close()
	const tabs = 8
	codes := make(chan int, tabs)
	for range tabs {
		go func() {
			code, _ := c.post(verdictIn{Position: 1, Answer: "A", Confidence: 65}, c.csrf, "application/json")
			codes <- code
		}()
	}
	ok := 0
	for range tabs {
		switch code := <-codes; code {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
		default:
			t.Errorf("a tab got %d; want 200 or 409", code)
		}
	}
	if ok != 1 || len(srv.Records()) != 1 {
		t.Errorf("%d tabs accepted, %d records; want 1 and 1", ok, len(srv.Records()))
	}
}

// TestTimeRunsOnAcrossARestart: an episode shown, then the server stopped
// and started again, is timed from when it was first shown.
func TestTimeRunsOnAcrossARestart(t *testing.T) {
	assigned := annsSeats(t)
	dir := t.TempDir()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := t0
	cfg := Config{Annotator: "ann", Dir: dir, Episodes: assigned, Now: func() time.Time { return now }}
	srv, c := openTest(t, cfg)
	st := c.state() // shown at t0
	srv.Close()
	now = t0.Add(7 * time.Second)
	srv2, c2 := openTest(t, cfg)
	defer srv2.Close()
	c2.judge(verdictIn{Position: st.Episode.Position, Answer: "A", Confidence: 80})
	recs := srv2.Records()
	if got := recs[len(recs)-1].Messages; got[len(got)-1].Seconds != 7 {
		t.Errorf("seconds %v after a restart; want 7, from when it was first shown", got[len(got)-1].Seconds)
	}
}

// TestClockOfAnotherEpisodeStartsAfresh: an episode shown, then the
// server started again on an assignment that begins with another (as
// another slot's would), times each episode from when this server shows
// it: the first shown's clock runs on only while it comes first.
func TestClockOfAnotherEpisodeStartsAfresh(t *testing.T) {
	assigned := annsSeats(t)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := t0
	cfg := Config{Annotator: "ann", Dir: t.TempDir(), Episodes: assigned, Now: func() time.Time { return now }}
	srv, c := openTest(t, cfg)
	c.state() // the first episode shown at t0
	srv.Close()
	now = t0.Add(7 * time.Second)
	cfg.Episodes = append([]*engine.JudgeSeat{assigned[1], assigned[0]}, assigned[2:]...)
	srv2, c2 := openTest(t, cfg)
	defer srv2.Close()
	c2.state() // the second shown at t0 + 7 s
	// Judged at t0 + 10 s, when the first is shown, and at t0 + 12 s.
	for i, at := range []time.Duration{10, 12} {
		now = t0.Add(at * time.Second)
		c2.judge(verdictIn{Position: i + 1, Answer: "A", Confidence: 80})
	}
	for i, want := range []float64{3, 2} {
		msgs := srv2.Records()[i].Messages
		if got := msgs[len(msgs)-1].Seconds; got != want {
			t.Errorf("episode %d: seconds %v; want %v, from when this server showed it", i+1, got, want)
		}
	}
}

// TestResumeSkipsJudgedQuestions: a run resumed without Repeat asks no
// episode of a question judged already; with Repeat, only the episodes
// judged are left out.
func TestResumeSkipsJudgedQuestions(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	assigned := Assign(seats, Plan{Seed: 1, Repeat: true})
	cfg := Config{Annotator: "ann", Dir: t.TempDir(), Episodes: assigned, Repeat: true}
	srv, c := openTest(t, cfg)
	c.judge(verdictIn{Position: 1, Answer: "A", Confidence: 80})
	srv.Close()
	sameQuestion := 0
	for _, s := range assigned {
		if questionOf(s) == questionOf(assigned[0]) {
			sameQuestion++
		}
	}
	if sameQuestion < 2 {
		t.Fatalf("the first question has %d episodes; the test wants several", sameQuestion)
	}
	for _, repeat := range []bool{true, false} {
		cfg.Repeat = repeat
		srv, err := Open(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := len(assigned) - 1
		if !repeat {
			want = len(assigned) - sameQuestion
		}
		if got := srv.Remaining(); got != want {
			t.Errorf("resumed with Repeat %v: %d episodes left; want %d", repeat, got, want)
		}
		srv.Close()
	}
}

// TestSourceChangedUnderAStudy: verdicts given on one source run are not
// continued on a source played again with other speeches (as an LLM run
// re-run into its folder would be), though the experiment is the same.
func TestSourceChangedUnderAStudy(t *testing.T) {
	x, recs, seats := testSeats(t, "ann")
	debates := func(seats []*engine.JudgeSeat) []*engine.JudgeSeat {
		var out []*engine.JudgeSeat
		for _, s := range Assign(seats, Plan{Seed: 1}) {
			if s.Kind == "debate" {
				out = append(out, s)
			}
		}
		return out
	}
	assigned := debates(seats)
	dir := t.TempDir()
	cfg := Config{Annotator: "ann", Dir: dir, Episodes: assigned, Now: fakeClock(time.Second)}
	srv, c := openTest(t, cfg)
	c.judge(verdictIn{Position: 1, Answer: "A", Confidence: 80})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	// The same source opens again.
	again, err := Open(cfg)
	if err != nil {
		t.Fatalf("the same source: %v", err)
	}
	again.Close()

	// The judged episode's first speech says something else now.
	src := sourceOf(t, x, recs, assigned[0])
	changed := append([]transcript.Episode(nil), recs...)
	for i := range changed {
		if changed[i].EpisodeID == src.EpisodeID {
			msgs := append([]transcript.Message(nil), changed[i].Messages...)
			msgs[0].Text += " And one more sentence, played again."
			changed[i].Messages = msgs
		}
	}
	reseats, err := x.JudgeSeats(changed, Judge("ann"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Episodes = debates(reseats)
	_, err = Open(cfg)
	if !errors.Is(err, engine.ErrBadInput) || !strings.Contains(err.Error(), assigned[0].ID) || !strings.Contains(err.Error(), "new --study") {
		t.Errorf("a changed source: err = %v; want ErrBadInput naming %s", err, assigned[0].ID)
	}
}
