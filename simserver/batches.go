package simserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mootlab/moot/agents"
)

// Paths of the files and batches endpoints.
const (
	filesPath   = "/v1/files"
	batchesPath = "/v1/batches"
)

// maxFileBytes bounds an uploaded batch input file.
const maxFileBytes = 256 << 20

func batchPath(p string) bool {
	return p == filesPath || strings.HasPrefix(p, filesPath+"/") || p == batchesPath || strings.HasPrefix(p, batchesPath+"/")
}

// serveBatchAPI routes a request of the files and batches endpoints:
// POST and GET /v1/files, GET and DELETE /v1/files/{id},
// GET /v1/files/{id}/content, POST and GET /v1/batches,
// GET /v1/batches/{id}, POST /v1/batches/{id}/cancel.
func (s *Server) serveBatchAPI(w http.ResponseWriter, r *http.Request) {
	b := s.batches
	rest, files := strings.CutPrefix(r.URL.Path, filesPath)
	if !files {
		rest = strings.TrimPrefix(r.URL.Path, batchesPath)
	}
	id, sub, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
	allow := []string{http.MethodGet}
	switch {
	case id == "":
		allow = append(allow, http.MethodPost)
	case files && sub == "":
		allow = append(allow, http.MethodDelete)
	case !files && sub == "cancel":
		allow = []string{http.MethodPost}
	case files && sub == "content", sub == "":
	default:
		writeError(w, notFound("url", "Unknown request URL: "+r.URL.Path))
		return
	}
	if !slices.Contains(allow, r.Method) {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, methodNotAllowed(r))
		return
	}
	switch {
	case files && id == "" && r.Method == http.MethodPost:
		b.upload(w, r)
	case files && id == "":
		b.listFiles(w, r)
	case files && sub == "content":
		b.content(w, id)
	case files && r.Method == http.MethodDelete:
		b.deleteFile(w, id)
	case files:
		b.file(w, id)
	case id == "" && r.Method == http.MethodPost:
		s.createBatch(w, r)
	case id == "":
		b.list(w, r)
	default:
		b.get(w, id, sub == "cancel")
	}
}

func notFound(what, message string) *apiError {
	return &apiError{status: http.StatusNotFound, typ: typeInvalidRequest, code: "not_found", param: what, message: message}
}

// upload stores a multipart upload of a file for the batch API.
func (b *batchStore) upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFileBytes)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeError(w, badRequest("file", "Could not read the multipart upload: "+err.Error()))
		return
	}
	if p := r.FormValue("purpose"); p != "batch" {
		writeError(w, badRequest("purpose", fmt.Sprintf("serve-sim takes files of purpose batch only, got %q.", p)))
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		writeError(w, badRequest("file", "The upload has no file: "+err.Error()))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		writeError(w, badRequest("file", "Could not read the file: "+err.Error()))
		return
	}
	writeJSON(w, http.StatusOK, encode(b.addFile(hdr.Filename, "batch", data)))
}

// fileOr404 is the stored file id, or nil after answering 404 as the
// Files API does.
func (b *batchStore) fileOr404(w http.ResponseWriter, id string) *storedFile {
	b.mu.Lock()
	f, ok := b.files[id]
	b.mu.Unlock()
	if !ok {
		writeError(w, noSuchFile(id))
		return nil
	}
	return f
}

// noSuchFile is the Files API's 404 of a file id it does not hold.
func noSuchFile(id string) *apiError {
	return notFound("file_id", fmt.Sprintf("No such File object: %s", id))
}

// batchOr404 is batch id's state, or nil after answering 404 as the
// Batches API does. b.mu is held.
func (b *batchStore) batchOr404(w http.ResponseWriter, id string) *batchState {
	st, ok := b.batches[id]
	if !ok {
		writeError(w, notFound("batch_id", fmt.Sprintf("No such Batch object: %s", id)))
		return nil
	}
	return st
}

func (b *batchStore) file(w http.ResponseWriter, id string) {
	if f := b.fileOr404(w, id); f != nil {
		writeJSON(w, http.StatusOK, encode(f.obj))
	}
}

func (b *batchStore) content(w http.ResponseWriter, id string) {
	f := b.fileOr404(w, id)
	if f == nil {
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(f.data)
}

// batchCreate is the body of POST /v1/batches.
type batchCreate struct {
	InputFileID      string            `json:"input_file_id"`
	Endpoint         string            `json:"endpoint"`
	CompletionWindow string            `json:"completion_window"`
	Metadata         map[string]string `json:"metadata"`
}

// createBatch creates a batch of an uploaded file and plays it in the
// background.
func (s *Server) createBatch(w http.ResponseWriter, r *http.Request) {
	var body batchCreate
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
		writeError(w, badRequest("", "We could not parse the JSON body of your request: "+err.Error()))
		return
	}
	switch {
	case body.Endpoint != chatPath:
		writeError(w, badRequest("endpoint", fmt.Sprintf("serve-sim batches %s only, got %q.", chatPath, body.Endpoint)))
		return
	case body.CompletionWindow != "24h":
		writeError(w, badRequest("completion_window", fmt.Sprintf("completion_window must be 24h, got %q.", body.CompletionWindow)))
		return
	}
	bt, lines, problems, err := s.batches.create(body)
	if err != nil {
		writeError(w, err)
		return
	}
	s.counts.batches.Add(1)
	s.log.Info("simserver: batch created", "batch", bt.ID, "input_file", body.InputFileID, "requests", len(lines))
	writeJSON(w, http.StatusOK, encode(bt))
	go s.playBatch(bt.ID, lines, problems)
}

// get answers with batch id, cancelling it first when cancel is set and
// it has not ended.
func (b *batchStore) get(w http.ResponseWriter, id string, cancel bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.batchOr404(w, id)
	if st == nil {
		return
	}
	if cancel && !st.ended() && !st.isCancelled() {
		close(st.cancelled)
		st.obj.Status = "cancelling"
		st.obj.CancellingAt = time.Now().Unix()
	}
	writeJSON(w, http.StatusOK, encode(st.obj))
}

// list lists the batches, newest first, limit (default 20, at most 100) a
// page, after the batch named by after.
func (b *batchStore) list(w http.ResponseWriter, r *http.Request) {
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, badRequest("limit", "limit must be between 1 and 100."))
			return
		}
		limit = n
	}
	after := r.URL.Query().Get("after")
	b.mu.Lock()
	defer b.mu.Unlock()
	page := batchList{Object: "list", Data: []batchObject{}}
	started := after == ""
	for i := len(b.order) - 1; i >= 0; i-- {
		id := b.order[i]
		if !started {
			started = id == after
			continue
		}
		if len(page.Data) == limit {
			page.HasMore = true
			break
		}
		page.Data = append(page.Data, b.batches[id].obj)
	}
	if n := len(page.Data); n > 0 {
		page.FirstID, page.LastID = page.Data[0].ID, page.Data[n-1].ID
	}
	writeJSON(w, http.StatusOK, encode(page))
}

// playBatch plays a batch's lines over Delay, as a provider would (or
// fails it at once, for problems with its input): some
// fail (Fail), the first Expire batches answer only their first half, the
// first Hold answer their first half and wait to be cancelled, and a
// cancelled batch answers no more.
func (s *Server) playBatch(id string, lines []inputLine, problems []batchError) {
	b := s.batches
	start := time.Now()
	if problems != nil {
		b.fail(id, problems)
		return
	}
	expire, hold := b.begin(id, len(lines))
	var out, errs bytes.Buffer
	for i, l := range lines {
		due := start.Add(b.opts.Delay * time.Duration(i+1) / time.Duration(len(lines)+1))
		time.Sleep(time.Until(due))
		if hold != nil && i == len(lines)/2 {
			<-hold
		}
		switch {
		case b.cancelled(id):
			errs.Write(encode(errorLine(l.CustomID, "batch_cancelled", "This request was not executed: the batch was cancelled.")))
		case expire && i >= (len(lines)+1)/2:
			s.counts.batchExpired.Add(1)
			errs.Write(encode(errorLine(l.CustomID, "batch_expired", "This request could not be executed before the completion window expired.")))
		case b.drawFailure(l.CustomID):
			s.counts.batchFailed.Add(1)
			e := &apiError{status: http.StatusInternalServerError, typ: typeServer, message: "The server had an error while processing your request (injected by serve-sim)."}
			errs.Write(encode(responseLine(l.CustomID, e.status, encode(e.body()))))
			b.count(id, false)
		default:
			body, _, apiErr := s.play(context.Background(), l.Body, l.MootRequest)
			if apiErr != nil && apiErr.code == agents.NoRequestHeader {
				// A batch line carries the header as a field of its own.
				apiErr.message = "serve-sim needs the line's moot_request field, which moot's openai backend writes beside its body: " +
					"a sim agent plays the structured request (role, side, question view, transcript, seed), not bare chat messages."
			}
			if apiErr != nil {
				errs.Write(encode(responseLine(l.CustomID, apiErr.status, encode(apiErr.body()))))
				b.count(id, false)
				continue
			}
			s.counts.batchAnswers.Add(1)
			out.Write(encode(responseLine(l.CustomID, http.StatusOK, bytes.TrimSpace(body))))
			b.count(id, true)
		}
	}
	time.Sleep(time.Until(start.Add(b.opts.Delay)))
	b.finish(id, expire, out.Bytes(), errs.Bytes())
	s.log.Info("simserver: batch ended", "batch", id, "requests", len(lines))
}
