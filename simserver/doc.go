// Package simserver is an OpenAI-compatible HTTP server whose answers come
// from moot's sim agents, with injected faults.
//
// It exists so that moot's openai backend can be exercised for real, over
// HTTP, on one machine, and so that a researcher can dry-run an experiment
// through `backend: openai` before paying for one. An experiment played
// through the openai backend against this server gives the same transcripts
// as the in-process sim backend with the same seed.
//
// A chat completion is played from the agents.RequestHeader that moot's
// openai backend sends to it (it lists its models as owned by
// agents.SimServerOwner, and refuses a call without the header with the
// code agents.NoRequestHeader, so that a backend knows to send it): the
// structured agents.Request
// (role, side, view, transcript, seed) without its messages. The server
// takes the messages from the body and answers with exactly what the sim
// agent named by the body's model answers to that Request. Requests without
// the header are refused: a sim agent cannot play a bare chat.
//
// Faults are injected the way database/sql's fake driver injects them: each
// chat completion draws at most one fault (a 429, a 500, a 503, a dropped
// connection, a body that trickles out, a body that is not JSON) from a
// generator seeded by Faults.Seed, so a retry of the same request may
// succeed.
//
// Endpoints: POST /v1/chat/completions, GET (and HEAD) /v1/models and
// GET (and HEAD) /v1/models/{model}; and the batch API (batches.go, files.go): POST
// and GET /v1/files, GET and DELETE /v1/files/{id}, GET
// /v1/files/{id}/content, POST /v1/batches, GET /v1/batches and
// /v1/batches/{id}, POST /v1/batches/{id}/cancel. A batch plays each
// line of its input file as a chat completion, its moot_request field
// standing for the header, over BatchOptions.Delay, with failures,
// expiry, batches held in progress and lines refused injected as
// BatchOptions say; Batches lists those created. Errors have OpenAI's shape:
// {"error": {"message", "type", "param", "code"}}.
package simserver
