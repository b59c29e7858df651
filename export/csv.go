package export

import (
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
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func writeCSVEpisodes(w io.Writer, cols []column, rows []EpisodeRow, axes []string) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	var vals []any
	for i := range rows {
		vals = rows[i].values(vals[:0], axes)
		for j, v := range vals {
			rec[j] = formatValue(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type csvMessages struct {
	cw  *csv.Writer
	rec []string
}

func newCSVMessages(w io.Writer) (*csvMessages, error) {
	m := &csvMessages{cw: csv.NewWriter(w), rec: make([]string, len(messageColumns))}
	return m, m.cw.Write(messageColumns)
}

func (m *csvMessages) write(rows []MessageRow) error {
	for i := range rows {
		r := &rows[i]
		m.rec = append(m.rec[:0], r.EpisodeID, strconv.Itoa(r.Index), strconv.Itoa(r.Round),
			r.Name, r.Role, r.Agent, r.Text, r.Shown,
			strconv.Itoa(r.InputTokens), strconv.Itoa(r.OutputTokens), strconv.FormatBool(r.Cached),
			strconv.Itoa(r.Retries), strconv.FormatFloat(r.CostUSD, 'g', -1, 64),
			strconv.FormatBool(r.Aside), strconv.FormatBool(r.Discarded), r.PromptSHA256,
			strconv.FormatFloat(r.Seconds, 'g', -1, 64))
		if err := m.cw.Write(m.rec); err != nil {
			return err
		}
	}
	return nil
}

func (m *csvMessages) close() error {
	m.cw.Flush()
	return m.cw.Error()
}
