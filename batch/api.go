package batch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/mootlab/moot/agents"
)

// API is one agent's view of a provider's batch API. Its methods may be
// called concurrently and honour ctx.
type API interface {
	// Line encodes req, under the custom id id, as one line of a batch
	// input file, without its newline.
	Line(id string, req agents.Request) ([]byte, error)
	// Upload uploads lines (newline-terminated) as a batch input file and
	// returns the file's id.
	Upload(ctx context.Context, lines []byte) (string, error)
	// Create starts a batch of the uploaded file and returns its id.
	Create(ctx context.Context, fileID string) (string, error)
	// Find returns the id of a batch already created from fileID, or ""
	// when there is none.
	Find(ctx context.Context, fileID string) (string, error)
	// Status reads the state of a batch.
	Status(ctx context.Context, batchID string) (Status, error)
	// Cancel asks the provider to cancel a batch: it ends (cancelled)
	// soon after, keeping the answers it has made.
	Cancel(ctx context.Context, batchID string) error
	// Results reads the answers and errors of a batch that has ended, by
	// custom id. A request missing from them was not answered.
	Results(ctx context.Context, st Status) (map[string]Result, error)
	// Delete deletes a file from the provider: an uploaded input file, or
	// a batch's output or error file. One it does not know wraps ErrGone.
	Delete(ctx context.Context, fileID string) error
	// Endpoint names the provider's endpoint (its base URL), which the
	// journal records with each upload: its files are that endpoint's.
	Endpoint() string
}

// Status is the state of one batch.
type Status struct {
	// State is the provider's word for it: validating, in_progress,
	// finalizing, completed, failed, expired, cancelling, cancelled.
	State string
	// Ended is set once the batch will change no more.
	Ended bool
	// Strange is set where State is no word the backend knows (a proxy
	// passing another provider's states on): the batch is waited on, and
	// the log says so once, for it may never be seen to end.
	Strange bool
	// Total, Completed and Failed count its requests.
	Total, Completed, Failed int
	// Progress is the percentage of it done where the provider says that
	// instead of counts (Together's progress), else 0.
	Progress float64
	// OutputFile and ErrorFile hold its answers and its errors, "" if none.
	OutputFile, ErrorFile string
	// Problem says why a batch failed as a whole (its input was refused).
	Problem string
	// Refusals are the errors of a batch failed as a whole, each with
	// the line of its input file it names.
	Refusals []Refusal
	// Created is when the provider created it (zero where it does not
	// say): batch.max_wait counts from it, in a resumed run too.
	Created time.Time
}

// Refusal is one error of a batch that the provider failed as a whole.
type Refusal struct {
	// Line is the line of the input file it names, counted from 1; 0
	// where it names none.
	Line int
	// Message is the provider's word on it.
	Message string
}

// Result is the outcome of one request of a batch.
type Result struct {
	Response agents.Response
	Err      error
	// Retry is set when another attempt may succeed: a 429 or a server
	// error, an expired or cancelled batch.
	Retry bool
	// Again is set when the request goes in the next batch, no failure
	// counted: refused for what the backend has mended since (moot's sim
	// server, which a line without moot's request reached before the
	// backend knew it), or not run, its batch failed for other lines.
	Again bool
}

// Capable is an agent that can send its calls through a batch API.
type Capable interface {
	agents.Agent
	agents.Keyer
	// Batching returns the agent's batch API, its batch settings, and
	// whether its settings ask for batch mode.
	Batching() (API, Settings, bool)
}

// Where a request that failed in a batch is sent again.
const (
	RetryBatch = "batch"
	RetryLive  = "live"
)

// The batch APIs an agent may speak (Settings.API).
const (
	// APIOpenAI is OpenAI's batch API, and that of servers that copy it.
	APIOpenAI = "openai"
	// APITogether is Together AI's: its files are uploaded with purpose
	// batch-api (at /files/upload), which must be known before the first
	// request, and its batches are answered in its own shapes.
	APITogether = "together"
)

// Settings are the batch settings of an agent (the `batch:` block of an
// openai agent).
type Settings struct {
	// API is the provider's batch API: its dialect. "" is APIOpenAI.
	API string `yaml:"api" doc:"the provider's batch API: openai (OpenAI's, and servers that copy it) or together (Together AI's: purpose batch-api, its own shapes)"`
	// Discount is the share of the live price that a batch call costs.
	Discount float64 `yaml:"discount" doc:"the share of the live price a call answered in a batch costs (OpenAI: 0.5)"`
	// MaxRequests and MaxBytes are the provider's limits on one batch.
	MaxRequests int   `yaml:"max_requests" doc:"the most requests in one batch; more are split into several (OpenAI: 50000)"`
	MaxBytes    int64 `yaml:"max_bytes" doc:"the largest batch input file in bytes; more are split into several (OpenAI: 200 MB)"`
	// Poll is the first wait between two checks of a pending batch; each
	// further wait doubles, up to PollMax.
	Poll    time.Duration `yaml:"poll" doc:"the first wait between two checks of a pending batch; each further wait doubles, up to poll_max"`
	PollMax time.Duration `yaml:"poll_max" doc:"the longest wait between two checks of a pending batch"`
	// Retry says where a request that failed or expired goes again.
	Retry string `yaml:"retry" doc:"where a request that failed or expired in a batch goes again: batch (the next batch) or live"`
	// MaxRetries bounds the attempts after the first of one request.
	MaxRetries int `yaml:"max_retries" doc:"how many times a request that failed or expired in a batch is sent again"`
	// MaxWait bounds the wait for a batch to end, from its creation: a
	// batch not ended then is cancelled, and its requests left undone
	// go again as an expired batch's do.
	MaxWait time.Duration `yaml:"max_wait" doc:"the longest wait for a batch to end, counted from its creation; then moot cancels it, keeps what it answered, and sends the rest again as an expired batch's (OpenAI ends a batch within its 24h window)"`
	// ListLag is how long after its creation a provider's list of batches
	// may not show a batch: a resume whose killed run asked for a batch
	// and wrote no answer down looks for it that long after the asking
	// before it creates one (Agent.unlisted).
	ListLag time.Duration `yaml:"list_lag" doc:"how long after its creation the provider's list of batches may not show a batch: a resume whose killed run asked for a batch it did not write down looks for it this long after the asking before it creates one"`
	// KeepFiles keeps the files of the agent's batches on the provider;
	// without it a run that ends whole deletes them (Run.Tidy).
	KeepFiles bool `yaml:"keep_files" doc:"keep each batch's input, output and error files on the provider; by default a run that ends whole deletes them"`
}

// DefaultSettings are OpenAI's limits and prices.
func DefaultSettings() Settings {
	return Settings{API: APIOpenAI, Discount: 0.5, MaxRequests: 50000, MaxBytes: 190 << 20, Poll: 10 * time.Second,
		PollMax: 5 * time.Minute, Retry: RetryBatch, MaxRetries: 3, MaxWait: 25 * time.Hour, ListLag: 10 * time.Minute}
}

// Validate reports the first bad setting, naming its field.
func (s *Settings) Validate() error {
	switch {
	case s.API != "" && s.API != APIOpenAI && s.API != APITogether:
		return fmt.Errorf("batch.api: want %s or %s, got %q", APIOpenAI, APITogether, s.API)
	case !(s.Discount > 0 && s.Discount <= 1) || math.IsInf(s.Discount, 0):
		return fmt.Errorf("batch.discount: must be in (0, 1], got %g", s.Discount)
	case s.MaxRequests < 1:
		return fmt.Errorf("batch.max_requests: must be at least 1, got %d", s.MaxRequests)
	case s.MaxBytes < 1024:
		return fmt.Errorf("batch.max_bytes: must be at least 1024, got %d", s.MaxBytes)
	case s.Poll <= 0:
		return fmt.Errorf("batch.poll: must be positive, got %s", s.Poll)
	case s.PollMax < s.Poll:
		return fmt.Errorf("batch.poll_max: must be at least poll (%s), got %s", s.Poll, s.PollMax)
	case s.Retry != RetryBatch && s.Retry != RetryLive:
		return fmt.Errorf("batch.retry: want %s or %s, got %q", RetryBatch, RetryLive, s.Retry)
	case s.MaxRetries < 0 || s.MaxRetries > 100:
		return fmt.Errorf("batch.max_retries: must be between 0 and 100, got %d", s.MaxRetries)
	case s.MaxWait <= 0:
		return fmt.Errorf("batch.max_wait: must be positive, got %s", s.MaxWait)
	case s.ListLag < 0:
		return fmt.Errorf("batch.list_lag: must not be negative, got %s", s.ListLag)
	}
	return nil
}

var (
	// ErrFailed is wrapped by the error of a call that failed in its
	// batches.
	ErrFailed = errors.New("batch: request failed")
	// ErrGone is wrapped by an API's error when the provider no longer
	// knows a batch or its output file (deleted, expired, another
	// endpoint): its requests go again at once, without more checks.
	ErrGone = errors.New("batch: gone")
	// ErrRefused is wrapped by an API's error of sending a batch that
	// asking again will not mend — a server with no batch API, a key
	// refused, a request it will not take: its requests fail at once.
	ErrRefused = errors.New("batch: refused")
)
