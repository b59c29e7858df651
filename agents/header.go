package agents

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// RequestHeader is the HTTP header in which an LLM backend sends the
// request's structured form (role, side, view, transcript, seed) beside the
// chat messages. moot's own sim server reads it to play the request as the
// sim backend would. It carries no gold label, and a judge's view no hidden
// context; beyond the prompt it carries, to a seat that argues, the
// evidence pool its sim would search (the sentences of the context that
// name each answer), which a judge, answerer, grader or scorer never
// gets; to a grader, both answers, though its prompt shows the one it
// grades alone (the sim grader blanks the other before it reads); and to
// every seat the question's id, family and difficulty and the call's
// seed, none of which names the answer. It grows with the view and the transcript (kilobytes to tens of
// kilobytes), more than a proxy in front of another server may take in one
// header line (nginx's default is 8 KB): a backend sends it to the sim
// server alone, unless told otherwise.
const RequestHeader = "X-Moot-Request"

// SimServerOwner is the owner (owned_by) of every model that moot's sim
// server lists: a backend that finds it knows the server plays
// RequestHeader.
const SimServerOwner = "moot-sim"

// NoRequestHeader is the error code with which moot's sim server refuses a
// call that lacks RequestHeader: a backend that meets it knows the server
// plays the header, and asks again with it.
const NoRequestHeader = "moot_request_header_missing"

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
