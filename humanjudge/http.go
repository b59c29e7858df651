package humanjudge

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mootlab/moot/internal/loopback"
)

//go:embed web
var web embed.FS

var pageTemplate = template.Must(template.ParseFS(web, "web/index.html"))

// tokenCookie carries the --public token once the page is open.
const tokenCookie = "moot_token"

// csrfHeader carries the page's CSRF token on each request that changes
// state.
const csrfHeader = "X-CSRF-Token"

// maxBody is the largest request body read.
const maxBody = 64 << 10

// Handler returns the server's HTTP handler: the page, its script and
// style, GET /api/state and POST /api/verdict. Without a token it answers
// only requests addressed to a loopback host (against DNS rebinding).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /judge.js", s.asset("web/judge.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc("GET /judge.css", s.asset("web/judge.css", "text/css; charset=utf-8"))
	// No icon: say so, rather than answer the browser's request with 404.
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /api/state", s.getState)
	mux.HandleFunc("POST /api/verdict", s.postVerdict)
	return s.guard(mux)
}

// guard sets the headers every response has and refuses requests that
// lack the token (with one) or come to another host (without one).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if s.token == "" {
			if !loopback.Host(r.Host) {
				http.Error(w, "moot judge answers only on a loopback address (start it with --public to serve others)", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if q := r.URL.Query().Get("token"); q != "" && r.Method == http.MethodGet && r.URL.Path == "/" && equal(q, s.token) {
			// Keep the token in a cookie and out of the address bar.
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie(tokenCookie); err != nil || !equal(c.Value, s.token) {
			http.Error(w, "moot judge: open the link with its token, as moot judge printed it", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Server) page(w http.ResponseWriter, _ *http.Request) {
	var b bytes.Buffer
	data := struct {
		Annotator, CSRF string
		IdleMS          int64
	}{s.cfg.Annotator, s.csrf, s.cfg.Idle.Milliseconds()}
	if err := pageTemplate.Execute(&b, data); err != nil {
		http.Error(w, "moot judge: the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

func (s *Server) asset(name, kind string) http.HandlerFunc {
	data, err := web.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time
	}
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", kind)
		w.Write(data)
	}
}

// getState answers the page's progress and the episode it shows, whose
// clock (the verdict's seconds) starts at the first answer showing it: so
// it too asks for the CSRF token, lest a page on another site start the
// clock with a request the browser sends without asking.
func (s *Server) getState(w http.ResponseWriter, r *http.Request) {
	if !s.fromPage(w, r) {
		return
	}
	s.mu.Lock()
	st := s.state()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, st)
}

// errorJSON is the body of a refused request.
type errorJSON struct {
	Error string     `json:"error"`
	State *stateJSON `json:"state,omitempty"`
}

// fromPage says whether r carries the page's CSRF token, and refuses it
// where it does not.
func (s *Server) fromPage(w http.ResponseWriter, r *http.Request) bool {
	got := r.Header.Get(csrfHeader)
	if equal(got, s.csrf) {
		return true
	}
	msg := "the request lacks the page's CSRF token: reload the page"
	if got != "" {
		// A token, but not this one: the page was served before the
		// token was kept (CSRFFile), or its file was removed since.
		msg = "the page is from an earlier start of this server: reload it"
	}
	writeJSON(w, http.StatusForbidden, errorJSON{Error: msg})
	return false
}

func (s *Server) postVerdict(w http.ResponseWriter, r *http.Request) {
	if !s.fromPage(w, r) {
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, errorJSON{Error: "want Content-Type: application/json"})
		return
	}
	var v verdictIn
	err := decodeVerdict(http.MaxBytesReader(w, r.Body, maxBody), &v)
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorJSON{Error: fmt.Sprintf("a verdict is at most %d bytes", mbe.Limit)})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorJSON{Error: "not a verdict: " + err.Error()})
		return
	}
	st, err := s.decide(v)
	switch {
	case errors.Is(err, errInvalid):
		writeJSON(w, http.StatusBadRequest, errorJSON{Error: err.Error()})
	case errors.Is(err, errStale):
		writeJSON(w, http.StatusConflict, errorJSON{Error: err.Error(), State: &st})
	case errors.Is(err, errStopped):
		writeJSON(w, http.StatusServiceUnavailable, errorJSON{Error: err.Error()})
	case err != nil:
		s.cfg.Logf("moot: judge: %v", err)
		writeJSON(w, http.StatusInternalServerError, errorJSON{Error: "the verdict could not be written: " + err.Error()})
	default:
		writeJSON(w, http.StatusOK, st)
	}
}

// decodeVerdict reads one JSON object of verdictIn's fields from r into
// v. It refuses a field named twice (in any case, as encoding/json
// matches names), which encoding/json would take as the last one said:
// {"answer":"A","answer":"B"} is no verdict.
func decodeVerdict(r io.Reader, v *verdictIn) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	// Decoder.More does not see a stray closing bracket ("{…}}"): only
	// the end of the body may follow the object.
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("more than one JSON value")
	}
	// The object decoded, so its tokens are well formed: the names are
	// the strings in key places of the outermost object. They are told
	// apart as encoding/json matches them to fields, by Unicode case
	// folding (strings.EqualFold: "anſwer" is "answer"), not ToLower.
	dec = json.NewDecoder(bytes.NewReader(data))
	dec.Token() // {
	var seen []string
	for dec.More() {
		tok, _ := dec.Token()
		name, _ := tok.(string)
		if slices.ContainsFunc(seen, func(s string) bool { return strings.EqualFold(s, name) }) {
			return fmt.Errorf("the field %q is given twice", name)
		}
		seen = append(seen, name)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	// The default HTML escaping keeps <, > and & out of every body.
	enc.Encode(v)
}

// Serve answers on ln until ctx ends, then stops taking requests and
// waits for those under way; one still under way after a while (a body
// that stopped arriving) is cut off, and the stop is a stop all the same.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), s.stopWait)
	defer cancel()
	err := hs.Shutdown(stop)
	// From here no verdict is taken: Close does not wait for a handler
	// still running, whose verdict would come after the caller's last
	// look at Records (the final summary).
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	if errors.Is(err, context.DeadlineExceeded) {
		// Every verdict the page was told is kept is on disk already.
		hs.Close()
		s.cfg.Logf("moot: judge: stopped; a request still under way after %v was cut off, unanswered", s.stopWait)
	} else if err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
