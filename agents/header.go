package agents

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// RequestHeader is the HTTP header in which an LLM backend sends the
// request's structured form (role, side, view, transcript, seed) beside the
// chat messages. moot's own sim server reads it to play the request as the
// sim backend would; any other OpenAI-compatible server ignores an unknown
// header. It carries nothing the prompt does not: a judge's view has no
// hidden context, and no request has a gold label.
const RequestHeader = "X-Moot-Request"

// EncodeRequestHeader encodes req, without its messages, for RequestHeader.
func EncodeRequestHeader(req Request) (string, error) {
	req.Messages = nil
	data, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(data), nil
}

// DecodeRequestHeader is the inverse of EncodeRequestHeader.
func DecodeRequestHeader(value string) (Request, error) {
	var req Request
	data, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil {
		return req, fmt.Errorf("agents: %s: %w", RequestHeader, err)
	}
	if err := json.Unmarshal(data, &req); err != nil {
		return req, fmt.Errorf("agents: %s: %w", RequestHeader, err)
	}
	return req, nil
}
