package humanjudge

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

func TestVerdictRefused(t *testing.T) {
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	defer srv.Close()
	good := verdictIn{Position: 1, Answer: "A", Confidence: 80}
	for _, tc := range []struct {
		name        string
		v           verdictIn
		csrf, ctype string
		want        int
	}{
		{"no CSRF token", good, "", "application/json", http.StatusForbidden},
		{"another CSRF token", good, strings.Repeat("0", 64), "application/json", http.StatusForbidden},
		{"a form post", good, c.csrf, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"answer C", verdictIn{Position: 1, Answer: "C", Confidence: 80}, c.csrf, "application/json", http.StatusBadRequest},
		{"confidence 49", verdictIn{Position: 1, Answer: "A", Confidence: 49}, c.csrf, "application/json", http.StatusBadRequest},
		{"confidence 101", verdictIn{Position: 1, Answer: "A", Confidence: 101}, c.csrf, "application/json", http.StatusBadRequest},
		{"a long reason", verdictIn{Position: 1, Answer: "A", Confidence: 80, Reason: strings.Repeat("é", MaxReason+1)}, c.csrf, "application/json", http.StatusBadRequest},
		{"a stale position", verdictIn{Position: 2, Answer: "A", Confidence: 80}, c.csrf, "application/json", http.StatusConflict},
		{"position 0", verdictIn{Position: 0, Answer: "A", Confidence: 80}, c.csrf, "application/json", http.StatusBadRequest},
		{"position -1", verdictIn{Position: -1, Answer: "A", Confidence: 80}, c.csrf, "application/json", http.StatusBadRequest},
	} {
		if code, body := c.post(tc.v, tc.csrf, tc.ctype); code != tc.want {
			t.Errorf("%s: %d %s; want %d", tc.name, code, body, tc.want)
		}
	}
	key := c.state().Episode.Key
	for _, tc := range []struct {
		name string
		body string
		want int
	}{
		{"two JSON values", `{"position":1,"answer":"A","confidence":80} {"x":1}`, http.StatusBadRequest},
		{"no position", `{"answer":"A","confidence":80}`, http.StatusBadRequest},
		// encoding/json would take the last of a field named twice.
		{"an answer given twice", `{"position":1,"key":"` + key + `","answer":"A","confidence":80,"answer":"B"}`, http.StatusBadRequest},
		{"an answer given twice in another case", `{"position":1,"key":"` + key + `","answer":"A","confidence":80,"Answer":"B"}`, http.StatusBadRequest},
		{"a body over the limit", `{"position":1,"answer":"A","confidence":80,"reason":"` + strings.Repeat("x", maxBody) + `"}`, http.StatusRequestEntityTooLarge},
	} {
		if code, body := c.postBody([]byte(tc.body), c.csrf, "application/json"); code != tc.want {
			t.Errorf("%s: %d %s; want %d", tc.name, code, body, tc.want)
		}
	}
	if n := len(srv.Records()); n != 0 {
		t.Errorf("%d verdicts recorded from refused requests", n)
	}
	// A charset beside the type is JSON all the same.
	c.judgeAs(good, "application/json; charset=utf-8")
	// The reason's limit counts characters, not bytes.
	long := strings.Repeat("é", MaxReason)
	if code, body := c.post(verdictIn{Position: 2, Answer: "A", Confidence: 80, Reason: long}, c.csrf, "application/json"); code != http.StatusOK {
		t.Fatalf("a reason of %d two-byte characters: %d %s; want it taken", MaxReason, code, body)
	}
	if recs := srv.Records(); !strings.Contains(recs[1].Messages[len(recs[1].Messages)-1].Text, long) {
		t.Errorf("a reason of %d two-byte characters was not kept whole", MaxReason)
	}
}

func TestLoopbackOnlyAndToken(t *testing.T) {
	_, _, seats := testSeats(t, "ann")
	srv, err := Open(Config{Annotator: "ann", Dir: t.TempDir(), Episodes: seats})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	serve := func(r *http.Request) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for host, want := range map[string]int{"127.0.0.1:8090": 200, "localhost:8090": 200, "[::1]:8090": 200, "evil.example:8090": 403, "192.168.1.5:8090": 403} {
		r := httptest.NewRequest(http.MethodGet, "/api/state", nil)
		r.Header.Set(csrfHeader, srv.csrf)
		r.Host = host
		if got := serve(r).Code; got != want {
			t.Errorf("Host %s: %d; want %d", host, got, want)
		}
	}
	srv.SetToken("s3cret")
	r := httptest.NewRequest(http.MethodGet, "/api/state", nil)
	r.Host = "judge.example:8090"
	if got := serve(r).Code; got != http.StatusUnauthorized {
		t.Errorf("no token: %d; want 401", got)
	}
	r = httptest.NewRequest(http.MethodGet, "/?token=wrong", nil)
	if got := serve(r).Code; got != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d; want 401", got)
	}
	w := serve(httptest.NewRequest(http.MethodGet, "/?token=s3cret", nil))
	cookies := w.Result().Cookies()
	if w.Code != http.StatusSeeOther || len(cookies) != 1 || !cookies[0].HttpOnly {
		t.Fatalf("the token link: %d, cookies %v; want a redirect setting an HttpOnly cookie", w.Code, cookies)
	}
	r = httptest.NewRequest(http.MethodGet, "/api/state", nil)
	r.Header.Set(csrfHeader, srv.csrf)
	r.AddCookie(cookies[0])
	if got := serve(r).Code; got != http.StatusOK {
		t.Errorf("with the cookie: %d; want 200", got)
	}
}

// TestCSRFTokenKeptAcrossARestart: a page left open while the server was
// stopped and started again posts its verdict to the new one; a token
// that is not the server's is told apart from none.
func TestCSRFTokenKeptAcrossARestart(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Annotator: "ann", Dir: dir, Episodes: annsSeats(t)}
	srv, page := openTest(t, cfg)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, CSRFFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the CSRF token's file: %v, %v; want mode 0600", info, err)
	}
	srv2, fresh := openTest(t, cfg)
	defer srv2.Close()
	page.base = fresh.base // the page left open, the server new
	page.judge(verdictIn{Position: 1, Answer: "A", Confidence: 80})
	for _, tc := range []struct{ csrf, want string }{
		{strings.Repeat("0", 64), "from an earlier start of this server"},
		{"", "lacks the page's CSRF token"},
	} {
		if code, body := page.post(verdictIn{Position: 2, Answer: "A", Confidence: 80}, tc.csrf, "application/json"); code != http.StatusForbidden || !strings.Contains(body, tc.want) {
			t.Errorf("CSRF token %q: %d %s; want 403 saying %q", tc.csrf, code, body, tc.want)
		}
	}
}

// TestVerdictForAnotherEpisodeAfterARestart: a page left open while the
// server was started again on another queue (other protocols, say) holds
// the same position and CSRF token, but its verdict is for the episode it
// shows, not the one at that position now: it is refused, and the page
// is given the episode to judge now.
func TestVerdictForAnotherEpisodeAfterARestart(t *testing.T) {
	assigned := annsSeats(t)
	dir := t.TempDir()
	srv, page := openTest(t, Config{Annotator: "ann", Dir: dir, Episodes: assigned})
	shown := page.state().Episode
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	var others []*engine.JudgeSeat
	for _, s := range assigned {
		if s.Kind != assigned[0].Kind {
			others = append(others, s)
		}
	}
	srv2, fresh := openTest(t, Config{Annotator: "ann", Dir: dir, Episodes: others})
	defer srv2.Close()
	page.base = fresh.base
	code, body := page.post(verdictIn{Position: shown.Position, Key: shown.Key, Answer: "A", Confidence: 80}, page.csrf, "application/json")
	if code != http.StatusConflict || len(srv2.Records()) != 0 {
		t.Fatalf("a verdict for a %s episode, the queue now %s: %d %s, %d records; want 409 and none", shown.Format, others[0].Kind, code, body, len(srv2.Records()))
	}
	if !strings.Contains(body, `"format":"`+others[0].Kind+`"`) {
		t.Errorf("the refusal %s does not give the episode to judge now", body)
	}
}

// TestEpisodeKeyNeedsTheServersSecret: the page's episode key is made
// under a secret the page never gets: the same episode, the same CSRF
// token (which the page holds), another secret, gives another key, so a
// reader of the page who guesses an episode id (question and assignment)
// cannot check the guess.
func TestEpisodeKeyNeedsTheServersSecret(t *testing.T) {
	assigned := annsSeats(t)
	dirs := [2]string{t.TempDir(), t.TempDir()}
	var keys [2]string
	for i, dir := range dirs {
		if i == 1 {
			csrf, err := os.ReadFile(filepath.Join(dirs[0], CSRFFile))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, CSRFFile), csrf, 0o600)
		}
		srv, page := openTest(t, Config{Annotator: "ann", Dir: dir, Episodes: assigned})
		keys[i] = page.state().Episode.Key
		_, body := page.get("/")
		secret, err := os.ReadFile(filepath.Join(dir, KeyFile))
		if err != nil || len(secret) == 0 || strings.Contains(body, string(secret)) {
			t.Errorf("the page's secret: %v, in the page %v; want one kept apart from the page", err, strings.Contains(body, string(secret)))
		}
		srv.Close()
	}
	if keys[0] == keys[1] || keys[0] == "" {
		t.Errorf("keys %q and %q of one episode under one CSRF token and two secrets; want them apart", keys[0], keys[1])
	}
}

// TestStateAsksForTheCSRFToken: the first answer showing an episode starts
// its clock, so a request without the page's token (one a page on
// another site makes the browser send) is refused and starts nothing.
func TestStateAsksForTheCSRFToken(t *testing.T) {
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: annsSeats(t)})
	defer srv.Close()
	token := c.csrf
	for _, csrf := range []string{"", strings.Repeat("0", 64)} {
		c.csrf = csrf
		if code, body := c.get("/api/state"); code != http.StatusForbidden {
			t.Errorf("GET /api/state with CSRF token %q: %d %s; want 403", csrf, code, body)
		}
	}
	srv.mu.Lock()
	started := len(srv.shown)
	srv.mu.Unlock()
	if started != 0 {
		t.Errorf("%d episode clocks started by refused requests; want none", started)
	}
	c.csrf = token
	if st := c.state(); st.Episode == nil {
		t.Fatal("with the token: no episode shown")
	}
}

// TestMalformedSecretsAreMadeAnew: a CSRF token or page-key file that
// holds no token (cut short, edited by hand, ended by a newline) is not
// taken as the secret: the server makes a new one and keeps it, so the
// page's token and episode keys are never a guessable or empty string.
func TestMalformedSecretsAreMadeAnew(t *testing.T) {
	token := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for _, bad := range []string{"", "s3cret", strings.Repeat("a", 63), strings.Repeat("a", 64) + "\n", strings.Repeat("A", 64)} {
		dir := t.TempDir()
		for _, name := range []string{CSRFFile, KeyFile} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(bad), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		srv, _ := openTest(t, Config{Annotator: "ann", Dir: dir, Episodes: annsSeats(t)})
		srv.Close()
		for name, got := range map[string]string{CSRFFile: srv.csrf, KeyFile: srv.keySecret} {
			kept, err := os.ReadFile(filepath.Join(dir, name))
			if !token.MatchString(got) || string(kept) != got || err != nil {
				t.Errorf("%s holding %q: the server's secret %q, the file now %q (%v); want a new token, kept", name, bad, got, kept, err)
			}
		}
	}
}
