package openai

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestARefusedParameterNamesTheSetting: a server that refuses a field
// moot sends unasked — the seed of every call, the logprobs of a
// verdict's — fails the call with the server's message and the setting
// that stops sending it (send_seed: false, logprobs: false), which the
// experiment file does not name; before, the error gave the server's
// message alone, and nothing said how to send the call without the
// field. A field the file names itself (a temperature) gets no hint, nor
// does a message that names the field where moot did not send it.
func TestARefusedParameterNamesTheSetting(t *testing.T) {
	off := false
	tests := []struct {
		name   string
		answer func(http.ResponseWriter)
		adjust func(*Settings)
		role   transcript.Role
		want   string // "" for no hint
	}{
		{"OpenAI's seed refused", jsonStatus(400, `{"error":{"message":"Unsupported parameter: 'seed' is not supported with this model.","type":"invalid_request_error","param":"seed","code":"unsupported_parameter"}}`), nil, transcript.RoleDebater, "send_seed: false"},
		{"a validator's 422 of the seed", jsonStatus(422, `{"detail":[{"type":"extra_forbidden","loc":["body","seed"],"msg":"Extra inputs are not permitted","input":42}]}`), nil, transcript.RoleDebater, "send_seed: false"},
		// Mistral's API, whose message is the validator's object.
		{"Mistral's 422 of the seed", jsonStatus(422, `{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","seed"],"msg":"Extra inputs are not permitted","input":42}]},"type":"invalid_request_error","param":null,"code":null}`), nil, transcript.RoleDebater, "send_seed: false"},
		{"Mistral's 422 of both", jsonStatus(422, `{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","seed"],"msg":"Extra inputs are not permitted","input":42},{"type":"extra_forbidden","loc":["body","logprobs"],"msg":"Extra inputs are not permitted","input":true}]},"type":"invalid_request_error","param":null,"code":null}`), nil, transcript.RoleJudge, "send_seed: false sends none; moot asks a verdict's call for log-probabilities, which the server seems to refuse: logprobs: false"},
		{"an error that is a text, of the seed", jsonStatus(422, `{"error":"Input validation error: seed must be positive","error_type":"validation"}`), nil, transcript.RoleDebater, "send_seed: false"},
		// The field named by param alone, the message a general one.
		{"the seed named by param alone", jsonStatus(400, `{"error":{"message":"Unrecognized request argument supplied","param":"seed"}}`), nil, transcript.RoleDebater, "send_seed: false"},
		{"the seed named, none sent", jsonStatus(400, `{"error":{"message":"Unsupported parameter: seed","param":"seed"}}`), func(s *Settings) { s.SendSeed = &off }, transcript.RoleDebater, ""},
		{"logprobs refused", jsonStatus(400, `{"error":{"message":"logprobs is not supported for this model","param":"logprobs"}}`), nil, transcript.RoleJudge, "logprobs: false"},
		{"top_logprobs refused", jsonStatus(400, `{"error":{"message":"top_logprobs must be at most 0","param":"top_logprobs"}}`), nil, transcript.RoleJudge, "logprobs: false"},
		{"logprobs named of a debater's call, which asks none", jsonStatus(400, `{"error":{"message":"logprobs is not supported"}}`), nil, transcript.RoleDebater, ""},
		{"temperature refused", jsonStatus(400, `{"error":{"message":"Unsupported value: 'temperature' does not support 0.3","param":"temperature"}}`), nil, transcript.RoleDebater, ""},
		{"a word holding seed", jsonStatus(400, `{"error":{"message":"the prompt exceeded the limit; seeds of doubt"}}`), nil, transcript.RoleDebater, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, base := newFake(t, tc.answer)
			c, _ := client(t, base, tc.adjust)
			_, err := c.Generate(context.Background(), request(tc.role))
			if err == nil || f.calls != 1 {
				t.Fatalf("%v after %d calls; want a failure after one", err, f.calls)
			}
			if tc.want == "" && strings.Contains(err.Error(), ": false") {
				t.Errorf("error %q; want no setting named", err)
			}
			if tc.want != "" && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q; want it to name %s", err, tc.want)
			}
		})
	}
}

func jsonStatus(code int, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}
