package openai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/openai/openai-go/v3/option"
)

// notJSON is a successful HTTP answer whose body is not JSON: a proxy's
// sign-in page, a plain-text notice put up in front of the server. The
// SDK would say only that it cannot decode the content type; this says
// what the server sent. A web page is not retried (retryable): it says
// the same at every attempt, and so is a stream of server-sent events
// where one answer was asked for; another body (empty, JSON cut short) is, as
// a malformed answer is.
type notJSON struct {
	status      int
	contentType string
	text        string // the body's start, markup removed (bodyText)
}

func (e *notJSON) Error() string {
	ct, text := e.contentType, e.text
	if ct == "" {
		ct = "no content type"
	}
	if text == "" {
		text = "(empty)"
	}
	msg := fmt.Sprintf("HTTP %d with a body that is not JSON (%s): %s", e.status, ct, text)
	if e.stream() {
		msg += "; the server streams its answers though moot asks for none (stream is never sent): a proxy or server set to stream always, which moot cannot read"
	}
	return msg
}

// sameEveryTime says whether the body is one the server sends at every
// attempt: a web page (HTML or XHTML), or a stream of server-sent events
// where moot asked for one answer.
func (e *notJSON) sameEveryTime() bool {
	media, _, _ := mime.ParseMediaType(e.contentType)
	return media == "text/html" || media == "application/xhtml+xml" || e.stream()
}

// stream says whether the body is a stream of server-sent events.
func (e *notJSON) stream() bool {
	media, _, _ := mime.ParseMediaType(e.contentType)
	return media == "text/event-stream"
}

// jsonAnswers is the middleware that turns a successful answer whose
// content type is not JSON (as the SDK tells JSON: application/json or
// a +json type) into a notJSON error.
func jsonAnswers(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	resp, err := next(req)
	if err != nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	ct := resp.Header.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	if strings.Contains(media, "application/json") || strings.HasSuffix(media, "+json") {
		return resp, nil
	}
	// A JSON object under another type, or none (a wrapper written with
	// Flask's default text/html, a server that sets no type): what it
	// says is read, as the SDK reads only a JSON type's body. Before, it
	// failed every call as "a body that is not JSON", quoting the JSON.
	if resp.Body != nil {
		data, whole, err := peekBody(resp, maxSniffedBody)
		if trimmed := bytes.TrimSpace(data); whole && len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed) {
			resp.Header.Set("Content-Type", "application/json")
			return resp, nil
		}
		if err != nil {
			resp.Body.Close()
			return nil, err // cut off while read: retried as a dropped connection
		}
	}
	text := bodyText(resp)
	resp.Body.Close()
	return nil, &notJSON{status: resp.StatusCode, contentType: ct, text: text}
}

// peekBody reads resp's body up to limit bytes and leaves it to be read
// again from its start; whole says that it read all of it (a longer body,
// or one whose read failed, is read on from where the reading stopped,
// after the bytes read).
func peekBody(resp *http.Response, limit int64) (data []byte, whole bool, err error) {
	data, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil || int64(len(data)) > limit {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), resp.Body), resp.Body}
		return data, false, err
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return data, true, nil
}

// maxSniffedBody bounds the body jsonAnswers reads to see whether one of
// another type is JSON all the same.
const maxSniffedBody = 64 << 20

// maxErrorBody bounds the error body errorBodies reads; a longer one is
// passed on as it is.
const maxErrorBody = 1 << 20

// errorBodies is the middleware that gives an error answer whose "error"
// is not an object — a string, as Hugging Face's TGI and Inference
// Endpoints send ({"error": "Input validation error: …", "error_type":
// "validation"}) — OpenAI's shape, {"error": {"message", "type"}}, its
// status kept. The SDK reads an error's "error" as an object: of a string
// it returned only that it could not decode it, so that the status and the
// server's message were lost, and a 422 or a 401 was retried as a
// malformed answer.
func errorBodies(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	resp, err := next(req)
	if err != nil || resp.StatusCode < 400 || resp.Body == nil {
		return resp, err
	}
	data, whole, _ := peekBody(resp, maxErrorBody)
	if !whole {
		return resp, nil
	}
	var body struct {
		Error     json.RawMessage `json:"error"`
		ErrorType string          `json:"error_type"`
		// A message beside the error, where "error" is only the status's
		// name (Spring's {"status": 404, "error": "Not Found",
		// "message": …}) or a flag ({"error": true, "message": …}).
		Message, Detail any
		// The error's type where the message is at the top (vLLM's).
		Type any
	}
	if json.Unmarshal(data, &body) != nil {
		return resp, nil
	}
	raw := bytes.TrimSpace(body.Error)
	if m, ok := body.Message.(string); len(raw) == 0 && ok && strings.TrimSpace(m) != "" {
		// No "error", a message at the top: vLLM's ErrorResponse
		// ({"object": "error", "message": …, "type": "BadRequestError",
		// "code": 400}), whose whole body the error quoted.
		body.Error, _ = json.Marshal(m)
		raw = body.Error
		body.Message = nil
		if t, ok := body.Type.(string); ok && body.ErrorType == "" {
			body.ErrorType = t
		}
	}
	if len(raw) == 0 || raw[0] == '{' || bytes.Equal(raw, []byte("null")) {
		return resp, nil
	}
	msg := string(raw) // a number, a list: as it is written
	var s string
	isText := json.Unmarshal(raw, &s) == nil
	if isText {
		msg = s
	}
	for _, beside := range []any{body.Message, body.Detail} {
		t, ok := beside.(string)
		if !ok || strings.TrimSpace(t) == "" || t == msg {
			continue
		}
		if isText {
			msg += ": " + t // both may say something ("Not Found: No model m")
		} else {
			msg = t // "error" a flag or a code
		}
		break
	}
	fixed, _ := json.Marshal(map[string]map[string]string{"error": {"message": msg, "type": body.ErrorType}})
	setBody(resp, fixed)
	return resp, nil
}

// setBody makes data resp's body, JSON, in place of what the server sent.
func setBody(resp *http.Response, data []byte) {
	resp.Body = io.NopCloser(bytes.NewReader(data))
	resp.ContentLength = int64(len(data))
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Header.Set("Content-Length", strconv.Itoa(len(data)))
	resp.Header.Set("Content-Type", "application/json")
}
