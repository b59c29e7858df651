package export

import (
	"io"
	"math"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// appendJSONString appends s as a JSON string: escaped as little as
// JSON asks (RFC 8785: no HTML escapes), an invalid UTF-8 byte (which no
// decoded record holds) as U+FFFD, as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	b, _ = jsontext.AppendQuote(b, s)
	return b
}

// appendJSONValue appends one table value as JSON: nil as null.
func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendJSONString(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case uint64:
		return strconv.AppendUint(b, v, 10)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return append(b, "null"...) // JSON has no such number
		}
		return appendFloat(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	}
	return append(b, "null"...)
}

// writeJSONLEpisodes writes one object a row, its keys in column order.
func writeJSONLEpisodes(w io.Writer, cols []column, rows eachRow, axes []axisColumn) error {
	var b []byte
	var vals []any
	return rows(func(r *EpisodeRow) error {
		vals = r.values(vals[:0], axes)
		b = appendJSONObject(b[:0], func(j int) string { return cols[j].name }, vals)
		_, err := w.Write(b)
		return err
	})
}

// appendJSONObject appends one object a line: the values vals, each under
// the key name(j) of its place j.
func appendJSONObject(b []byte, name func(j int) string, vals []any) []byte {
	b = append(b, '{')
	for j, v := range vals {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name(j))
		b = append(b, ':')
		b = appendJSONValue(b, v)
	}
	return append(b, '}', '\n')
}

// jsonlEncoder encodes one episode's message rows on a worker.
type jsonlEncoder struct {
	buf  []byte
	vals []any
}

func newJSONLMessages(w io.Writer) *textMessages {
	m := &textMessages{w: w}
	m.pool.New = func() any { return &jsonlEncoder{} }
	return m
}

func (e *jsonlEncoder) reset() { e.buf = e.buf[:0] }
func (e *jsonlEncoder) row(r *MessageRow) error {
	e.vals = r.values(e.vals[:0])
	e.buf = appendJSONObject(e.buf, func(j int) string { return messageColumns[j] }, e.vals)
	return nil
}
func (e *jsonlEncoder) bytes() ([]byte, error) { return e.buf, nil }
