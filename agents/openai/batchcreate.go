package openai

import (
	"context"
	"fmt"
	"net/http"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// Create creates the batch of an uploaded file. A 404 is the file gone
// (a server restarted), unless the server lists no batches either: then
// it has /files but not OpenAI's /batches (Mistral's batch jobs are at
// /v1/batch/jobs, Anthropic's at /v1/messages/batches), which sending
// again will not mend. An answer without a batch id (Together's create
// puts the batch under "job") is a batch moot cannot follow: made of
// fileID, it is found by its file where the server lists it, and is
// refused otherwise, rather than watched under no id and sent again: the
// refusal of Together's answer names the setting that speaks its API.
//
// Each creation carries an Idempotency-Key of its file (idempotencyKey):
// a provider that honours the header answers a second creation of one
// file — a resume of a run killed before it wrote the first's answer
// down — with the batch made first, whether or not its list shows it yet.
func (b batchAPI) Create(ctx context.Context, fileID string) (string, error) {
	bt, err := b.r.client.Batches.New(ctx, sdk.BatchNewParams{
		CompletionWindow: sdk.BatchNewParamsCompletionWindow24h,
		Endpoint:         sdk.BatchNewParamsEndpointV1ChatCompletions,
		InputFileID:      fileID,
	}, append(b.opts(), option.WithHeader("Idempotency-Key", idempotencyKey(fileID)))...)
	if err != nil {
		if httpStatus(err) == http.StatusNotFound && b.listsNoBatches(ctx) {
			return "", b.noBatchAPI("POST /batches, and GET /batches", err)
		}
		return "", b.sendError(err)
	}
	if bt.ID != "" {
		return bt.ID, nil
	}
	if id, err := b.Find(ctx, fileID); err == nil && id != "" {
		return id, nil
	}
	use := "use mode: live with this server"
	if job, err := readJob([]byte(bt.RawJSON())); err == nil && job.ID != "" {
		// Together's answer, the batch under "job": its batch API is
		// spoken where the settings name it.
		use = "this is Together AI's batch API: set batch: {api: together}"
	}
	return "", refused{b.c.redact(fmt.Errorf("openai: %s model %s: POST /batches answered with no batch id (%s): not OpenAI's batch object; moot cannot follow the batch, which the provider may run and charge for: cancel it there, and %s",
		b.c.s.BaseURL, b.c.s.Model, oneLine(bt.RawJSON()), use))}
}

// idempotencyKey is the Idempotency-Key of the creation of the batch of
// the input file fileID: one batch is made of each file, so the file
// names the creation.
func idempotencyKey(fileID string) string { return "moot-batch-" + fileID }

// listsNoBatches reports whether the server answers a list of batches
// with a 404: it has no batch API at /batches.
func (b batchAPI) listsNoBatches(ctx context.Context) bool {
	_, err := b.r.client.Batches.List(ctx, sdk.BatchListParams{Limit: sdk.Int(1)}, b.opts()...)
	return httpStatus(err) == http.StatusNotFound
}
