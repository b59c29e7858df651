package simserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mootlab/moot/internal/wait"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// Paths the server answers.
const (
	chatPath   = "/v1/chat/completions"
	modelsPath = "/v1/models"
)

// maxBodyBytes bounds a request body: the prompt of one turn.
const maxBodyBytes = 32 << 20

// slowPieces is how many pieces a slow body is sent in.
const slowPieces = 10

// Options configure a Server.
type Options struct {
	Faults Faults
	// APIKey, if not empty, is required as "Authorization: Bearer <key>".
	// It is never logged or echoed.
	APIKey string
	// Logger receives a line per request at debug level and the summary of
	// LogSummary; nil discards them.
	Logger *slog.Logger
	// Received, if not nil, is called with each request the server plays:
	// the model and the request decoded from moot's header, with the chat
	// messages exactly as sent. It may be called concurrently. Tests use
	// it to check what an agent was sent.
	Received func(model string, req agents.Request)
	// Batches configure the files and batches endpoints (batches.go).
	Batches BatchOptions
}

// Server answers OpenAI chat completions with sim agents. It is an
// http.Handler and may serve many requests concurrently.
type Server struct {
	models map[string]agents.Agent
	names  []string
	faults Faults
	apiKey string
	log    *slog.Logger
	recv   func(model string, req agents.Request)

	mu  sync.Mutex // guards rng
	rng *rand.Rand

	counts  counters
	batches *batchStore
}

var _ http.Handler = (*Server)(nil)

// New returns a server that plays each agent of models under its name. It
// panics on an empty name, a nil agent or faults that do not validate:
// those are a caller's bugs, and a command validates what a user typed
// before calling New.
func New(models map[string]agents.Agent, opts Options) *Server {
	if err := opts.Faults.Validate(); err != nil {
		panic(err.Error())
	}
	s := &Server{
		models: make(map[string]agents.Agent, len(models)),
		faults: opts.Faults,
		apiKey: opts.APIKey,
		log:    opts.Logger,
		recv:   opts.Received,
		rng:    rand.New(rand.NewPCG(opts.Faults.Seed, opts.Faults.Seed^0x9E3779B97F4A7C15)),
	}
	s.batches = newBatchStore(opts.Batches)
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for name, a := range models {
		if name == "" || a == nil {
			panic(fmt.Sprintf("simserver: model %q: empty name or nil agent", name))
		}
		s.models[name] = a
		s.names = append(s.names, name)
	}
	sort.Strings(s.names)
	return s
}

// Models lists the names of the models served, sorted.
func (s *Server) Models() []string { return append([]string(nil), s.names...) }

// Stats returns the counts so far.
func (s *Server) Stats() Stats { return s.counts.snapshot() }

// LogSummary logs the counts in one line, for when the server stops.
func (s *Server) LogSummary() {
	s.log.Info("simserver: stopped", "stats", s.Stats())
}

// ServeHTTP routes a request. Every answer, error or not, has OpenAI's
// shape; faults apply only to chat completions.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	chat := r.URL.Path == chatPath
	if chat {
		s.counts.requests.Add(1)
		if wait.Sleep(r.Context(), s.faults.Latency) != nil {
			return // the client left
		}
	}
	if err := s.authorize(r); err != nil {
		if chat {
			s.counts.rejected.Add(1)
		}
		writeError(w, err)
		return
	}
	switch {
	case chat:
		if r.Method != http.MethodPost {
			s.counts.rejected.Add(1)
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, methodNotAllowed(r))
			return
		}
		s.chat(w, r)
	case r.URL.Path == modelsPath || strings.HasPrefix(r.URL.Path, modelsPath+"/"):
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", http.MethodGet)
			writeError(w, methodNotAllowed(r))
			return
		}
		s.listModels(w, r)
	case batchPath(r.URL.Path):
		s.serveBatchAPI(w, r)
	default:
		writeError(w, &apiError{status: http.StatusNotFound, typ: typeInvalidRequest, code: "unknown_url",
			message: fmt.Sprintf("Unknown request URL: %s %s. serve-sim answers POST %s, GET %s, and the files and batches endpoints.", r.Method, r.URL.Path, chatPath, modelsPath)})
	}
}

func (s *Server) authorize(r *http.Request) *apiError {
	if s.apiKey == "" {
		return nil
	}
	unauthorized := func(msg string) *apiError {
		return &apiError{status: http.StatusUnauthorized, typ: typeInvalidRequest, code: "invalid_api_key", message: msg}
	}
	// The scheme's name is case-insensitive (RFC 9110, 11.1).
	scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || got == "" {
		return unauthorized("You didn't provide an API key. serve-sim was started with one: send it as \"Authorization: Bearer <key>\".")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.apiKey)) != 1 {
		return unauthorized("Incorrect API key provided.")
	}
	return nil
}

func methodNotAllowed(r *http.Request) *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, typ: typeInvalidRequest, code: "method_not_allowed",
		message: fmt.Sprintf("%s is not allowed on %s.", r.Method, r.URL.Path)}
}

func (s *Server) listModels(w http.ResponseWriter, r *http.Request) {
	if id, ok := strings.CutPrefix(r.URL.Path, modelsPath+"/"); ok {
		if _, known := s.models[id]; !known {
			writeError(w, s.unknownModel(id))
			return
		}
		writeJSON(w, http.StatusOK, encode(model{ID: id, Object: "model", OwnedBy: agents.SimServerOwner}))
		return
	}
	list := modelList{Object: "list", Data: []model{}}
	for _, name := range s.names {
		list.Data = append(list.Data, model{ID: name, Object: "model", OwnedBy: agents.SimServerOwner})
	}
	writeJSON(w, http.StatusOK, encode(list))
}

func (s *Server) unknownModel(name string) *apiError {
	return &apiError{status: http.StatusNotFound, typ: typeInvalidRequest, code: "model_not_found", param: "model",
		message: fmt.Sprintf("The model %q does not exist; serve-sim serves %s.", name, strings.Join(s.names, ", "))}
}

// draw draws the fault of one request.
func (s *Server) draw() fault {
	s.mu.Lock()
	u := s.rng.Float64()
	s.mu.Unlock()
	return s.faults.pick(u)
}

// chat answers one chat completion, or the fault it drew.
func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	f := s.draw()
	status := 0
	defer func() {
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "simserver: chat completion",
			slog.Int("status", status), slog.String("fault", f.String()), slog.Duration("took", time.Since(start)))
	}()
	switch f {
	case faultRateLimit:
		s.counts.fault(f)
		w.Header().Set("Retry-After-Ms", strconv.FormatInt(s.faults.RetryAfter.Milliseconds(), 10))
		w.Header().Set("Retry-After", strconv.FormatInt(s.faults.retryAfterSeconds(), 10))
		status = http.StatusTooManyRequests
		writeError(w, &apiError{status: status, typ: typeRateLimit, code: "rate_limit_exceeded",
			message: fmt.Sprintf("Rate limit reached (injected by serve-sim). Please try again in %v.", s.faults.RetryAfter)})
		return
	case faultServerError:
		s.counts.fault(f)
		status = http.StatusInternalServerError
		writeError(w, &apiError{status: status, typ: typeServer, message: "The server had an error while processing your request (injected by serve-sim)."})
		return
	case faultUnavailable:
		s.counts.fault(f)
		status = http.StatusServiceUnavailable
		writeError(w, &apiError{status: status, typ: typeServer, code: "service_unavailable", message: "The server is overloaded or not ready yet (injected by serve-sim)."})
		return
	case faultDrop:
		s.counts.fault(f)
		drop(w, r)
		return
	}

	body, tokens, apiErr := s.complete(r)
	if apiErr == nil && wait.Sleep(r.Context(), time.Duration(tokens)*s.faults.PerToken) != nil {
		return // the client left
	}
	status = http.StatusOK
	switch {
	case apiErr != nil:
		status, body = apiErr.status, encode(apiErr.body())
		s.counts.rejected.Add(1)
	case f == faultMalformed:
		// Half an answer: a connection cut by a proxy, say. A JSON object
		// cut short is never valid JSON.
		s.counts.fault(f)
		body = body[:len(body)/2]
	default:
		s.counts.answers.Add(1)
	}
	if f == faultSlow {
		s.counts.fault(f)
		s.trickle(w, r, status, body)
		return
	}
	writeJSON(w, status, body)
}

// complete plays the request and renders the completion, and says how
// many completion tokens it has.
func (s *Server) complete(r *http.Request) ([]byte, int, *apiError) {
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			return nil, 0, &apiError{status: http.StatusRequestEntityTooLarge, typ: typeInvalidRequest,
				message: fmt.Sprintf("The request body is larger than %d bytes.", maxBodyBytes)}
		}
		return nil, 0, badRequest("", "Could not read the request body: "+err.Error())
	}
	return s.play(r.Context(), data, r.Header.Get(agents.RequestHeader))
}

// play plays one chat completion body, with moot's request header, and
// renders the completion, with the number of its completion tokens: for a
// live call and for a line of a batch.
func (s *Server) play(ctx context.Context, data []byte, header string) ([]byte, int, *apiError) {
	var body chatRequest
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, 0, badRequest("", "We could not parse the JSON body of your request: "+err.Error())
	}
	if body.Model == "" {
		return nil, 0, badRequest("model", "You must provide a model parameter.")
	}
	agent, ok := s.models[body.Model]
	if !ok {
		return nil, 0, s.unknownModel(body.Model)
	}
	if e := body.check(); e != nil {
		return nil, 0, e
	}
	if header == "" {
		e := badRequest("", fmt.Sprintf("serve-sim needs moot's %s header, which moot's openai backend sends to it: "+
			"a sim agent plays the structured request (role, side, question view, transcript, seed), not bare chat messages.", agents.RequestHeader))
		e.code = agents.NoRequestHeader
		return nil, 0, e
	}
	req, err := agents.DecodeRequestHeader(header)
	if err != nil {
		return nil, 0, badRequest("", "Could not decode the "+agents.RequestHeader+" header: "+err.Error())
	}
	req.Messages = make([]transcript.ChatMessage, len(body.Messages))
	for i, m := range body.Messages {
		text, err := m.text()
		if err != nil {
			return nil, 0, badRequest(fmt.Sprintf("messages[%d].content", i), err.Error())
		}
		req.Messages[i] = transcript.ChatMessage{Role: m.Role, Content: text}
	}
	if s.recv != nil {
		s.recv(body.Model, req)
	}
	resp, err := agent.Generate(ctx, req)
	if err != nil {
		return nil, 0, badRequest("", fmt.Sprintf("The model %q cannot play this request: %v", body.Model, err))
	}
	text, finish, out := resp.Text, "stop", resp.Usage.OutputTokens
	if limit := body.tokenLimit(); limit > 0 && out > limit {
		// Cut at the token limit, as a model's answer is: the run sees a
		// speech without its end, a verdict without its answer line.
		text, finish, out = cutToTokens(resp.Text, limit), "length", limit
	}
	c := choice{
		Message:      assistantMessage{Role: "assistant", Content: text},
		FinishReason: finish,
	}
	if body.Logprobs {
		c.Logprobs = logprobs(text, resp.Probabilities)
	}
	return encode(chatResponse{
		ID:      completionID(body.Model, header, req.Messages),
		Object:  "chat.completion",
		Created: time.Now().Unix(),
		Model:   body.Model,
		Choices: []choice{c},
		Usage: usage{
			PromptTokens:     resp.Usage.InputTokens,
			CompletionTokens: out,
			TotalTokens:      resp.Usage.InputTokens + out,
		},
	}), out, nil
}

// completionID is "chatcmpl-" and a hash of what determines the answer, so
// that the same request always gets the same ID.
func completionID(model, header string, msgs []transcript.ChatMessage) string {
	h := sha256.New()
	for _, s := range []string{model, header} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	for _, m := range msgs {
		io.WriteString(h, m.Role)
		h.Write([]byte{0})
		io.WriteString(h, m.Content)
		h.Write([]byte{0})
	}
	return "chatcmpl-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// drop closes the connection without an answer, after reading the body so
// that the client has finished sending.
func drop(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBodyBytes))
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2, or a wrapper that cannot hijack: abort the response,
		// which resets the stream or closes the connection.
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// trickle sends the answer in slowPieces pieces spread over SlowFor: the
// header at once, the last piece no sooner than SlowFor later.
func (s *Server) trickle(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	start := time.Now()
	for i := range slowPieces {
		due := start.Add(s.faults.SlowFor * time.Duration(i+1) / slowPieces)
		if wait.Sleep(r.Context(), time.Until(due)) != nil {
			return
		}
		lo, hi := len(body)*i/slowPieces, len(body)*(i+1)/slowPieces
		if _, err := w.Write(body[lo:hi]); err != nil {
			return
		}
		_ = rc.Flush()
	}
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, encode(e.body()))
}
