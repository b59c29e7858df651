package simserver

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// fileList is a page of GET /v1/files.
type fileList struct {
	Object  string       `json:"object"`
	Data    []fileObject `json:"data"`
	FirstID string       `json:"first_id,omitempty"`
	LastID  string       `json:"last_id,omitempty"`
	HasMore bool         `json:"has_more"`
}

// listFiles answers GET /v1/files as the Files API does: the files
// stored, newest first (order=asc: oldest first), of one purpose if the
// query names it, limit a page (1 to 10,000; all by default), after the
// file the query's after names.
func (b *batchStore) listFiles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 10000
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			writeError(w, badRequest("limit", "limit must be between 1 and 10000."))
			return
		}
		limit = n
	}
	order := cmp.Or(q.Get("order"), "desc")
	if order != "asc" && order != "desc" {
		writeError(w, badRequest("order", fmt.Sprintf("order must be asc or desc, got %q.", order)))
		return
	}
	b.mu.Lock()
	all := make([]fileObject, 0, len(b.files))
	for _, f := range b.files {
		if p := q.Get("purpose"); p == "" || f.obj.Purpose == p {
			all = append(all, f.obj)
		}
	}
	b.mu.Unlock()
	// A file's id holds its number, zero-padded: its order is theirs.
	slices.SortFunc(all, func(x, y fileObject) int { return cmp.Compare(x.ID, y.ID) })
	if order == "desc" {
		slices.Reverse(all)
	}
	if after := q.Get("after"); after != "" {
		i := slices.IndexFunc(all, func(f fileObject) bool { return f.ID == after })
		all = all[i+1:]
		if i < 0 {
			all = nil // as the batches' list: nothing after a file not listed
		}
	}
	page := fileList{Object: "list", Data: all[:min(limit, len(all))]}
	page.HasMore = len(all) > limit
	if n := len(page.Data); n > 0 {
		page.FirstID, page.LastID = page.Data[0].ID, page.Data[n-1].ID
	}
	writeJSON(w, http.StatusOK, encode(page))
}

// fileDeleted is the answer to DELETE /v1/files/{id}.
type fileDeleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// deleteFile answers DELETE /v1/files/{id}: the file is gone, its
// content and object answer 404 from now on. A batch made of it has its
// lines already and plays on.
func (b *batchStore) deleteFile(w http.ResponseWriter, id string) {
	b.mu.Lock()
	_, ok := b.files[id]
	delete(b.files, id)
	b.mu.Unlock()
	if !ok {
		writeError(w, noSuchFile(id))
		return
	}
	writeJSON(w, http.StatusOK, encode(fileDeleted{ID: id, Object: "file", Deleted: true}))
}
