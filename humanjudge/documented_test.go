package humanjudge

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/engine"
)

// TestAssignFollowsTheRotation: question j of the annotator's order is
// judged under protocol (j + slot) mod P, the protocols numbered in the
// order they first appear in the seats (Assign): each of the small
// quickstart's 8 questions was played under all 4 judged protocols.
func TestAssignFollowsTheRotation(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	var protocols []string
	for _, s := range seats {
		if !slices.Contains(protocols, s.Protocol) {
			protocols = append(protocols, s.Protocol)
		}
	}
	if len(protocols) != 4 {
		t.Fatalf("the test run's judged protocols: %v; want 4", protocols)
	}
	for _, slot := range []int{0, 1, 2, 3, 5} {
		t.Run(fmt.Sprint("slot ", slot), func(t *testing.T) {
			got := Assign(seats, Plan{Seed: 3, Slot: slot})
			for j, s := range got {
				if want := protocols[(j+slot)%4]; s.Protocol != want {
					t.Errorf("slot %d, question %d: got protocol %s; want %s", slot, j, s.Protocol, want)
				}
			}
		})
	}
}

// TestVerdictOnlyByPost: a verdict is taken by POST /api/verdict alone;
// another method, the CSRF token and a good body with it, is refused 405
// and records nothing.
func TestVerdictOnlyByPost(t *testing.T) {
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	defer srv.Close()
	key := c.state().Episode.Key
	body, err := json.Marshal(verdictIn{Position: 1, Key: key, Answer: "A", Confidence: 80})
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			r, err := http.NewRequest(method, c.base+"/api/verdict", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set(csrfHeader, c.csrf)
			if code, answer := c.do(r); code != http.StatusMethodNotAllowed {
				t.Errorf("%s /api/verdict: got %d %s; want 405", method, code, answer)
			}
			if n := len(srv.Records()); n != 0 {
				t.Errorf("%s /api/verdict: got %d verdicts recorded; want 0", method, n)
			}
		})
	}
}

// TestTokenTradedOnlyByTheLink: with --public, the token is traded for
// the cookie only by opening the link (GET /?token=…); a POST to it is
// refused as a request without the cookie, and sets none.
func TestTokenTradedOnlyByTheLink(t *testing.T) {
	srv, err := Open(Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.SetToken("s3cret")
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/?token=s3cret", strings.NewReader("")))
	if w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 {
		t.Errorf("POST /?token=…: got %d, cookies %v; want 401 and no cookie", w.Code, w.Result().Cookies())
	}
}

// TestOpenRefusesAnotherAnnotatorsRun: a folder whose log holds another
// annotator's verdicts is not opened as this annotator's run.
func TestOpenRefusesAnotherAnnotatorsRun(t *testing.T) {
	_, _, bobs := testSeats(t, "bob")
	dir := t.TempDir()
	srv, c := openTest(t, Config{Annotator: "bob", Dir: dir, Episodes: Assign(bobs, Plan{Seed: 1})})
	c.judge(verdictIn{Position: 1, Answer: "A", Confidence: 80})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	ann, err := Open(Config{Annotator: "ann", Dir: dir, Episodes: annsSeats(t)})
	if err == nil {
		ann.Close()
	}
	if !errors.Is(err, engine.ErrBadInput) || !strings.Contains(fmt.Sprint(err), "human:bob") {
		t.Errorf("Open as ann of bob's run: got %v; want it refused (ErrBadInput), naming human:bob", err)
	}
}

// TestLeaveOfTheLastAnnotatorForgetsTheirSettings: the seed and idle
// threshold a study keeps are its first annotator's; where that
// annotator leaves (their run never started) and none is left, the next
// to join sets them afresh, rather than being held to, or refused by,
// the settings of one who never judged.
func TestLeaveOfTheLastAnnotatorForgetsTheirSettings(t *testing.T) {
	dir := t.TempDir()
	seven := uint64(7)
	if _, err := Join(dir, Joining{Run: "r", RunIDs: []string{"id"}, Name: "erin", Slot: -1, Seed: &seven, DefaultSeed: 7, Idle: 5 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	if err := Leave(dir, "erin"); err != nil {
		t.Fatal(err)
	}
	j, err := Join(dir, Joining{Run: "r", RunIDs: []string{"id"}, Name: "fay", Slot: -1, DefaultSeed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if j.Seed != 9 || j.Idle != DefaultIdle || j.Slot != 0 {
		t.Errorf("the first annotator after the only one left: got seed %d, idle %v, slot %d; want 9, %v, 0", j.Seed, j.Idle, j.Slot, DefaultIdle)
	}
	nine := uint64(9)
	if _, err := Join(dir, Joining{Run: "r", RunIDs: []string{"id"}, Name: "gus", Slot: -1, Seed: &nine, DefaultSeed: 9, Idle: DefaultIdle}); err != nil {
		t.Errorf("a later annotator at fay's seed and threshold: got %v; want them joined", err)
	}
}

// TestPageKeyIsTheHMACOfTheID: the key the page is given for its episode
// is the first 16 hex digits of HMAC-SHA-256 of the episode's id under
// the secret kept in the annotator's folder (KeyFile), worked out here
// from the secret on disk.
func TestPageKeyIsTheHMACOfTheID(t *testing.T) {
	dir := t.TempDir()
	seats := annsSeats(t)
	srv, c := openTest(t, Config{Annotator: "ann", Dir: dir, Episodes: seats})
	defer srv.Close()
	secret, err := os.ReadFile(filepath.Join(dir, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(seats[0].ID))
	want := hex.EncodeToString(mac.Sum(nil))[:16]
	if got := c.state().Episode.Key; got != want {
		t.Errorf("the first episode's page key: got %q; want %q", got, want)
	}
}

// TestPageSaysTheAnswerEachSpeakerArgues: the answer a turn is shown to
// argue (its letter, A or B, among the answers as the page lists them) is
// the one its speaker argued in the run, as the run's record gives it
// (the seat's argues, an index into the question's answers).
func TestPageSaysTheAnswerEachSpeakerArgues(t *testing.T) {
	x, recs, seats := testSeats(t, "ann")
	checked := 0
	for _, seat := range seats {
		src := sourceOf(t, x, recs, seat)
		argues := map[string]int{}
		for _, s := range src.Seats {
			argues[s.Name] = s.Argues
		}
		ep := pageEpisode(seat, 1)
		for _, turn := range ep.Turns {
			if turn.Argues == "" {
				continue
			}
			a, ok := argues[turn.Speaker]
			if !ok || a < 0 {
				t.Fatalf("episode %s: %s is shown arguing %s, but argues no answer in the run", seat.ID, turn.Speaker, turn.Argues)
			}
			slot := int(turn.Argues[0] - 'A')
			if got, want := ep.Answers[slot], src.Answers[a]; got != want {
				t.Errorf("episode %s, %s: got shown arguing %s, %q; want the answer it argued, %q", seat.ID, turn.Speaker, turn.Argues, got, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no turn argued an answer; want the debates' and consultancies' turns")
	}
}

// TestTokenCookieMustHoldTheToken: with --public, a request whose cookie
// holds another value than the token is refused as one without it.
func TestTokenCookieMustHoldTheToken(t *testing.T) {
	srv, err := Open(Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.SetToken("s3cret")
	for _, value := range []string{"wrong", "", "s3cre", "s3cret2"} {
		r := httptest.NewRequest(http.MethodGet, "/api/state", nil)
		r.Header.Set(csrfHeader, srv.csrf)
		r.AddCookie(&http.Cookie{Name: tokenCookie, Value: value})
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized {
			t.Errorf("a cookie of %q: got %d; want 401", value, w.Code)
		}
	}
}

// TestATornLineIsCutBeforeTheNextVerdict: a torn last line (a server
// killed mid-write) is cut off at the next start, before the next verdict
// is appended: the log then holds the whole verdicts alone, one a line,
// and a later start finds nothing torn.
func TestATornLineIsCutBeforeTheNextVerdict(t *testing.T) {
	dir := t.TempDir()
	var logged []string
	cfg := Config{Annotator: "ann", Dir: dir, Episodes: annsSeats(t),
		Logf: func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }}
	srv, c := openTest(t, cfg)
	c.judge(verdictIn{Position: 1, Answer: "A", Confidence: 80})
	srv.Close()
	path := filepath.Join(dir, engine.TranscriptsFile)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Longer than a verdict's line, so that a verdict written over it
	// without the cut would leave its tail behind.
	f.WriteString(`{"episode_id":"torn` + strings.Repeat("x", 1<<20))
	f.Close()
	srv, c = openTest(t, cfg)
	c.judge(verdictIn{Position: 2, Answer: "B", Confidence: 60})
	srv.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(string(data), "\n"); len(lines) != 3 || lines[2] != "" || strings.Contains(string(data), "torn") {
		t.Errorf("the log after a torn line and a verdict: got %d bytes, %d newlines; want the 2 verdicts alone, one a line", len(data), strings.Count(string(data), "\n"))
	}
	logged = nil
	srv, _ = openTest(t, cfg)
	defer srv.Close()
	if n := len(srv.Records()); n != 2 || len(logged) != 0 {
		t.Errorf("a later start: got %d records, logged %q; want 2, nothing", n, logged)
	}
}

// TestPageShowsTheExhibit: the exhibit of the question (a code task's
// program) is on the page, as the judge's view has it.
func TestPageShowsTheExhibit(t *testing.T) {
	seat := *annsSeats(t)[0]
	seat.Request.View.Exhibit = "def f(x):\n    return x + 1"
	if got := pageEpisode(&seat, 1).Exhibit; got != seat.Request.View.Exhibit {
		t.Errorf("the page's exhibit: got %q; want %q", got, seat.Request.View.Exhibit)
	}
}

// TestEveryAnswerHasTheGuardHeaders: every response — the page, its
// script, the state, a refused verdict, an unknown path — has the
// Content-Security-Policy that allows no inline script, no other origin
// and no frames (docs/human-judging.md), is not to be sniffed, framed or
// stored.
func TestEveryAnswerHasTheGuardHeaders(t *testing.T) {
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	defer srv.Close()
	for _, r := range []struct{ method, path string }{
		{http.MethodGet, "/"}, {http.MethodGet, "/judge.js"}, {http.MethodGet, "/api/state"},
		{http.MethodPost, "/api/verdict"}, {http.MethodGet, "/nothing"},
	} {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			req, err := http.NewRequest(r.method, c.base+r.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set(csrfHeader, c.csrf)
			resp, err := c.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("Content-Security-Policy: got %q; want it to hold %s", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("Content-Security-Policy: got %q; want no inline script", csp)
			}
			for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Cache-Control": "no-store"} {
				if got := h.Get(name); got != want {
					t.Errorf("%s: got %q; want %q", name, got, want)
				}
			}
		})
	}
}
