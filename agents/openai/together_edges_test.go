package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mootlab/moot/batch"
)

// togetherRoutes is a server of fixed answers by method and path, each a
// status and a body: the edges of Together's batch API the fake keeps to
// the reference's shapes.
func togetherRoutes(t *testing.T, key string, routes map[string][2]string) batch.API {
	return routesOf(t, batch.APITogether, key, routes)
}

// routesOf is togetherRoutes of an agent speaking the batch API dialect.
func routesOf(t *testing.T, dialect, key string, routes map[string][2]string) batch.API {
	t.Helper()
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		a, ok := routes[r.Method+" "+strings.TrimPrefix(r.URL.Path, "/v1")]
		if !ok {
			a = [2]string{"404", `{"error":{"message":"not found"}}`}
		}
		var code int
		fmt.Sscan(a[0], &code)
		w.WriteHeader(code)
		io.WriteString(w, a[1])
	}))
	c, _ := client(t, base+"/v1", func(s *Settings) {
		s.Batch.API, s.MaxRetries = dialect, 0
		if key != "" {
			t.Setenv("MOOT_TEST_TOGETHER_KEY", key)
			s.APIKeyEnv = "MOOT_TEST_TOGETHER_KEY"
		}
	})
	api, _, _ := c.Batching()
	return api
}

// TestTogetherFindMatchesTheInputFile: Find gives the batch made of the
// file asked for, not the first listed, and none where none was. A
// resumed run given another file's batch would take its answers as its
// own, and send its own requests again.
func TestTogetherFindMatchesTheInputFile(t *testing.T) {
	api := togetherRoutes(t, "", map[string][2]string{"GET /batches": {"200",
		`[{"id":"b-0","input_file_id":"file-0","status":"COMPLETED"},{"id":"b-1","input_file_id":"file-1","status":"IN_PROGRESS"}]`}})
	for file, want := range map[string]string{"file-1": "b-1", "file-0": "b-0", "file-9": ""} {
		if got, err := api.Find(context.Background(), file); err != nil || got != want {
			t.Errorf("Find(%s): got %q, %v; want %q", file, got, err, want)
		}
	}
	api = togetherRoutes(t, "", map[string][2]string{"GET /batches": {"200", `{"object":"list"}`}})
	if got, err := api.Find(context.Background(), "file-0"); err == nil {
		t.Errorf("no list: got %q; want an error, not none found (a second batch)", got)
	}
}

// TestTogetherUploadRefusals: an upload answered 404 is refused as a
// server without Together's batch API, naming batch.api; one answered
// with no file id is refused, not followed under no file.
func TestTogetherUploadRefusals(t *testing.T) {
	api := togetherRoutes(t, "", nil)
	_, err := api.Upload(context.Background(), []byte("{}\n"))
	if !errors.Is(err, batch.ErrRefused) || !strings.Contains(fmt.Sprint(err), "batch.api: together needs Together's /files/upload") {
		t.Errorf("404: got %v; want refused, naming batch.api: together", err)
	}
	api = togetherRoutes(t, "", map[string][2]string{"POST /files/upload": {"200", `{"object":"file"}`}})
	if id, err := api.Upload(context.Background(), []byte("{}\n")); !errors.Is(err, batch.ErrRefused) || id != "" {
		t.Errorf("no file id: got %q, %v; want refused", id, err)
	}
}

// TestTogetherCreateAnswers: a creation answered with no batch id takes
// the batch listed for its file; a 404 is no batch API only where the
// list is 404 too (else the file is gone, as OpenAI's says).
func TestTogetherCreateAnswers(t *testing.T) {
	ctx := context.Background()
	list := `[{"id":"b-7","input_file_id":"file-7","status":"VALIDATING"}]`
	api := togetherRoutes(t, "", map[string][2]string{"POST /batches": {"201", `{"job":{"status":"VALIDATING"},"warning":""}`}, "GET /batches": {"200", list}})
	if id, err := api.Create(ctx, "file-7"); err != nil || id != "b-7" {
		t.Errorf("no id, listed: got %q, %v; want b-7", id, err)
	}
	if id, err := api.Create(ctx, "file-8"); !errors.Is(err, batch.ErrRefused) || id != "" {
		t.Errorf("no id, not listed: got %q, %v; want refused", id, err)
	}
	api = togetherRoutes(t, "", nil)
	if _, err := api.Create(ctx, "file-7"); !strings.Contains(fmt.Sprint(err), "no batch API of Together's") {
		t.Errorf("404 with no list: got %v; want no batch API of Together's", err)
	}
	for _, l := range []string{list, "not a list"} {
		api = togetherRoutes(t, "", map[string][2]string{"GET /batches": {"200", l}})
		if _, err := api.Create(ctx, "file-7"); err == nil || strings.Contains(err.Error(), "no batch API of Together's") {
			t.Errorf("404 with list %q: got %v; want the file's error", l, err)
		}
	}
}

// TestTogetherStatusEdges: a job with no status is an error, not a
// strange state waited on; CANCELED is cancelled and ended, CANCELING
// cancelling and known, PAUSED strange; an error of
// null is no problem; a created_at of 0 is no date (not 1970, whose
// max_wait would cancel the batch at once); the key is struck from a
// job's error.
func TestTogetherStatusEdges(t *testing.T) {
	const key = "sk-test-TOGETHER-0123456789"
	ctx := context.Background()
	api := togetherRoutes(t, key, map[string][2]string{
		"GET /batches/none":   {"200", `{"id":"none","progress":0}`},
		"GET /batches/gone":   {"200", `{"id":"gone","status":"CANCELED","error":null,"created_at":0}`},
		"GET /batches/stop":   {"200", `{"id":"stop","status":"CANCELING"}`},
		"GET /batches/odd":    {"200", `{"id":"odd","status":"PAUSED"}`},
		"GET /batches/failed": {"200", `{"id":"failed","status":"FAILED","error":"refused key ` + key + `"}`},
	})
	if st, err := api.Status(ctx, "none"); err == nil {
		t.Errorf("no status: got %+v; want an error", st)
	}
	st, err := api.Status(ctx, "gone")
	if err != nil || st.State != "cancelled" || !st.Ended || st.Strange || st.Problem != "" || !st.Created.IsZero() {
		t.Errorf("CANCELED: got %+v, %v; want cancelled, ended, no problem, no date", st, err)
	}
	if st, err := api.Status(ctx, "stop"); err != nil || st.State != "cancelling" || st.Ended || st.Strange {
		t.Errorf("CANCELING: got %+v, %v; want cancelling, a state known", st, err)
	}
	if st, err := api.Status(ctx, "odd"); err != nil || !st.Strange || st.Ended {
		t.Errorf("PAUSED: got %+v, %v; want a strange state, not ended", st, err)
	}
	st, err = api.Status(ctx, "failed")
	if err != nil || st.Problem == "" || strings.Contains(st.Problem, key[4:]) {
		t.Errorf("FAILED: got %+v, %v; want its problem without the key", st, err)
	}
}

// TestTogetherProgressIsLogged: a batch whose state stays in_progress
// while its progress moves is logged at each percentage.
func TestTogetherProgressIsLogged(t *testing.T) {
	f := newFakeTogether("COMPLETED", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS")
	_, errs, log := askTogether(t, serve(t, f), t.TempDir(), 1)
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	for _, want := range []string{"in_progress, 25% done", "in_progress, 50% done", "in_progress, 75% done"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

// TestOpenAICreateWithoutIDSaysLive: under batch.api: openai, a creation
// answered with no batch id that is not Together's job is refused saying
// to use mode: live, not to set batch.api: together.
func TestOpenAICreateWithoutIDSaysLive(t *testing.T) {
	api := routesOf(t, batch.APIOpenAI, "", map[string][2]string{
		"POST /batches": {"200", `{"object":"batch","status":"validating"}`},
		"GET /batches":  {"200", `{"object":"list","data":[],"has_more":false}`},
	})
	_, err := api.Create(context.Background(), "file-1")
	if msg := fmt.Sprint(err); !errors.Is(err, batch.ErrRefused) || !strings.Contains(msg, "use mode: live with this server") || strings.Contains(msg, "together") {
		t.Errorf("got %v; want refused, saying to use mode: live", err)
	}
}
