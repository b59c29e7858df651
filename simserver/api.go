package simserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// The JSON shapes of OpenAI's chat completions API, as far as the server
// reads or writes them.

// chatRequest is the body of POST /v1/chat/completions. Unknown fields are
// ignored. Sampling fields are decoded so that a mistyped one is refused as
// OpenAI refuses it, and then ignored: a sim agent's randomness comes from
// the Seed of the moot request header.
type chatRequest struct {
	Model               string        `json:"model"`
	Messages            []chatMessage `json:"messages"`
	Seed                *int64        `json:"seed"`
	Temperature         *float64      `json:"temperature"`
	MaxTokens           *int          `json:"max_tokens"`
	MaxCompletionTokens *int          `json:"max_completion_tokens"`
	Logprobs            bool          `json:"logprobs"`
	TopLogprobs         *int          `json:"top_logprobs"`
	N                   *int          `json:"n"`
	Stream              *bool         `json:"stream"`
}

// chatRoles are the message roles OpenAI's chat completions take.
var chatRoles = map[string]bool{"system": true, "developer": true, "user": true, "assistant": true, "tool": true, "function": true}

// check refuses, as OpenAI does, a value out of its range, a stream (which
// serve-sim does not give: moot's backend never asks for one) and a
// message without a known role: a client that sends one finds out here,
// not from a real endpoint later.
func (r *chatRequest) check() *apiError {
	for _, f := range []struct {
		param string
		n     *int
	}{{"max_tokens", r.MaxTokens}, {"max_completion_tokens", r.MaxCompletionTokens}} {
		if f.n != nil && *f.n < 1 {
			return badRequest(f.param, fmt.Sprintf("Invalid '%s': integer below minimum value. Expected a value >= 1, but got %d instead.", f.param, *f.n))
		}
	}
	switch {
	case r.N != nil && *r.N != 1:
		return badRequest("n", fmt.Sprintf("serve-sim gives exactly one choice a request; got n = %d.", *r.N))
	case r.Stream != nil && *r.Stream:
		return badRequest("stream", "serve-sim does not stream: it answers with the whole completion. Leave stream out, or set it to false.")
	case r.TopLogprobs != nil && (*r.TopLogprobs < 0 || *r.TopLogprobs > 20):
		return badRequest("top_logprobs", fmt.Sprintf("Invalid 'top_logprobs': expected a value from 0 to 20, but got %d instead.", *r.TopLogprobs))
	case r.TopLogprobs != nil && !r.Logprobs:
		return badRequest("top_logprobs", "Invalid 'top_logprobs': logprobs must be set to true if top_logprobs is used.")
	case r.Temperature != nil && !(*r.Temperature >= 0 && *r.Temperature <= 2):
		return badRequest("temperature", fmt.Sprintf("Invalid 'temperature': expected a value from 0 to 2, but got %g instead.", *r.Temperature))
	case len(r.Messages) == 0:
		return badRequest("messages", "messages must not be empty.")
	}
	for i, m := range r.Messages {
		if !chatRoles[m.Role] {
			return badRequest(fmt.Sprintf("messages[%d].role", i), fmt.Sprintf("Invalid value %q: the role must be one of system, developer, user, assistant, tool or function.", m.Role))
		}
	}
	return nil
}

// tokenLimit is the most completion tokens the request allows
// (max_completion_tokens, else max_tokens), 0 for no limit.
func (r *chatRequest) tokenLimit() int {
	for _, n := range []*int{r.MaxCompletionTokens, r.MaxTokens} {
		if n != nil && *n > 0 {
			return *n
		}
	}
	return 0
}

// bytesPerToken is how serve-sim counts tokens, as the sim agents count
// their own (4 bytes a token).
const bytesPerToken = 4

// cutToTokens is text cut to at most limit tokens, at the last space
// before the cut where there is one.
func cutToTokens(text string, limit int) string {
	n := limit * bytesPerToken
	if n >= len(text) {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	if i := strings.LastIndexAny(text[:n], " \n"); i > 0 {
		n = i
	}
	return text[:n]
}

// chatMessage is one input message. Content is a string or an array of
// content parts, of which only text parts are accepted.
type chatMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// text returns the message's content as one string.
func (m chatMessage) text() (string, error) {
	raw := bytes.TrimSpace(m.Content)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", errors.New("content must be a string or an array of content parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type != "text" {
			return "", errors.New("serve-sim reads only text content parts, got " + p.Type)
		}
		b.WriteString(p.Text)
	}
	return b.String(), nil
}

type chatResponse struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Created int64    `json:"created"`
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   usage    `json:"usage"`
}

type choice struct {
	Index        int              `json:"index"`
	Message      assistantMessage `json:"message"`
	FinishReason string           `json:"finish_reason"`
	// Logprobs is null unless the request asked for them.
	Logprobs *choiceLogprobs `json:"logprobs"`
}

type assistantMessage struct {
	Role    string  `json:"role"`
	Content string  `json:"content"`
	Refusal *string `json:"refusal"`
}

type choiceLogprobs struct {
	Content []tokenLogprob `json:"content"`
	Refusal []tokenLogprob `json:"refusal"`
}

type tokenLogprob struct {
	Token   string  `json:"token"`
	Logprob float64 `json:"logprob"`
	// Bytes are the token's UTF-8 bytes as numbers, as OpenAI sends them
	// ([]byte would be base64).
	Bytes       []int        `json:"bytes"`
	TopLogprobs []topLogprob `json:"top_logprobs"`
}

type topLogprob struct {
	Token   string  `json:"token"`
	Logprob float64 `json:"logprob"`
	Bytes   []int   `json:"bytes"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type modelList struct {
	Object string  `json:"object"`
	Data   []model `json:"data"`
}

type model struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

// Error types and codes, as OpenAI names them.
const (
	typeInvalidRequest = "invalid_request_error"
	typeServer         = "server_error"
	typeRateLimit      = "requests"
)

// apiError is an error answer: its status and the body's error object.
type apiError struct {
	status  int
	typ     string
	code    string // empty: null
	param   string // empty: null
	message string
}

func (e *apiError) Error() string { return e.message }

type errorBody struct {
	Error errorObject `json:"error"`
}

type errorObject struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

func (e *apiError) body() errorBody {
	o := errorObject{Message: e.message, Type: e.typ}
	if e.param != "" {
		o.Param = &e.param
	}
	if e.code != "" {
		o.Code = &e.code
	}
	return errorBody{Error: o}
}

func badRequest(param, message string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: typeInvalidRequest, param: param, message: message}
}

// encode renders v as JSON without escaping HTML: model text is full of
// quote tags, and the client is not a browser.
func encode(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own types are encoded, and they always encode.
		panic("simserver: " + err.Error())
	}
	return b.Bytes()
}
