package simserver

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"testing"

	sdk "github.com/openai/openai-go/v3"
)

// TestFilesListAndDelete: the files uploaded are listed newest first (or
// oldest, a page at a time); a file deleted is gone from the list, its
// object and content answer 404, deleting it again is a 404; and a file
// uploaded after a delete gets a new id, never a deleted one's.
func TestFilesListAndDelete(t *testing.T) {
	_, ts := start(t, Options{})
	c := sdkClient(ts.URL, "")
	ctx := context.Background()
	var ids []string
	for range 3 {
		f, err := c.Files.New(ctx, sdk.FileNewParams{File: sdk.File(bytes.NewReader([]byte("{}\n")), "in.jsonl", "application/jsonl"),
			Purpose: sdk.FilePurposeBatch})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
	}
	listed := func(p sdk.FileListParams) []string {
		t.Helper()
		page, err := c.Files.List(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range page.Data {
			got = append(got, f.ID)
		}
		return got
	}
	newest := []string{ids[2], ids[1], ids[0]}
	if got := listed(sdk.FileListParams{}); !slices.Equal(got, newest) {
		t.Errorf("list %v; want newest first %v", got, newest)
	}
	if got := listed(sdk.FileListParams{Order: sdk.FileListParamsOrderAsc, Limit: sdk.Int(1), After: sdk.String(ids[0])}); !slices.Equal(got, ids[1:2]) {
		t.Errorf("the page after %s: %v; want %v", ids[0], got, ids[1:2])
	}
	if got := listed(sdk.FileListParams{Purpose: sdk.String("fine-tune")}); len(got) != 0 {
		t.Errorf("files of purpose fine-tune: %v; want none", got)
	}

	del, err := c.Files.Delete(ctx, ids[1])
	if err != nil || !del.Deleted || del.ID != ids[1] {
		t.Fatalf("delete: %+v, %v", del, err)
	}
	if got := listed(sdk.FileListParams{}); !slices.Equal(got, []string{ids[2], ids[0]}) {
		t.Errorf("list after the delete %v; want %s gone", got, ids[1])
	}
	if _, err := c.Files.Get(ctx, ids[1]); !isStatus(err, http.StatusNotFound) {
		t.Errorf("the deleted file's object: %v; want 404", err)
	}
	if _, err := c.Files.Content(ctx, ids[1]); !isStatus(err, http.StatusNotFound) {
		t.Errorf("the deleted file's content: %v; want 404", err)
	}
	if _, err := c.Files.Delete(ctx, ids[1]); !isStatus(err, http.StatusNotFound) {
		t.Errorf("deleting it again: %v; want 404", err)
	}
	f, err := c.Files.New(ctx, sdk.FileNewParams{File: sdk.File(bytes.NewReader([]byte("{}\n")), "in.jsonl", "application/jsonl"),
		Purpose: sdk.FilePurposeBatch})
	if err != nil || slices.Contains(ids, f.ID) {
		t.Errorf("the upload after a delete: %v, id %s; want a new id (not one of %v)", err, f.ID, ids)
	}

	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/v1/files/"+ids[0], nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, DELETE" {
		t.Errorf("PUT a file: %d, Allow %q; want 405, GET, DELETE", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
