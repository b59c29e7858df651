package simserver

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// BatchOptions configure the files and batches endpoints.
type BatchOptions struct {
	// Delay is how long a batch takes from its creation to its end; its
	// requests are played one after another over it.
	Delay time.Duration
	// Fail is the share of batch requests that fail with a 500 in the
	// batch's error file. Each attempt of a custom id draws afresh, from
	// Seed, the custom id and the number of earlier attempts, so the
	// draws do not depend on how requests are grouped into batches.
	Fail float64
	// Expire is how many batches, the first created, expire with only
	// the first half of their requests answered.
	Expire int
	// Hold is how many batches, the first created, answer the first half
	// of their requests (rounded down) and then stay in progress until
	// cancelled: a provider that never ends a batch.
	Hold int
	// Refuse, if not empty, fails at validation each batch with a line
	// whose body holds it, its errors naming each such line, as OpenAI
	// fails a batch with a line it will not take.
	Refuse string
	// Seed seeds the draws of failures.
	Seed uint64
	// Log, if not nil, gets one JSON line for each batch created: its id,
	// input file and the custom ids of its requests (BatchRecord).
	Log io.Writer
}

// Validate reports a share outside [0, 1] or a negative delay or count.
func (o BatchOptions) Validate() error {
	switch {
	case !(o.Fail >= 0 && o.Fail <= 1):
		return fmt.Errorf("%w: batch failure rate %g: must be in [0, 1]", ErrFaults, o.Fail)
	case o.Delay < 0:
		return fmt.Errorf("%w: batch delay %v: must not be negative", ErrFaults, o.Delay)
	case o.Expire < 0:
		return fmt.Errorf("%w: batches to expire %d: must not be negative", ErrFaults, o.Expire)
	case o.Hold < 0:
		return fmt.Errorf("%w: batches to hold %d: must not be negative", ErrFaults, o.Hold)
	}
	return nil
}

// BatchRecord is a batch the server created.
type BatchRecord struct {
	ID        string   `json:"id"`
	InputFile string   `json:"input_file"`
	CustomIDs []string `json:"custom_ids"`
}

// Batches returns the batches created so far, in order.
func (s *Server) Batches() []BatchRecord {
	s.batches.mu.Lock()
	defer s.batches.mu.Unlock()
	return append([]BatchRecord(nil), s.batches.records...)
}

// Repeated returns the first custom id, in the order the batches were
// created, that stands in two batches, with the ids of the batch it
// first stood in and of the one it stood in again; ok is false where no
// custom id was sent twice.
func (s *Server) Repeated() (id, first, again string, ok bool) {
	in := map[string]string{} // custom id → the batch it first stood in
	for _, b := range s.Batches() {
		for _, cid := range b.CustomIDs {
			if was, seen := in[cid]; seen {
				return cid, was, b.ID, true
			}
			in[cid] = b.ID
		}
	}
	return "", "", "", false
}

// batchStore holds the uploaded files and the batches.
type batchStore struct {
	opts    BatchOptions
	mu      sync.Mutex
	files   map[string]*storedFile
	made    int // files made, deleted ones too: the next file's number
	batches map[string]*batchState
	order   []string       // batch ids, oldest first
	tries   map[string]int // custom id → attempts played
	records []BatchRecord
	logMu   sync.Mutex
	// start tells this server's ids from those of an earlier start on the
	// same address: a client that resumes after a restart must find its
	// old batch unknown (404), not another client's of the same number.
	start string
}

func newBatchStore(o BatchOptions) *batchStore {
	if err := o.Validate(); err != nil {
		panic(err.Error())
	}
	return &batchStore{opts: o, files: map[string]*storedFile{}, batches: map[string]*batchState{}, tries: map[string]int{},
		start: strings.ToLower(rand.Text()[:8])}
}

type storedFile struct {
	obj  fileObject
	data []byte
}

type fileObject struct {
	ID        string `json:"id"`
	Object    string `json:"object"`
	Bytes     int    `json:"bytes"`
	CreatedAt int64  `json:"created_at"`
	Filename  string `json:"filename"`
	Purpose   string `json:"purpose"`
	Status    string `json:"status"`
}

type batchState struct {
	obj batchObject
	// cancelled is closed when the batch is cancelled.
	cancelled chan struct{}
}

// isCancelled says whether the batch was cancelled.
func (b *batchState) isCancelled() bool {
	select {
	case <-b.cancelled:
		return true
	default:
		return false
	}
}

func (b *batchState) ended() bool {
	switch b.obj.Status {
	case "completed", "failed", "expired", "cancelled":
		return true
	}
	return false
}

// batchObject is OpenAI's Batch object, as far as serve-sim fills it.
type batchObject struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Endpoint         string            `json:"endpoint"`
	Errors           *batchErrors      `json:"errors"`
	InputFileID      string            `json:"input_file_id"`
	CompletionWindow string            `json:"completion_window"`
	Status           string            `json:"status"`
	OutputFileID     string            `json:"output_file_id,omitempty"`
	ErrorFileID      string            `json:"error_file_id,omitempty"`
	CreatedAt        int64             `json:"created_at"`
	InProgressAt     int64             `json:"in_progress_at,omitempty"`
	ExpiresAt        int64             `json:"expires_at"`
	FinalizingAt     int64             `json:"finalizing_at,omitempty"`
	CompletedAt      int64             `json:"completed_at,omitempty"`
	FailedAt         int64             `json:"failed_at,omitempty"`
	ExpiredAt        int64             `json:"expired_at,omitempty"`
	CancellingAt     int64             `json:"cancelling_at,omitempty"`
	CancelledAt      int64             `json:"cancelled_at,omitempty"`
	RequestCounts    requestCounts     `json:"request_counts"`
	Metadata         map[string]string `json:"metadata"`
}

type requestCounts struct {
	Total     int `json:"total"`
	Completed int `json:"completed"`
	Failed    int `json:"failed"`
}

type batchErrors struct {
	Object string       `json:"object"`
	Data   []batchError `json:"data"`
}

type batchError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	Line    int    `json:"line,omitempty"`
}

type batchList struct {
	Object  string        `json:"object"`
	Data    []batchObject `json:"data"`
	FirstID string        `json:"first_id,omitempty"`
	LastID  string        `json:"last_id,omitempty"`
	HasMore bool          `json:"has_more"`
}

// addFile stores a file and returns its object.
func (b *batchStore) addFile(name, purpose string, data []byte) fileObject {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.made++
	obj := fileObject{ID: fmt.Sprintf("file-sim%s%06d", b.start, b.made), Object: "file", Bytes: len(data),
		CreatedAt: time.Now().Unix(), Filename: name, Purpose: purpose, Status: "processed"}
	b.files[obj.ID] = &storedFile{obj: obj, data: data}
	return obj
}

// create makes a batch of an uploaded file and records it; it returns the
// file's lines, or why they are refused, for playBatch.
func (b *batchStore) create(body batchCreate) (batchObject, []inputLine, []batchError, *apiError) {
	b.mu.Lock()
	f, ok := b.files[body.InputFileID]
	b.mu.Unlock()
	if !ok {
		return batchObject{}, nil, nil, notFound("input_file_id", fmt.Sprintf("No such File object: %s", body.InputFileID))
	}
	// Outside the lock (a file is never changed once stored): an input
	// file may be hundreds of megabytes.
	lines, problems := parseBatchInput(f.data, b.opts.Refuse)
	b.mu.Lock()
	now := time.Now()
	obj := batchObject{ID: fmt.Sprintf("batch_sim%s%06d", b.start, len(b.order)+1), Object: "batch", Endpoint: body.Endpoint,
		InputFileID: body.InputFileID, CompletionWindow: body.CompletionWindow, Status: "validating",
		CreatedAt: now.Unix(), ExpiresAt: now.Add(24 * time.Hour).Unix(), Metadata: body.Metadata}
	b.batches[obj.ID] = &batchState{obj: obj, cancelled: make(chan struct{})}
	b.order = append(b.order, obj.ID)
	rec := BatchRecord{ID: obj.ID, InputFile: body.InputFileID}
	for _, l := range lines {
		rec.CustomIDs = append(rec.CustomIDs, l.CustomID)
	}
	b.records = append(b.records, rec)
	b.mu.Unlock()
	if b.opts.Log != nil {
		b.logMu.Lock()
		_, _ = b.opts.Log.Write(encode(rec))
		b.logMu.Unlock()
	}
	return obj, lines, problems, nil
}

// begin puts a batch in progress and says whether it is to expire, and
// whether to hold it, in progress, once it has answered half its requests
// (the channel that is closed when it is cancelled; nil if not held).
func (b *batchStore) begin(id string, n int) (expire bool, hold <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.batches[id]
	if !st.isCancelled() {
		st.obj.Status = "in_progress"
	}
	st.obj.InProgressAt = time.Now().Unix()
	st.obj.RequestCounts.Total = n
	for i, bid := range b.order {
		if bid == id && i < b.opts.Hold {
			hold = st.cancelled
		}
		if bid == id {
			return i < b.opts.Expire, hold
		}
	}
	return false, nil
}

// count counts one request of a batch done.
func (b *batchStore) count(id string, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := &b.batches[id].obj.RequestCounts
	if ok {
		c.Completed++
	} else {
		c.Failed++
	}
}

func (b *batchStore) cancelled(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.batches[id].isCancelled()
}

// drawFailure draws whether this attempt of a custom id fails.
func (b *batchStore) drawFailure(customID string) bool {
	if b.opts.Fail == 0 {
		return false
	}
	b.mu.Lock()
	try := b.tries[customID]
	b.tries[customID]++
	b.mu.Unlock()
	h := sha256.New()
	_ = binary.Write(h, binary.LittleEndian, b.opts.Seed)
	_ = binary.Write(h, binary.LittleEndian, int64(try))
	h.Write([]byte(customID))
	u := float64(binary.LittleEndian.Uint64(h.Sum(nil))>>11) / (1 << 53)
	return u < b.opts.Fail
}

// finish stores a batch's output and error files and ends it.
func (b *batchStore) finish(id string, expire bool, out, errs []byte) {
	var outID, errID string
	if len(out) > 0 {
		outID = b.addFile(id+"_output.jsonl", "batch_output", out).ID
	}
	if len(errs) > 0 {
		errID = b.addFile(id+"_error.jsonl", "batch_output", errs).ID
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.batches[id]
	now := time.Now().Unix()
	st.obj.FinalizingAt, st.obj.OutputFileID, st.obj.ErrorFileID = now, outID, errID
	switch {
	case st.isCancelled():
		st.obj.Status, st.obj.CancelledAt = "cancelled", now
	case expire:
		st.obj.Status, st.obj.ExpiredAt = "expired", now
	default:
		st.obj.Status, st.obj.CompletedAt = "completed", now
	}
}

// fail ends a batch whose input was refused, for problems.
func (b *batchStore) fail(id string, problems []batchError) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.batches[id]
	st.obj.Status, st.obj.FailedAt = "failed", time.Now().Unix()
	st.obj.Errors = &batchErrors{Object: "list", Data: problems}
}

// inputLine is one line of a batch input file. MootRequest stands for
// the agents.RequestHeader of a live call.
type inputLine struct {
	CustomID    string          `json:"custom_id"`
	Method      string          `json:"method"`
	URL         string          `json:"url"`
	Body        json.RawMessage `json:"body"`
	MootRequest string          `json:"moot_request"`
}

// parseBatchInput reads an input file, refusing it as OpenAI does: a line
// that is not JSON, lacks a field, or repeats a custom id (the first
// such line named); and each line whose body holds refuse, if not empty.
// A batch of a file refused is recorded with the custom ids of its lines
// where they were read.
func parseBatchInput(data []byte, refuse string) ([]inputLine, []batchError) {
	var lines []inputLine
	var refused []batchError
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxFileBytes)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l inputLine
		bad := func(code, msg string) []batchError { return []batchError{{Code: code, Message: msg, Line: n}} }
		switch err := json.Unmarshal(sc.Bytes(), &l); {
		case err != nil:
			return nil, bad("invalid_json_line", "This line is not parseable as valid JSON.")
		case l.CustomID == "":
			return nil, bad("missing_required_parameter", "custom_id is required.")
		case seen[l.CustomID]:
			return nil, bad("duplicate_custom_id", fmt.Sprintf("The custom_id %q is used twice.", l.CustomID))
		case l.Method != http.MethodPost || l.URL != chatPath:
			return nil, bad("invalid_url", fmt.Sprintf("serve-sim batches POST %s only.", chatPath))
		case len(l.Body) == 0:
			return nil, bad("missing_required_parameter", "body is required.")
		case refuse != "" && bytes.Contains(l.Body, []byte(refuse)):
			refused = append(refused, batchError{Code: "invalid_request", Line: n,
				Message: fmt.Sprintf("serve-sim refuses this line: its body holds %q (--batch-refuse).", refuse)})
		}
		seen[l.CustomID] = true
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, []batchError{{Code: "invalid_file", Message: err.Error()}}
	}
	if len(lines) == 0 {
		return nil, []batchError{{Code: "empty_file", Message: "The input file has no requests."}}
	}
	return lines, refused // the lines too, for the batch's record
}

// outputLine is a line of a batch's output or error file.
type outputLine struct {
	ID       string          `json:"id"`
	CustomID string          `json:"custom_id"`
	Response *outputResponse `json:"response"`
	Error    *batchError     `json:"error"`
}

type outputResponse struct {
	StatusCode int             `json:"status_code"`
	RequestID  string          `json:"request_id"`
	Body       json.RawMessage `json:"body"`
}

func responseLine(customID string, status int, body []byte) outputLine {
	return outputLine{ID: "batch_req_" + customID, CustomID: customID,
		Response: &outputResponse{StatusCode: status, RequestID: "req_" + customID, Body: body}}
}

func errorLine(customID, code, msg string) outputLine {
	return outputLine{ID: "batch_req_" + customID, CustomID: customID, Error: &batchError{Code: code, Message: msg}}
}
