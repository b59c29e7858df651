package openai

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/internal/wait"
	"github.com/mootlab/moot/transcript"
)

// Client is an agent behind an OpenAI-compatible endpoint. It is safe for
// concurrent use.
type Client struct {
	s Settings
	// replicas are base_url's endpoints, one or more (replicas.go).
	replicas []*replica
	// sleep waits between attempts; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter draws the jitter of a backoff wait from [0, 1); tests
	// replace it.
	jitter func() float64
	// keyErr says why the API key could not be read (its variable is
	// not set): every call fails with it, and a run does not start.
	keyErr error
	// key is the API key, kept to strike it from errors (redact).
	key string
	// bare are the custom ids of the batch lines this client wrote
	// without moot's request (batch.go).
	bare bareLines
}

var (
	_ agents.Agent       = (*Client)(nil)
	_ agents.Keyer       = (*Client)(nil)
	_ agents.Priced      = (*Client)(nil)
	_ agents.ReplyCapped = (*Client)(nil)
	_ agents.Remote      = (*Client)(nil)
	_ agents.Unready     = (*Client)(nil)
	_ agents.Checker     = (*Client)(nil)
	_ agents.Breaker     = (*Client)(nil)
)

func init() {
	agents.Register("openai", settings.Make("Any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, Ollama, "+
		"llama.cpp server, OpenRouter…), with moot's own retries and per-endpoint limits (docs/llm-endpoints.md).",
		DefaultSettings, func(s Settings) (agents.Agent, error) {
			c, err := New(s)
			if err != nil {
				return nil, err // not a typed nil
			}
			return c, nil
		}))
}

// New validates s, reads the API key from the environment, and returns a
// client. A key variable that is not set leaves a client that can be
// planned with but not called (Unready).
func New(s Settings) (*Client, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	key, keyErr := s.apiKey()
	if s.Batch == (batch.Settings{}) {
		s.Batch = batch.DefaultSettings()
	}
	c := &Client{s: s, sleep: wait.Sleep, jitter: rand.Float64, keyErr: keyErr, key: key}
	for _, u := range s.BaseURL {
		base := strings.TrimRight(u, "/") + "/"
		c.replicas = append(c.replicas, &replica{
			url:    strings.TrimRight(u, "/"),
			client: sdkClient(base, key),
			ep:     endpointFor(base, s.Concurrency),
		})
	}
	return c, nil
}

// Unready implements agents.Unready: the key variable not set, if so.
func (c *Client) Unready() error { return c.keyErr }

// Settings returns the client's settings.
func (c *Client) Settings() Settings { return c.s }

// Price implements agents.Priced.
func (c *Client) Price(u transcript.Usage) float64 {
	return c.s.Price.Cost(u)
}

// MaxReplyTokens implements agents.ReplyCapped: max_tokens, or
// max_completion_tokens.
func (c *Client) MaxReplyTokens() int { return max(c.s.MaxTokens, c.s.MaxCompletionTokens) }

// Generate sends the request's messages and returns the first choice,
// retrying transient failures.
func (c *Client) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	resp, err := c.generate(ctx, req)
	return resp, c.redact(err)
}

func (c *Client) generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	if c.keyErr != nil {
		return agents.Response{}, c.keyErr
	}
	params := c.params(req)
	opts := []option.RequestOption{option.WithRequestTimeout(c.s.Timeout), option.WithMiddleware(jsonAnswers)}
	var header string
	// unused counts the tokens of attempts answered without a usable
	// answer, which the server bills.
	var unused transcript.Usage
	// unreachable are the replicas this call could not connect to: its
	// retries go to others while there are any.
	var unreachable map[*replica]bool
	// resent is whether the call was sent again with the header, once
	// the endpoint was known for the sim server: a request no attempt
	// counts.
	resent := false
	for attempt := 0; ; attempt++ {
		r, err := c.pick(unreachable)
		if err != nil {
			return agents.Response{}, &agents.RetriedError{Count: attempt, Err: err}
		}
		completion, headed, sent, err := c.send(ctx, r, params, req, &header, opts)
		if !sent {
			return agents.Response{}, err
		}
		if ctx.Err() == nil && err != nil && connectionFailure(err) {
			if unreachable == nil {
				unreachable = map[*replica]bool{}
			}
			unreachable[r] = true
		}
		if err == nil {
			resp, err := response(completion, req.Messages)
			if err == nil {
				resp.Retries = attempt
				addUsage(&resp.Usage, unused)
				return resp, nil
			}
			// A 200 with no usable choice is a server fault like a 5xx;
			// the tokens it used (a reasoning cut off in its <think>, a
			// refusal) are paid all the same, and go with the answer.
			if completion != nil {
				addUsage(&unused, attemptUsage(completion.Usage))
			}
			err = fmt.Errorf("%w: %w", errTransient, err)
			if attempt >= c.s.MaxRetries || sameAgain(err) {
				return agents.Response{}, c.fail(attempt, resent, err, params)
			}
			agents.NoteRetry(ctx, c.redact(fmt.Errorf("%s: %w", r.url, err)))
			if err := c.sleep(ctx, backoff(c.s.Backoff, attempt, c.jitter())); err != nil {
				return agents.Response{}, err
			}
			continue
		}
		if ctx.Err() != nil {
			return agents.Response{}, ctx.Err()
		}
		if !headed && c.wantsHeader(r, err) {
			attempt-- // the sim server, now known: asked again with the header
			resent = true
			continue
		}
		wait, retry := retryable(err, c.s.Backoff, attempt, c.jitter(), time.Now())
		if !retry || attempt >= c.s.MaxRetries {
			return agents.Response{}, c.fail(attempt, resent, err, params)
		}
		agents.NoteRetry(ctx, c.redact(describeAttempt(r.url, err)))
		if err := c.sleep(ctx, wait); err != nil {
			return agents.Response{}, err
		}
	}
}

var errTransient = errors.New("malformed answer")

// send makes one attempt of a call at the replica r: it waits for a slot
// of r's endpoint, then sends the request with the header where r takes it
// (decided after the wait: a call queued while another learnt the server
// for the sim server goes with it; headed says so), and records the
// outcome in r's breaker unless ctx ended. sent is false where it sent
// nothing: ctx ended before a slot came, or the request could not be
// encoded.
func (c *Client) send(ctx context.Context, r *replica, params sdk.ChatCompletionNewParams, req agents.Request, header *string, opts []option.RequestOption) (_ *sdk.ChatCompletion, headed, sent bool, _ error) {
	if err := r.ep.acquire(ctx); err != nil {
		return nil, false, false, err
	}
	defer r.ep.release()
	withHeader, err := c.headerOpts(r, req, header, opts)
	if err != nil {
		return nil, false, false, err
	}
	completion, err := r.client.Chat.Completions.New(ctx, params, withHeader...)
	switch {
	case ctx.Err() != nil:
	case quotaExhausted(err):
		_, msg, _ := apiMessage(err)
		r.ep.breaker.trip(fmt.Sprintf("openai: %s: the account is out of quota (HTTP 429 insufficient_quota), which waiting does not mend: %s", r.url, oneLine(msg)))
	default:
		r.ep.breaker.record(timedOut(err, c.s.Timeout))
	}
	return completion, len(withHeader) > len(opts), true, err
}

// describeAttempt names a failed attempt at the replica url that will be
// tried again: the status and the server's message, or the error.
func describeAttempt(url string, err error) error {
	if apiErr, msg, ok := apiMessage(err); ok {
		return fmt.Errorf("%s: HTTP %d: %s", url, apiErr.StatusCode, oneLine(msg))
	}
	return fmt.Errorf("%s: %s", url, oneLine(err.Error()))
}

// fail describes a call that will not be retried: the status and the
// server's message, never the request's headers; resent says the call was
// also sent again with moot's request header, which no attempt counts;
// sent is the request, whose field the server refused a setting may stop
// sending (refusedField).
func (c *Client) fail(attempt int, resent bool, err error, sent sdk.ChatCompletionNewParams) error {
	tries := noun.Count(attempt+1, "attempt")
	if resent {
		tries += ", and once more with moot's request header, which the server asked for"
	}
	if apiErr, msg, ok := apiMessage(err); ok {
		why := ""
		if apiErr.Response != nil {
			if wait, ok := retryAfter(apiErr.Response.Header.Get("Retry-After-Ms"), apiErr.Response.Header.Get("Retry-After"), time.Now()); ok && wait > maxServerWait && transientStatus(apiErr.StatusCode) {
				why = fmt.Sprintf("; the server asked to wait %s, longer than moot waits (%s)", wait.Round(time.Second), maxServerWait)
			}
		}
		why += refusedField(apiErr.StatusCode, apiErr.Param, msg, sent.Seed.Valid(), sent.Logprobs.Valid())
		return &agents.RetriedError{Count: attempt, Err: fmt.Errorf("openai: %s model %s: HTTP %d: %s (after %s%s)", c.s.BaseURL, c.s.Model, apiErr.StatusCode, msg, tries, why)}
	}
	why := ""
	if errors.Is(err, context.DeadlineExceeded) {
		why = fmt.Sprintf(", the last cut at the agent's timeout: %s", c.s.Timeout)
	}
	return &agents.RetriedError{Count: attempt, Err: fmt.Errorf("openai: %s model %s: %w (after %s%s)", c.s.BaseURL, c.s.Model, err, tries, why)}
}

// apiMessage is the server's error of an HTTP answer and its message (the
// raw body when it has none); ok is false for an error with no answer.
func apiMessage(err error) (apiErr *sdk.Error, msg string, ok bool) {
	if !errors.As(err, &apiErr) {
		return nil, "", false
	}
	msg = apiErr.Message
	if msg == "" && apiErr.Response != nil {
		msg = apiErr.RawJSON()
	}
	if msg == "" && apiErr.Response != nil {
		msg = bodyText(apiErr.Response)
	}
	return apiErr, msg, true
}

// transientStatus is whether an HTTP status is worth another attempt:
// 408, 409, 424, 429 and 5xx. Hugging Face TGI answers 424 (Failed
// Dependency) where generation failed in a shard (out of memory under
// load, say): a server's fault, which was not retried.
func transientStatus(s int) bool { return s == 408 || s == 409 || s == 424 || s == 429 || s >= 500 }

// retryable says whether err is worth another attempt, and after what
// wait: 408, 409, 424, 429 and 5xx, connection errors and per-attempt time-outs
// are; other answers are not, nor a server that asks for a wait longer than
// maxServerWait. A wait the server asks for, if more than nothing, wins
// over the backoff, which is drawn with jitter (see backoff); now dates a
// Retry-After date.
func retryable(err error, first time.Duration, attempt int, jitter float64, now time.Time) (time.Duration, bool) {
	var apiErr *sdk.Error
	var page *notJSON
	switch {
	case errors.As(err, &page):
		// A web page put up in front of the server (a proxy's sign-in
		// page), or a stream from a server set to stream always, is the
		// same at every attempt; another body (empty, or JSON cut short)
		// may be a server's glitch.
		return backoff(first, attempt, jitter), !page.sameEveryTime()
	case !errors.As(err, &apiErr):
		// Connection refused or reset, a dropped connection, or this
		// attempt's own time-out.
		return backoff(first, attempt, jitter), true
	case !transientStatus(apiErr.StatusCode) || quotaExhausted(err):
		return 0, false
	}
	// A wait of nothing — Retry-After: 0, or a date already past — would
	// retry at once, as often as the server answers: the backoff instead.
	if apiErr.Response != nil {
		if wait, ok := retryAfter(apiErr.Response.Header.Get("Retry-After-Ms"), apiErr.Response.Header.Get("Retry-After"), now); ok && wait > 0 {
			if wait > maxServerWait {
				return 0, false
			}
			return wait, true
		}
	}
	return backoff(first, attempt, jitter), true
}

const (
	backoffCap    = 8 * time.Second
	maxServerWait = 2 * time.Minute
)

// backoff is the wait before retry number attempt+1: first · 2^attempt,
// capped at 8 s, less jitter (drawn from [0, 1)) times a quarter of it so
// that many clients do not retry in step.
func backoff(first time.Duration, attempt int, jitter float64) time.Duration {
	d := backoffCap
	if attempt < 16 {
		d = min(first<<attempt, backoffCap)
	}
	return d - time.Duration(jitter*float64(d)/4)
}

// retryAfter reads a server's requested wait: Retry-After-Ms (milliseconds)
// first, then Retry-After (seconds, or an HTTP date, counted from now, in
// any of the three forms HTTP/1.1 allows). A wait too long for a Duration
// is the longest one, where it wrapped round to a negative wait, and the
// call was retried at once.
func retryAfter(ms, after string, now time.Time) (time.Duration, bool) {
	span := func(v float64, unit time.Duration) time.Duration {
		if d := v * float64(unit); d < math.MaxInt64 {
			return time.Duration(d)
		}
		return math.MaxInt64
	}
	if ms != "" {
		var v float64
		if _, err := fmt.Sscan(ms, &v); err == nil && v >= 0 {
			return span(v, time.Millisecond), true
		}
	}
	if after != "" {
		var v float64
		if _, err := fmt.Sscan(after, &v); err == nil && v >= 0 {
			return span(v, time.Second), true
		}
		// RFC 1123 with any zone (a server that writes UTC), then the
		// forms http.ParseTime reads: RFC 850's and asctime's.
		t, err := time.Parse(time.RFC1123, after)
		if err != nil {
			t, err = http.ParseTime(after)
		}
		if err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	return 0, false
}

// attemptUsage is the usage of an attempt that gave no usable answer, as
// its server counted it: its prompt tokens read from the server's cache
// are priced as cached, as an answer's are (and believed as theirs).
func attemptUsage(u sdk.CompletionUsage) transcript.Usage {
	return transcript.Usage{
		InputTokens:       int(u.PromptTokens),
		CachedInputTokens: cachedTokens(u),
		OutputTokens:      int(u.CompletionTokens),
		ReasoningTokens:   reasoningTokens(u),
	}
}

// addUsage adds the token counts of u to sum.
func addUsage(sum *transcript.Usage, u transcript.Usage) {
	sum.InputTokens += u.InputTokens
	sum.CachedInputTokens += u.CachedInputTokens
	sum.OutputTokens += u.OutputTokens
	sum.ReasoningTokens += u.ReasoningTokens
}
