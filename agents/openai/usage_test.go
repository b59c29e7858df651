package openai

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// answer is a completion of text, ended for finish, with usage the JSON
// of its usage ("" for none).
func answer(text, finish, usage string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		u := ""
		if usage != "" {
			u = `,"usage":` + usage
		}
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":%q}]%s}`, text, finish, u)
	}
}

func TestAnswerWithoutUsageIsEstimated(t *testing.T) {
	// The request's messages are "be fair" and "A or B?": 7 characters,
	// 2 tokens, and 4 for each message's framing: 12 in. "Answer: A" is
	// 9 characters: 3 tokens out.
	want := transcript.Usage{InputTokens: 12, OutputTokens: 3, Estimated: true}
	for name, usage := range map[string]string{
		"no usage": "",
		"zeros":    `{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, base := newFake(t, answer("Answer: A", "stop", usage))
			c, _ := client(t, base, nil)
			resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Usage != want {
				t.Errorf("usage %+v; want %+v", resp.Usage, want)
			}
		})
	}
	t.Run("counted", func(t *testing.T) {
		_, base := newFake(t, answer("Answer: A", "stop", `{"prompt_tokens":30,"completion_tokens":2,"total_tokens":32}`))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Usage != (transcript.Usage{InputTokens: 30, OutputTokens: 2}) {
			t.Errorf("usage %+v; want the server's counts, not an estimate", resp.Usage)
		}
	})
	// The prompt's tokens counted, the answer's not: a non-empty answer
	// has tokens, which its cost would leave out.
	t.Run("prompt only", func(t *testing.T) {
		_, base := newFake(t, answer("Answer: A", "stop", `{"prompt_tokens":30,"completion_tokens":0,"total_tokens":30}`))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Usage != (transcript.Usage{InputTokens: 30, OutputTokens: 3, Estimated: true}) {
			t.Errorf("usage %+v; want the server's 30 in, 3 out estimated", resp.Usage)
		}
	})
}

func TestAnswerCutAtTheTokenLimitIsMarked(t *testing.T) {
	// Cut at the limit, or by a content filter that let part through.
	for finish, want := range map[string]bool{"length": true, "stop": false, "content_filter": true, "": false} {
		_, base := newFake(t, answer("The passage says", finish, `{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}`))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Truncated != want {
			t.Errorf("finish_reason %q: Truncated = %v; want %v", finish, resp.Truncated, want)
		}
	}
}
