package export

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
)

// formatValue writes one table value as text: nil as "".
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		return string(appendFloat(nil, v))
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func writeCSVEpisodes(w io.Writer, cols []column, rows eachRow, axes []axisColumn) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	var vals []any
	err := rows(func(r *EpisodeRow) error {
		vals = r.values(vals[:0], axes)
		for j, v := range vals {
			rec[j] = formatValue(v)
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvEncoder encodes one episode's message rows on a worker.
type csvEncoder struct {
	buf  bytes.Buffer
	cw   *csv.Writer
	rec  []string
	vals []any
}

func newCSVMessages(w io.Writer) (*textMessages, error) {
	m := &textMessages{w: w}
	m.pool.New = func() any {
		e := &csvEncoder{rec: make([]string, len(messageColumns))}
		e.cw = csv.NewWriter(&e.buf)
		return e
	}
	cw := csv.NewWriter(w)
	cw.Write(messageColumns)
	cw.Flush()
	return m, cw.Error()
}

func (e *csvEncoder) reset() { e.buf.Reset() }

func (e *csvEncoder) row(r *MessageRow) error {
	e.vals = r.values(e.vals[:0])
	e.rec = e.rec[:0]
	for _, v := range e.vals {
		e.rec = append(e.rec, formatValue(v))
	}
	return e.cw.Write(e.rec)
}

func (e *csvEncoder) bytes() ([]byte, error) {
	e.cw.Flush()
	return e.buf.Bytes(), e.cw.Error()
}
