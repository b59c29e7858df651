package openai

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/openai/openai-go/v3/option"
)

// notJSON is a successful HTTP answer whose body is not JSON: a proxy's
// sign-in page, a plain-text notice put up in front of the server. The
// SDK would say only that it cannot decode the content type; this says
// what the server sent. It is retried as a malformed answer is.
type notJSON struct {
	status      int
	contentType string
	text        string // the body's start, markup removed (bodyText)
}

func (e *notJSON) Error() string {
	ct, text := e.contentType, e.text
	if ct == "" {
		ct = "no content type"
	}
	if text == "" {
		text = "(empty)"
	}
	return fmt.Sprintf("HTTP %d with a body that is not JSON (%s): %s", e.status, ct, text)
}

// jsonAnswers is the middleware that turns a successful answer whose
// content type is not JSON (as the SDK tells JSON: application/json or
// a +json type) into a notJSON error.
func jsonAnswers(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	resp, err := next(req)
	if err != nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	ct := resp.Header.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	if strings.Contains(media, "application/json") || strings.HasSuffix(media, "+json") {
		return resp, nil
	}
	text := bodyText(resp)
	resp.Body.Close()
	return nil, &notJSON{status: resp.StatusCode, contentType: ct, text: text}
}
