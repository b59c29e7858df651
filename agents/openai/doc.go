// Package openai is the backend for any OpenAI-compatible chat-completions
// endpoint: OpenAI, vLLM, Ollama, llama.cpp server, OpenRouter, Together,
// and moot's own serve-sim.
//
// moot owns the retry policy (the SDK's is turned off): 408, 409, 424, 429, 5xx,
// connection errors and per-attempt time-outs are retried with capped
// exponential backoff and jitter, honouring Retry-After-Ms and Retry-After;
// other 4xx answers are not. Calls to one base URL share one concurrency
// limit, whatever agent makes them. The API key is read from the
// environment variable the experiment names and is never written anywhere.
//
// batch.go is the agent's side of batch mode (package batch): a request
// as a line of a batch input file, and OpenAI's files and batches API
// through the SDK's Files and Batches services.
package openai
