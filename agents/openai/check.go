package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/agents"
)

// Endpoint implements agents.Remote.
func (c *Client) Endpoint() agents.Endpoint {
	limit := 0
	for _, r := range c.replicas {
		limit += r.ep.Limit()
	}
	return agents.Endpoint{URL: URLs(c.urls()).String(), Model: c.s.Model, KeyEnv: c.s.APIKeyEnv, Limit: limit}
}

// Replicas implements agents.Replicated: each replica's URL and limit.
func (c *Client) Replicas() []agents.Endpoint {
	out := make([]agents.Endpoint, len(c.replicas))
	for i, r := range c.replicas {
		out[i] = agents.Endpoint{URL: r.url, Model: c.s.Model, KeyEnv: c.s.APIKeyEnv, Limit: r.ep.Limit()}
	}
	return out
}

var _ agents.Replicated = (*Client)(nil)

// Check implements agents.Checker: GET /models must answer with a list
// that names the model, or, where it does not, the server must answer a
// completion of one token for it (llama.cpp's lists its model file's path
// and answers any name). A server with no model list (404) is sent that
// completion alone. A check that reaches the server closes
// the endpoint's circuit breaker. Of a list of replicas, one that passes
// is enough: the breakers keep calls off those that are down; when none
// passes, the error names the first replica's failure. The replicas are
// checked at once, so that one that takes the connection and never
// answers does not spend the time the others have to pass.
func (c *Client) Check(ctx context.Context) error {
	return c.redact(c.check(ctx))
}

func (c *Client) check(ctx context.Context) error {
	if c.keyErr != nil {
		return c.keyErr
	}
	if len(c.replicas) == 1 {
		return c.checkReplica(ctx, c.replicas[0])
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // a pass cuts the others' checks short
	errs := make([]error, len(c.replicas))
	passed, done := make(chan struct{}, len(c.replicas)), make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range c.replicas {
		wg.Go(func() {
			if errs[i] = c.checkReplica(ctx, r); errs[i] == nil {
				passed <- struct{}{}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	select {
	case <-passed:
		return nil
	case <-done:
	}
	for i, err := range errs {
		if err == nil {
			return nil
		}
		errs[i] = fmt.Errorf("replica %s: %w", c.replicas[i].url, err)
	}
	return errs[0]
}

// checkReplica checks one replica.
func (c *Client) checkReplica(ctx context.Context, r *replica) error {
	// A list that is not JSON (a web page, a proxy's sign-in page) is
	// named by what it says, as a completion's is (jsonAnswers).
	page, err := r.client.Models.List(ctx, option.WithMiddleware(jsonAnswers, bareLists))
	if err == nil {
		r.ep.breaker.reset()
		var ids []string
		for _, m := range page.Data {
			if m.ID == c.s.Model {
				r.ep.sim.set(m.OwnedBy == agents.SimServerOwner)
				return nil
			}
			ids = append(ids, m.ID)
		}
		// It may answer for the name all the same; a busy server (429)
		// says nothing of the name, so a typo would pass.
		err := c.completion(ctx, r, false)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, errNotServed):
			return fmt.Errorf("the server does not list the model, nor answers for it (it lists %s)", listed(ids))
		}
		return fmt.Errorf("the server does not list the model (it lists %s), and asked for it: %w", listed(ids), err)
	}
	if httpStatus(err) == http.StatusNotFound {
		return c.completion(ctx, r, true)
	}
	return c.checkError(r, "GET /models", err)
}

// bareLists is the middleware of a model list that reads one sent as a
// bare JSON array of models (Together's API sends it so) as OpenAI's
// {"object": "list", "data": […]}, which the SDK reads: of the array it
// said only that it could not decode it, and the preflight failed.
func bareLists(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	resp, err := next(req)
	if err != nil || resp.StatusCode/100 != 2 || resp.Body == nil {
		return resp, err
	}
	data, whole, err := peekBody(resp, maxSniffedBody)
	switch {
	case err != nil:
		resp.Body.Close()
		return nil, err // cut off while read: as the SDK's own read would fail
	case !whole:
		return resp, nil
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' && json.Valid(trimmed) {
		setBody(resp, append(append([]byte(`{"object":"list","data":`), trimmed...), '}'))
	}
	return resp, nil
}

// errNotServed is a completion's 404: the server does not serve the model.
var errNotServed = errors.New("the server does not serve the model")

// completion asks for one token: for servers with no model list, or one
// that lists other names. busyOK takes a 429 as a pass: the server is
// reachable and took the key.
func (c *Client) completion(ctx context.Context, r *replica, busyOK bool) error {
	params := sdk.ChatCompletionNewParams{
		Model:    c.s.Model,
		Messages: []sdk.ChatCompletionMessageParamUnion{sdk.UserMessage("Say OK.")},
	}
	// One token, under the limit's name the agent gives: a reasoning
	// model refuses max_tokens, and would fail the probe for it.
	if c.s.MaxCompletionTokens > 0 {
		params.MaxCompletionTokens = sdk.Int(1)
	} else {
		params.MaxTokens = sdk.Int(1)
	}
	cc, err := r.client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0), option.WithMiddleware(jsonAnswers))
	switch httpStatus(err) {
	case 0:
		if err == nil && len(cc.Choices) == 0 {
			// A 200 whose body is no completion: an error in a 200, or
			// another API at this path.
			return fmt.Errorf("POST /chat/completions: not an OpenAI-compatible answer (HTTP 200 with no choices: %s)", oneLine(cc.RawJSON()))
		}
		if err == nil {
			r.ep.breaker.reset()
			return nil
		}
	case http.StatusNotFound:
		r.ep.breaker.reset()
		hint := ""
		if !strings.HasSuffix(strings.TrimRight(r.url, "/"), "/v1") {
			// GET /models and POST /chat/completions both not found: most
			// likely the path, not the model.
			hint = "; the base_url does not end in /v1, as OpenAI-compatible servers' usually do"
		}
		return fmt.Errorf("%w (POST /chat/completions: %s)%s", errNotServed, message(err), hint)
	case http.StatusTooManyRequests:
		// Reachable, the key accepted, only busy.
		r.ep.breaker.reset()
		if busyOK {
			return nil
		}
	}
	return c.checkError(r, "POST /chat/completions", err)
}

// checkError describes a failed check: the key refused, another status, or
// no answer at all.
func (c *Client) checkError(r *replica, what string, err error) error {
	switch s := httpStatus(err); s {
	case 0:
		if connectionFailure(err) || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("cannot reach the server: %s", oneLine(err.Error()))
		}
		return fmt.Errorf("%s: not an OpenAI-compatible answer: %s", what, oneLine(err.Error()))
	case http.StatusUnauthorized, http.StatusForbidden:
		r.ep.breaker.reset()
		if c.s.APIKeyEnv == "" {
			return fmt.Errorf("the server wants a key (HTTP %d: %s); name the variable that holds it with api_key_env", s, message(err))
		}
		return fmt.Errorf("the server refused the key in $%s (HTTP %d: %s)", c.s.APIKeyEnv, s, message(err))
	default:
		r.ep.breaker.reset()
		return fmt.Errorf("%s: HTTP %d: %s", what, s, message(err))
	}
}

// httpStatus is the HTTP status of an API error, 0 for any other error.
func httpStatus(err error) int {
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// message is the server's message of an API error, on one line: as a
// call's error gives it (apiMessage: the body where the error has no
// message, a FastAPI server's {"detail": …} that names the parameter it
// refused), else the status's name. Until 2026-12-05 the body was not
// read, and a preflight said only "HTTP 422: Unprocessable Entity".
func message(err error) string {
	apiErr, msg, ok := apiMessage(err)
	if !ok {
		return oneLine(err.Error())
	}
	if strings.TrimSpace(msg) == "" {
		msg = http.StatusText(apiErr.StatusCode)
	}
	return oneLine(msg)
}

// listed names up to ten models.
func listed(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	slices.Sort(ids)
	if len(ids) > 10 {
		return strings.Join(ids[:10], ", ") + fmt.Sprintf(" and %d more", len(ids)-10)
	}
	return strings.Join(ids, ", ")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// markup is an HTML or XML tag, for bodyText.
var markup = regexp.MustCompile(`<[^>]*>`)

// bodyText is the start of a response body that is not an API error's JSON
// (a proxy's HTML page: "400 Request Header Or Cookie Too Large"), its
// tags struck and its white space folded, at most 200 bytes; the body is
// put back for any later reader.
func bodyText(resp *http.Response) string {
	if resp.Body == nil {
		return ""
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), resp.Body))
	text := strings.Join(strings.Fields(markup.ReplaceAllString(string(data), " ")), " ")
	if len(text) > 200 {
		text = strings.ToValidUTF8(text[:200], "") + "…"
	}
	return text
}
