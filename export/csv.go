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
		return strconv.FormatFloat(v, 'g', -1, 64)
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
	buf bytes.Buffer
	cw  *csv.Writer
	rec []string
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
	var seed string
	if r.Seed != nil {
		seed = strconv.FormatUint(*r.Seed, 10)
	}
	e.rec = append(e.rec[:0], seed, r.EpisodeID, strconv.Itoa(r.Index), strconv.Itoa(r.Round),
		r.Name, r.Role, r.Agent, r.Text, r.Shown, r.Reasoning,
		strconv.Itoa(r.InputTokens), strconv.Itoa(r.OutputTokens), strconv.Itoa(r.CachedInputTokens), strconv.FormatBool(r.Cached),
		strconv.Itoa(r.Retries), strconv.FormatFloat(r.CostUSD, 'g', -1, 64), strconv.FormatFloat(r.ListCostUSD, 'g', -1, 64),
		strconv.FormatBool(r.Aside), strconv.FormatBool(r.Discarded), strconv.Itoa(r.Candidate), optFloat(r.Score), r.PromptSHA256, r.Draw,
		strconv.FormatFloat(r.Seconds, 'g', -1, 64), optFloat(r.ActiveSeconds), strconv.FormatBool(r.UsageEstimated), strconv.FormatBool(r.Truncated),
		strconv.FormatBool(r.Kept), optInt(r.InterimAnswer), optFloat(r.InterimProbability), r.ServedModel)
	return e.cw.Write(e.rec)
}

func (e *csvEncoder) bytes() ([]byte, error) {
	e.cw.Flush()
	return e.buf.Bytes(), e.cw.Error()
}

// optFloat is an optional number as a CSV field: empty for none.
func optFloat(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'g', -1, 64)
}

// optInt is an optional integer as a CSV field: empty for none.
func optInt(x *int) string {
	if x == nil {
		return ""
	}
	return strconv.Itoa(*x)
}
