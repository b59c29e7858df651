package simserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/qa"
	"github.com/mootlab/moot/transcript"
)

// The agents a test server plays.
var (
	judgeSettings   = sim.Settings{Skill: 0.5, Diligence: 0.4, TrustUnverified: 0.3, PositionBias: 0.2, Noise: 0.5}
	debaterSettings = sim.Settings{Skill: 0.9, Deception: 0.8}
)

func testModels() map[string]agents.Agent {
	return map[string]agents.Agent{
		"judge":   sim.New(judgeSettings),
		"debater": sim.New(debaterSettings),
		"sim":     sim.New(sim.DefaultSettings()),
	}
}

// start serves testModels with opts on 127.0.0.1.
func start(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	s := New(testModels(), opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

var (
	questionsOnce sync.Once
	questions     []tasks.Question
	questionsErr  error
)

func testQuestions(t *testing.T) []tasks.Question {
	t.Helper()
	questionsOnce.Do(func() {
		g, err := qa.New(qa.DefaultSettings())
		if err != nil {
			questionsErr = err
			return
		}
		questions, questionsErr = g.Generate(3, 4)
	})
	if questionsErr != nil {
		t.Fatalf("qa: %v", questionsErr)
	}
	return questions
}

// views are the question as the engine shows it to a judge (hidden) and to
// a seat that sees the context (open), answers in the question's order.
func views(q tasks.Question) (hidden, open transcript.View) {
	hidden = transcript.View{QuestionID: q.ID, Family: q.Family, Question: q.Text, Answers: q.Answers, Difficulty: q.Difficulty}
	open = hidden
	open.Context, open.Evidence = q.Context, q.Evidence
	return hidden, open
}

func prompt(role transcript.Role, q tasks.Question) []transcript.ChatMessage {
	return []transcript.ChatMessage{
		{Role: "system", Content: "You are the " + string(role) + " in a debate about a story."},
		{Role: "user", Content: "Question: " + q.Text + "\nA: " + q.Answers[0] + "\nB: " + q.Answers[1] + "\n<quote>tags</quote> & more"},
	}
}

func debaterRequest(q tasks.Question, side, round int, seen []transcript.Turn, seed uint64) agents.Request {
	_, open := views(q)
	return agents.Request{
		Role: transcript.RoleDebater, Name: "Debater " + string(rune('A'+side)), Side: side, Round: round, Rounds: 2,
		WordLimit: 150, QuotesVerified: true, Messages: prompt(transcript.RoleDebater, q), View: open,
		Transcript: seen, Seed: seed,
	}
}

func consultantRequest(q tasks.Question, side int, seed uint64) agents.Request {
	_, open := views(q)
	return agents.Request{
		Role: transcript.RoleConsultant, Name: "Consultant", Side: side, Round: 1, Rounds: 1,
		WordLimit: 150, QuotesVerified: true, Messages: prompt(transcript.RoleConsultant, q), View: open, Seed: seed,
	}
}

func judgeRequest(q tasks.Question, seen []transcript.Turn, seed uint64) agents.Request {
	hidden, _ := views(q)
	return agents.Request{
		Role: transcript.RoleJudge, Name: "Judge", Side: transcript.NoSide, Round: 3, Rounds: 2,
		Messages: prompt(transcript.RoleJudge, q), View: hidden, Transcript: seen, Seed: seed,
	}
}

// debate plays a two-round debate in process and returns its turns as the
// judge sees them, quotes marked.
func debate(t *testing.T, q tasks.Question, seed uint64) []transcript.Turn {
	t.Helper()
	a := sim.New(debaterSettings)
	var turns []transcript.Turn
	for round := 1; round <= 2; round++ {
		for side := range 2 {
			resp, err := a.Generate(context.Background(), debaterRequest(q, side, round, turns, seed+uint64(10*round+side)))
			if err != nil {
				t.Fatal(err)
			}
			turns = append(turns, transcript.Turn{Round: round, Role: transcript.RoleDebater, Name: "Debater " + string(rune('A'+side)), Side: side, Text: resp.Text})
		}
	}
	shown := make([]transcript.Turn, len(turns))
	for i, tr := range turns {
		tr.Text = quotes.Verify(tr.Text, q.Context)
		shown[i] = tr
	}
	return shown
}

// body is the JSON of a chat completion request for req.
func body(model string, req agents.Request, extra map[string]any) []byte {
	m := map[string]any{"model": model, "messages": req.Messages, "seed": 7, "temperature": 0}
	for k, v := range extra {
		m[k] = v
	}
	data, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return data
}

// post sends a chat completion with req's header (unless header is
// false) and returns the answer with its body read.
func post(t *testing.T, client *http.Client, url string, data []byte, header func(http.Header)) (*http.Response, []byte, error) {
	t.Helper()
	hr, err := http.NewRequest(http.MethodPost, url+chatPath, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	if header != nil {
		header(hr.Header)
	}
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(hr)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// withRequest sets the moot request header for req.
func withRequest(t *testing.T, req agents.Request) func(http.Header) {
	t.Helper()
	v, err := agents.EncodeRequestHeader(req)
	if err != nil {
		t.Fatal(err)
	}
	return func(h http.Header) { h.Set(agents.RequestHeader, v) }
}

func both(fs ...func(http.Header)) func(http.Header) {
	return func(h http.Header) {
		for _, f := range fs {
			f(h)
		}
	}
}

func bearer(key string) func(http.Header) {
	return func(h http.Header) { h.Set("Authorization", "Bearer "+key) }
}

// completion is the part of an answer the tests read.
type completion struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	Model   string `json:"model"`
	Choices []struct {
		Index   int `json:"index"`
		Message struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
		Logprobs     *struct {
			Content []struct {
				Token       string  `json:"token"`
				Logprob     float64 `json:"logprob"`
				Bytes       []int   `json:"bytes"`
				TopLogprobs []struct {
					Token   string  `json:"token"`
					Logprob float64 `json:"logprob"`
					Bytes   []int   `json:"bytes"`
				} `json:"top_logprobs"`
			} `json:"content"`
		} `json:"logprobs"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
}

func decodeCompletion(t *testing.T, data []byte) completion {
	t.Helper()
	var c completion
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("answer %q: %v", data, err)
	}
	if len(c.Choices) != 1 {
		t.Fatalf("answer has %d choices; want 1", len(c.Choices))
	}
	return c
}

// errorAnswer is an OpenAI error body; Code and Param are null or a string.
type errorAnswer struct {
	Error struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

func decodeError(t *testing.T, data []byte) errorAnswer {
	t.Helper()
	var e errorAnswer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q: %v", data, err)
	}
	if e.Error.Message == "" || e.Error.Type == "" {
		t.Errorf("error body %s; want a message and a type", data)
	}
	return e
}

func generate(t *testing.T, a agents.Agent, req agents.Request) agents.Response {
	t.Helper()
	resp, err := a.Generate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
