package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string, without escaping HTML.
func appendJSONString(b []byte, s string) []byte {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		plain = s[i] >= 0x20 && s[i] != '"' && s[i] != '\\'
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
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
		return strconv.AppendFloat(b, v, 'g', -1, 64)
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
		b = append(b[:0], '{')
		for j, v := range vals {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, cols[j].name)
			b = append(b, ':')
			b = appendJSONValue(b, v)
		}
		b = append(b, '}', '\n')
		_, err := w.Write(b)
		return err
	})
}

// jsonlEncoder encodes one episode's message rows on a worker.
type jsonlEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONLMessages(w io.Writer) *textMessages {
	m := &textMessages{w: w}
	m.pool.New = func() any {
		e := &jsonlEncoder{}
		e.enc = json.NewEncoder(&e.buf)
		e.enc.SetEscapeHTML(false)
		return e
	}
	return m
}

func (e *jsonlEncoder) reset()                  { e.buf.Reset() }
func (e *jsonlEncoder) row(r *MessageRow) error { return e.enc.Encode(r) }
func (e *jsonlEncoder) bytes() ([]byte, error)  { return e.buf.Bytes(), nil }
