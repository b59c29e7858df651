package openai

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/transcript"
)

// The modes of an agent's calls.
const (
	ModeLive  = "live"
	ModeBatch = "batch"
)

// chatEndpoint is the endpoint a batch's requests go to.
const chatEndpoint = "/v1/chat/completions"

// findPages bounds the pages of batches read to find the one made of a
// file (100 batches a page) where the file's upload time is not known.
const findPages = 20

// findSlack is how much older than its file a batch may be stamped and
// still be read: the two stamps are whole seconds, perhaps of two clocks.
const findSlack = 60

var (
	_ batch.Capable      = (*Client)(nil)
	_ agents.BatchPriced = (*Client)(nil)
)

// Batching implements batch.Capable: batches go to the first base URL,
// in the batch API its settings name (batch.api).
func (c *Client) Batching() (batch.API, batch.Settings, bool) {
	b := batchAPI{c: c, r: c.replicas[0]}
	if s := c.s.Batch; s.API == batch.APITogether {
		s.MaxBytes = min(s.MaxBytes, togetherMaxBytes)
		return togetherAPI{b}, s, c.s.Mode == ModeBatch
	}
	return b, c.s.Batch, c.s.Mode == ModeBatch
}

// BatchPrice implements agents.BatchPriced: the price less the batch
// discount.
func (c *Client) BatchPrice(u transcript.Usage) float64 {
	return c.Price(u) * c.s.Batch.Discount
}

// batchAPI is the OpenAI batch API of one endpoint.
type batchAPI struct {
	c *Client
	r *replica
}

// batchLine is one line of a batch input file. MootRequest carries what
// the live call sends in agents.RequestHeader, for moot serve-sim; it is
// left out where the live call leaves the header out (sendsHeader): a
// provider may refuse a line with a field it does not know.
type batchLine struct {
	CustomID    string                      `json:"custom_id"`
	Method      string                      `json:"method"`
	URL         string                      `json:"url"`
	Body        sdk.ChatCompletionNewParams `json:"body"`
	MootRequest string                      `json:"moot_request,omitempty"`
}

func (b batchAPI) Line(id string, req agents.Request) ([]byte, error) {
	line := batchLine{CustomID: id, Method: http.MethodPost, URL: chatEndpoint, Body: b.c.params(req)}
	b.c.probe(b.r)
	if b.c.sendsHeader(b.r) {
		h, err := agents.EncodeRequestHeader(req)
		if err != nil {
			return nil, err
		}
		line.MootRequest = h
	}
	if b.c.s.SendRequestHeader == nil {
		b.c.bare.mark(id, line.MootRequest == "")
	}
	return json.Marshal(line)
}

// bareLines are the custom ids of batch lines this client wrote, where
// the endpoint was not known for the sim server, each with whether it
// went without moot's request (bare): a refusal of one for want of it is
// mended by sending it again with it (read), however often its result file
// is read. An id is forgotten once a result other than that refusal is
// read for it, so that the set holds the lines in flight alone.
type bareLines struct {
	mu  sync.Mutex
	ids map[string]bool
}

// mark records how the line id was last written.
func (b *bareLines) mark(id string, bare bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ids == nil {
		b.ids = map[string]bool{}
	}
	b.ids[id] = bare
}

// mended reports whether a refusal of the line id for want of moot's
// request is mended by sending it again with it: where it went bare, or
// where this client did not write it (an earlier process's line, whose
// next sending this client writes); not where it had the request.
func (b *bareLines) mended(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	bare, written := b.ids[id]
	return bare || !written
}

// forget drops the line id, whose result is not that refusal.
func (b *bareLines) forget(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.ids, id)
}

func (b batchAPI) opts() []option.RequestOption {
	return []option.RequestOption{option.WithRequestTimeout(b.c.s.Timeout)}
}

func (b batchAPI) Upload(ctx context.Context, lines []byte) (string, error) {
	f, err := b.r.client.Files.New(ctx, sdk.FileNewParams{
		File:    sdk.File(bytes.NewReader(lines), "moot-batch.jsonl", "application/jsonl"),
		Purpose: sdk.FilePurposeBatch,
	}, b.opts()...)
	if err != nil {
		return "", b.noBatchAPI("POST /files", err)
	}
	return f.ID, nil
}

// noBatchAPI describes an error of uploading a batch's file: a 404 there
// means the server has no batch API at all, not a file gone. Both it and
// any other 4xx but a 408, 409, 424 or 429 (the key refused, a file refused)
// are batch.ErrRefused: sending again will not mend them.
func (b batchAPI) noBatchAPI(what string, err error) error {
	return b.noAPI(what, err, "", "mode: batch needs OpenAI's /files and /batches under the base_url; use mode: live with this server")
}

// noAPI is noBatchAPI for the batch API whose it names (" of Together's";
// "" for OpenAI's), with advice for a server that has none.
func (b batchAPI) noAPI(what string, err error, whose, advice string) error {
	if httpStatus(err) == http.StatusNotFound {
		return refused{b.c.redact(fmt.Errorf("openai: %s model %s: the server has no batch API%s (%s: HTTP 404: %s): %s",
			b.c.s.BaseURL, b.c.s.Model, whose, what, message(err), advice))}
	}
	return b.sendError(err)
}

// sendError describes an error of sending a batch: a 404 is the file it
// is made of gone (batch.ErrGone: a server restarted, the file expired),
// whose requests go again; any other 4xx but a 408, 409, 424 or 429 is
// batch.ErrRefused.
func (b batchAPI) sendError(err error) error {
	if s := httpStatus(err); s >= 400 && s < 500 && s != http.StatusNotFound && !transientStatus(s) {
		return refused{b.c.describe(err)}
	}
	return b.c.describe(err)
}

// refused is an error that is batch.ErrRefused, in its own words.
type refused struct{ error }

func (r refused) Is(target error) bool { return target == batch.ErrRefused }
func (r refused) Unwrap() error        { return r.error }

// Find reads the batches, newest first, for one made of fileID. None
// made of a file is older than the file, so the reading stops at the
// first batch created before it was uploaded: on an account that has made
// thousands of batches since, a bound on the pages read would miss the
// run's own batch and send its requests again, paid twice. Where the
// file's upload time cannot be read, findPages bounds the reading; where
// the server sends the same page again, the reading stops (before, it
// asked for it again for ever).
func (b batchAPI) Find(ctx context.Context, fileID string) (string, error) {
	uploaded := int64(-1)
	if f, err := b.r.client.Files.Get(ctx, fileID, b.opts()...); err == nil && f.CreatedAt > 0 {
		uploaded = f.CreatedAt
	}
	p := sdk.BatchListParams{Limit: sdk.Int(100)}
	after := ""
	for pages := 0; uploaded >= 0 || pages < findPages; pages++ {
		page, err := b.r.client.Batches.List(ctx, p, b.opts()...)
		if err != nil {
			return "", b.c.describe(err)
		}
		for _, bt := range page.Data {
			if bt.InputFileID == fileID {
				return bt.ID, nil
			}
			if bt.CreatedAt < uploaded-findSlack {
				return "", nil
			}
		}
		// A page that ends where the last did is the same page again (a
		// server that ignores after): none further can be read.
		if !page.HasMore || len(page.Data) == 0 || page.Data[len(page.Data)-1].ID == after {
			break
		}
		after = page.Data[len(page.Data)-1].ID
		p.After = sdk.String(after)
	}
	return "", nil
}

// batchState reads a batch's state word in any case (Together's is in
// capitals, COMPLETED), the American spelling (canceled, canceling: a
// proxy's, Together's) as OpenAI's word: the word, and whether the batch
// has ended or its state is none OpenAI has (another provider's, passed
// on by a proxy: Mistral's QUEUED, RUNNING), whose end moot cannot tell.
func batchState(raw string) (word string, ended, strange bool) {
	state := sdk.BatchStatus(strings.ToLower(raw))
	switch state {
	case "canceled":
		state = sdk.BatchStatusCancelled
	case "canceling":
		state = sdk.BatchStatusCancelling
	}
	switch state {
	case sdk.BatchStatusCompleted, sdk.BatchStatusFailed, sdk.BatchStatusExpired, sdk.BatchStatusCancelled:
		ended = true
	case sdk.BatchStatusValidating, sdk.BatchStatusInProgress, sdk.BatchStatusFinalizing, sdk.BatchStatusCancelling:
	default:
		strange = true
	}
	return string(state), ended, strange
}

func (b batchAPI) Status(ctx context.Context, id string) (batch.Status, error) {
	bt, err := b.r.client.Batches.Get(ctx, id, b.opts()...)
	if err != nil {
		return batch.Status{}, b.c.describe(err)
	}
	st := batch.Status{
		State: string(bt.Status), Total: int(bt.RequestCounts.Total),
		Completed: int(bt.RequestCounts.Completed), Failed: int(bt.RequestCounts.Failed),
		OutputFile: bt.OutputFileID, ErrorFile: bt.ErrorFileID,
	}
	if bt.CreatedAt > 0 {
		st.Created = time.Unix(bt.CreatedAt, 0)
	}
	state, ended, strange := batchState(string(bt.Status))
	st.Ended, st.Strange = ended, strange
	for _, e := range bt.Errors.Data {
		if st.Problem != "" {
			st.Problem += "; "
		}
		// The provider's words, which become the requests' errors: the
		// key struck from them, as from a live call's.
		msg := b.c.redactText(fmt.Sprintf("%s: %s", e.Code, e.Message))
		st.Problem += msg
		if e.Line > 0 {
			st.Problem += fmt.Sprintf(" (line %d)", e.Line)
		}
		if state == string(sdk.BatchStatusFailed) {
			st.Refusals = append(st.Refusals, batch.Refusal{Line: int(e.Line), Message: msg})
		}
	}
	return st, nil
}

func (b batchAPI) Cancel(ctx context.Context, id string) error {
	if _, err := b.r.client.Batches.Cancel(ctx, id, b.opts()...); err != nil {
		return b.c.describe(err)
	}
	return nil
}

func (b batchAPI) Endpoint() string { return b.r.url }

func (b batchAPI) Delete(ctx context.Context, fileID string) error {
	if _, err := b.r.client.Files.Delete(ctx, fileID, b.opts()...); err != nil {
		return b.c.describe(err)
	}
	return nil
}

// resultLine is one line of a batch's output or error file.
type resultLine struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *lineError `json:"error"`
}

func (b batchAPI) Results(ctx context.Context, st batch.Status) (map[string]batch.Result, error) {
	out := map[string]batch.Result{}
	for _, file := range []string{st.ErrorFile, st.OutputFile} {
		if file == "" {
			continue
		}
		if err := b.read(ctx, file, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// read adds the results of one output or error file to out.
func (b batchAPI) read(ctx context.Context, file string, out map[string]batch.Result) error {
	resp, err := b.r.client.Files.Content(ctx, file, option.WithRequestTimeout(max(b.c.s.Timeout, contentTimeout)))
	if err != nil {
		return b.c.describe(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 256<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l resultLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.CustomID == "" {
			// A line of the file itself that is not a result (a partial
			// file, cut short): the others are read, and its request,
			// unanswered, goes again on its own. (A download cut short
			// is sc.Err's, and the file is read again.)
			if m := customID.FindSubmatch(sc.Bytes()); m != nil && !answered(out, string(m[1])) {
				out[string(m[1])] = batch.Result{Err: fmt.Errorf("openai: %s model %s: batch file %s line %d is not a batch result", b.c.s.BaseURL, b.c.s.Model, file, n), Retry: true}
			}
			continue
		}
		if answered(out, l.CustomID) {
			continue // a line repeated: the answer read is kept
		}
		res := b.c.result(l)
		switch {
		case b.c.s.SendRequestHeader != nil:
		case refusedLine(l):
			// The sim server. A line that went without the request goes
			// again with it, no failure counted; one that had it (a
			// proxy strips it) as a failure that may pass.
			b.r.ep.sim.set(true)
			res.Again = b.c.bare.mended(l.CustomID)
			res.Retry = !res.Again
		default:
			b.c.bare.forget(l.CustomID)
		}
		out[l.CustomID] = res
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("file %s: %w", file, err)
	}
	return nil
}

// customID finds the custom id at the start of a batch result's line
// that is cut short.
var customID = regexp.MustCompile(`^\s*\{\s*"custom_id"\s*:\s*"([^"\\]+)"`)

// answered reports whether out holds an answer to the request id.
func answered(out map[string]batch.Result, id string) bool {
	r, ok := out[id]
	return ok && r.Err == nil
}

// refusedLine reports whether l is the sim server's refusal of a line
// without moot_request (refusedForHeader, in a batch's result).
func refusedLine(l resultLine) bool {
	if l.Response == nil {
		return false
	}
	var body struct {
		Error struct{ Message, Code string } `json:"error"`
	}
	return json.Unmarshal(l.Response.Body, &body) == nil && headerRefusal(l.Response.StatusCode, body.Error.Code, body.Error.Message)
}

// result reads one request's result as a live call's answer or error:
// a 408, 409, 424, 429, 5xx, expired or cancelled request may be sent again.
// Its error has the key struck out (redact), as a live call's has.
func (c *Client) result(l resultLine) batch.Result {
	if !l.answered() {
		msg, param, status := "no answer", "", 0
		if l.Error != nil {
			msg = l.Error.String()
		}
		if l.Response != nil {
			status = l.Response.StatusCode
			var body struct {
				Error struct{ Message, Param string } `json:"error"`
			}
			if json.Unmarshal(l.Response.Body, &body) == nil && body.Error.Message != "" {
				msg, param = body.Error.Message, body.Error.Param
			}
		}
		retry := status == 0 || transientStatus(status)
		// The line's own request is not at hand: the seed goes with every
		// line that sends one, the log-probabilities with a verdict's,
		// which a refusal of them is.
		hint := refusedField(status, param, msg, c.sendsSeed(), c.s.Logprobs)
		return batch.Result{Err: c.redact(fmt.Errorf("openai: %s model %s: HTTP %d in a batch: %s%s", c.s.BaseURL, c.s.Model, status, msg, hint)), Retry: retry}
	}
	var cc sdk.ChatCompletion
	if err := json.Unmarshal(l.Response.Body, &cc); err != nil {
		return batch.Result{Err: c.redact(fmt.Errorf("openai: %s model %s: %w: %v", c.s.BaseURL, c.s.Model, errTransient, err)), Retry: true}
	}
	// The prompt is not at hand here: a batch answer without usage (the
	// batch APIs known send it) gets its output tokens estimated, and the
	// batch, which has the call, estimates the prompt's.
	resp, err := response(&cc, nil)
	if err != nil {
		// An empty answer cut at the token limit is not sent again, as a
		// live call's is not: the same line meets the same limit.
		return batch.Result{Err: c.redact(fmt.Errorf("openai: %s model %s: %w: %w", c.s.BaseURL, c.s.Model, errTransient, err)), Retry: !sameAgain(err)}
	}
	return batch.Result{Response: resp}
}

// contentTimeout bounds the download of a batch's output file.
const contentTimeout = 10 * time.Minute

// describe names the endpoint and model in an error of the batch API; a
// 404 wraps batch.ErrGone.
func (c *Client) describe(err error) error {
	if apiErr, msg, ok := apiMessage(err); ok {
		if apiErr.StatusCode == http.StatusNotFound {
			return c.redact(fmt.Errorf("openai: %s model %s: HTTP 404: %s: %w", c.s.BaseURL, c.s.Model, msg, batch.ErrGone))
		}
		return c.redact(fmt.Errorf("openai: %s model %s: HTTP %d: %s", c.s.BaseURL, c.s.Model, apiErr.StatusCode, msg))
	}
	return c.redact(fmt.Errorf("openai: %s model %s: %w", c.s.BaseURL, c.s.Model, err))
}
