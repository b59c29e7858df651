package humanjudge

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// MaxReason is the longest reason a verdict may carry, in characters.
const MaxReason = 2000

// Config is a judging session of one annotator.
type Config struct {
	// Annotator is the person's name; the run's judge is "human:" + it.
	Annotator string
	// Dir is the annotator's run folder, where the verdicts are appended.
	Dir string
	// Episodes are the episodes assigned (Assign), in the order shown;
	// their seats taken over by Judge(Annotator).
	Episodes []*engine.JudgeSeat
	// Repeat lets a question judged before (in an earlier session with
	// other settings) be judged again.
	Repeat bool
	// Saved, if set, is called after each verdict is on disk, with every
	// record of the run and how many episodes are left, one call at a time
	// (it must not call the server): it writes the summary. Its
	// error is reported to Logf; the verdict is kept.
	Saved func(recs []transcript.Episode, remaining int) error
	// Logf reports what the server cannot tell the page; nil: nothing.
	Logf func(format string, args ...any)
	// Now is the clock, time.Now if nil.
	Now func() time.Time
	// Idle is how long the page waits without input before it stops
	// counting the person's active time; DefaultIdle if 0.
	Idle time.Duration
}

// Judge is the judge name of the annotator's verdicts.
func Judge(annotator string) string { return "human:" + annotator }

// Server serves the judging page of one annotator. Its methods may be
// called concurrently.
type Server struct {
	cfg Config
	// csrf is the page's CSRF token, kept across restarts (CSRFFile).
	csrf string
	// keySecret makes the page's episode keys (pageKey, KeyFile).
	keySecret string
	// token, when not "", is asked of every request (SetToken).
	token string
	// stopWait is how long Serve waits for the requests under way when
	// it stops.
	stopWait time.Duration

	mu    sync.Mutex
	log   *verdictLog
	recs  []transcript.Episode
	queue []*engine.JudgeSeat
	// shown is when each episode was first sent to the page.
	shown map[string]time.Time
	// stopped is set when Serve stops: no verdict is taken after it.
	stopped bool
}

// Open opens the annotator's run in cfg.Dir, resuming it: the episodes
// judged already are not asked again (nor, without Repeat, their
// questions).
func Open(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Idle <= 0 {
		cfg.Idle = DefaultIdle
	}
	unlock, err := lockDir(cfg.Dir)
	if err != nil {
		return nil, err
	}
	log, recs, torn, err := openVerdictLog(cfg.Dir)
	if err != nil {
		unlock()
		return nil, err
	}
	log.unlock = unlock
	if torn {
		// A verdict is acknowledged only once on disk: the cut line was
		// never acknowledged, and its episode comes again.
		cfg.Logf("moot: judge: the last line of %s was cut short (the server was stopped while writing it) and is dropped: that verdict was never acknowledged, and its episode will be shown again",
			filepath.Join(cfg.Dir, engine.TranscriptsFile))
	}
	judge := Judge(cfg.Annotator)
	done, questions := map[string]bool{}, map[string]bool{}
	for i, r := range recs {
		if r.Judge != judge {
			log.close()
			return nil, fmt.Errorf("%w: %s/%s:%d: judge %q, not %s: another annotator's run", engine.ErrBadInput, cfg.Dir, engine.TranscriptsFile, i+1, r.Judge, judge)
		}
		done[r.EpisodeID] = true
		questions[engine.QuestionKey(r.Task, r.QuestionID)] = true
	}
	if err := sameShown(cfg, recs); err != nil {
		log.close()
		return nil, err
	}
	s := &Server{cfg: cfg, log: log, recs: recs, shown: map[string]time.Time{}, stopWait: 10 * time.Second}
	for _, e := range cfg.Episodes {
		if done[e.ID] || (!cfg.Repeat && questions[engine.QuestionKey(e.Task, e.QuestionID)]) {
			continue
		}
		s.queue = append(s.queue, e)
	}
	if id, at, ok := readShown(cfg.Dir); ok && len(s.queue) > 0 && s.queue[0].ID == id {
		// Shown before the server stopped: its clock runs on.
		s.shown[id] = at
	}
	if s.csrf, err = pageToken(cfg.Dir); err != nil {
		log.close()
		return nil, err
	}
	if s.keySecret, err = secret(cfg.Dir, KeyFile); err != nil {
		log.close()
		return nil, err
	}
	return s, nil
}

// sameShown refuses an annotator's run whose verdicts were given on other
// text than their episodes have now: a verdict's record keeps the hash of
// the judge's prompt for its episode, which covers what the page shows
// (the question, answers and speeches) and the judge's template, and
// where an episode assigned now is judged already, its prompt must hash
// the same. The run's lock covers the experiment, not the source run's
// speeches: a source played again (an LLM run re-run into its folder)
// would otherwise pass unseen. A moot whose judge template reads
// otherwise is refused too: the hash cannot tell the two apart.
func sameShown(cfg Config, recs []transcript.Episode) error {
	seen := map[string]string{}
	for _, r := range recs {
		if n := len(r.Messages); n > 0 {
			seen[r.EpisodeID] = r.Messages[n-1].PromptSHA256
		}
	}
	for _, e := range cfg.Episodes {
		if was, ok := seen[e.ID]; ok && was != e.Request.PromptSHA256 {
			return fmt.Errorf("%w: %s/%s: episode %s was judged on a prompt (sha256 %.12s…) other than it has now (%.12s…): the source run's transcripts, or the judge's prompt (a moot of other templates, a prompts: file), changed since; judge it into a new --study",
				engine.ErrBadInput, cfg.Dir, engine.TranscriptsFile, e.ID, was, e.Request.PromptSHA256)
		}
	}
	return nil
}

// SetToken asks every request from now on for token (--public); it must
// be called before Serve.
func (s *Server) SetToken(token string) { s.token = token }

// Close closes the annotator's run; every verdict is on disk already.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.close()
}

// Records returns the records of the annotator's run so far.
func (s *Server) Records() []transcript.Episode {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]transcript.Episode(nil), s.recs...)
}

// Remaining returns how many assigned episodes are left to judge.
func (s *Server) Remaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// state is the progress and the episode to judge now; it starts that
// episode's clock the first time it is sent.
func (s *Server) state() stateJSON {
	st := stateJSON{Annotator: s.cfg.Annotator, Judged: len(s.recs), Total: len(s.recs) + len(s.queue), Remaining: len(s.queue)}
	if len(s.queue) > 0 {
		e := s.queue[0]
		if _, ok := s.shown[e.ID]; !ok {
			s.shown[e.ID] = s.cfg.Now()
			if err := writeShown(s.cfg.Dir, e.ID, s.shown[e.ID]); err != nil {
				s.cfg.Logf("moot: judge: the time episode %s was shown is not kept: %v", e.ID, err)
			}
		}
		st.Episode = pageEpisode(e, len(s.recs)+1)
		st.Episode.Key = s.pageKey(e.ID)
	}
	return st
}

// verdictIn is the body of POST /api/verdict.
type verdictIn struct {
	// Position is the episode's, as the page was given it: the number of
	// verdicts before it, plus 1.
	Position int `json:"position"`
	// Key is the episode's, as the page was given it (episodeJSON.Key).
	Key string `json:"key"`
	// Answer is the slot chosen, "A" or "B".
	Answer string `json:"answer"`
	// Confidence is the probability, in percent (50 to 100), that the
	// answer is correct.
	Confidence int    `json:"confidence"`
	Reason     string `json:"reason"`
	// ActiveMS is the time, in milliseconds, the page counted the person
	// active on the episode (activeSeconds); absent from a page served
	// before moot measured it.
	ActiveMS activeMS `json:"active_ms,omitempty"`
}

// activeMS is a JSON number kept as its text, as json.Number keeps it, so
// that a number past float64's range is a claim to cut, not a verdict
// refused. Unlike json.Number it refuses a number in a string ("1234"):
// the page sends a number, and a string is refused as it is for the
// other fields.
type activeMS json.Number

func (a *activeMS) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		// Decode fills in the field's name.
		return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[json.Number]()}
	}
	var n json.Number
	if err := json.Unmarshal(data, &n); err != nil {
		return err
	}
	*a = activeMS(n)
	return nil
}

// Errors of a verdict the server refuses.
var (
	errStale   = errors.New("the verdict is for an episode that is not the one to judge now (judged in another tab, or the page was open while moot judge restarted with other settings); the page now shows the one to judge")
	errInvalid = errors.New("bad verdict")
	errStopped = errors.New("the server is stopping, and the verdict was not kept: give it again once the server is started again")
)

// check says what is wrong with v, if anything.
func (v *verdictIn) check() error {
	switch {
	case v.Position < 1:
		return fmt.Errorf("%w: position %d: missing, or out of range (it counts from 1)", errInvalid, v.Position)
	case v.Key == "":
		return fmt.Errorf("%w: key: missing (the page names the episode it shows)", errInvalid)
	case v.Answer != "A" && v.Answer != "B":
		return fmt.Errorf("%w: answer %q: want A or B", errInvalid, v.Answer)
	case v.Confidence < 50 || v.Confidence > 100:
		return fmt.Errorf("%w: confidence %d: want 50 to 100", errInvalid, v.Confidence)
	case !utf8.ValidString(v.Reason):
		return fmt.Errorf("%w: the reason is not UTF-8", errInvalid)
	case utf8.RuneCountInString(v.Reason) > MaxReason:
		return fmt.Errorf("%w: the reason is over %d characters", errInvalid, MaxReason)
	}
	return nil
}

// reply is the judge's message of a verdict: the reason, the confidence
// and, last, the verdict line the engine's parser reads (a reason that
// holds such a line cannot override it).
func (v *verdictIn) reply() string {
	var b strings.Builder
	if r := strings.TrimSpace(strings.ReplaceAll(v.Reason, "\r\n", "\n")); r != "" {
		b.WriteString(r)
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "Confidence: %d%%\nAnswer: %s", v.Confidence, v.Answer)
	return b.String()
}

// decide records verdict v on the episode to judge now, on disk before it
// returns, and returns the new state.
func (s *Server) decide(v verdictIn) (stateJSON, error) {
	if err := v.check(); err != nil {
		return stateJSON{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return s.state(), errStopped
	}
	if len(s.queue) == 0 || v.Position != len(s.recs)+1 || v.Key != s.pageKey(s.queue[0].ID) {
		return s.state(), errStale
	}
	e := s.queue[0]
	slot := int(v.Answer[0] - 'A')
	p := float64(v.Confidence) / 100
	probs := make([]float64, 2)
	probs[slot], probs[1-slot] = p, 1-p
	seconds := 0.0
	var active *float64
	if at, ok := s.shown[e.ID]; ok {
		// A clock stepped back since the episode was shown gives no time,
		// not a negative one.
		seconds = max(0, math.Round(s.cfg.Now().Sub(at).Seconds()*1000)/1000)
		var kept bool
		if active, kept = activeSeconds(json.Number(v.ActiveMS), seconds); !kept {
			s.cfg.Logf("moot: judge: episode %s: the page's active time, %s ms, is no time; the verdict is kept without one", e.ID, v.ActiveMS)
		}
	}
	rec := e.Verdict(v.reply(), probs, seconds)
	// Verdict's record has messages of its own: the judge's is new.
	rec.Messages[len(rec.Messages)-1].ActiveSeconds = active
	if err := s.log.append(&rec); err != nil {
		return s.state(), err
	}
	delete(s.shown, e.ID)
	s.recs = append(s.recs, rec)
	s.queue = s.queue[1:]
	if s.cfg.Saved != nil {
		if err := s.cfg.Saved(append([]transcript.Episode(nil), s.recs...), len(s.queue)); err != nil {
			s.cfg.Logf("moot: judge: the verdict is kept, but the summary was not written: %v", err)
		}
	}
	return s.state(), nil
}

// ShownFile keeps, in the annotator's folder, the episode on the page and
// when it was first shown, so that its time runs on across a restart of
// the server.
const ShownFile = "shown.json"

type shownJSON struct {
	EpisodeID string    `json:"episode_id"`
	At        time.Time `json:"at"`
}

func writeShown(dir, id string, at time.Time) error {
	data, err := json.Marshal(shownJSON{EpisodeID: id, At: at})
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, ShownFile), append(data, '\n'))
}

// readShown reads ShownFile; ok is false when there is none, or it cannot
// be read (the episode's clock then starts again).
func readShown(dir string) (id string, at time.Time, ok bool) {
	data, err := os.ReadFile(filepath.Join(dir, ShownFile))
	if err != nil {
		return "", time.Time{}, false
	}
	var sh shownJSON
	if json.Unmarshal(data, &sh) != nil || sh.EpisodeID == "" {
		return "", time.Time{}, false
	}
	return sh.EpisodeID, sh.At, true
}
