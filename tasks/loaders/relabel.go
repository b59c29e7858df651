package loaders

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/mootlab/moot/tasks"
)

var (
	_ tasks.Relabeler = (*jsonl)(nil)
	_ tasks.Relabeler = (*pairwise)(nil)
)

// Relabel implements tasks.Relabeler: the correct field and the incorrect
// one (or the element of the list) holding the new gold answer trade
// values.
func (l *jsonl) Relabel(path string, opts tasks.LoadOptions, gold map[string]string, w io.Writer) error {
	return relabelLines(path, opts, gold, w, l.parse, func(o object, _ item, to string) error {
		return l.swap(o, to)
	})
}

func (l *jsonl) swap(o object, to string) error {
	s := l.s
	cv, err := o.must(s.Correct)
	if err != nil {
		return err
	}
	iv, err := o.must(s.Incorrect)
	if err != nil {
		return err
	}
	if list, ok := iv.([]any); ok {
		for j, el := range list {
			if text, _, _ := o.asText(s.Incorrect, el); text == to {
				list[j] = cv
				return o.set(s.Correct, el)
			}
		}
		return bad(s.Incorrect, "no element is %q", clip(to))
	}
	if err := o.set(s.Incorrect, cv); err != nil {
		return err
	}
	return o.set(s.Correct, iv)
}

// Relabel implements tasks.Relabeler: the label names the other response
// (JudgeBench's label, MT-Bench's winner; RewardBench's chosen and
// rejected trade places). A tie is not a question and is copied as is.
func (p *pairwise) Relabel(path string, opts tasks.LoadOptions, gold map[string]string, w io.Writer) error {
	parse := func(o object) ([]item, error) {
		it, tie, err := p.parse(o)
		if err != nil || tie != "" {
			return nil, err
		}
		return []item{it}, nil
	}
	return relabelLines(path, opts, gold, w, parse, p.flip)
}

// flip names the other response of a pairwise record as the better one.
func (p *pairwise) flip(o object, _ item, _ string) error {
	swap := func(k1, k2 string) { o.m[k1], o.m[k2] = o.m[k2], o.m[k1] }
	switch {
	case has(o, "chosen"):
		swap("chosen", "rejected")
	case has(o, "winner"):
		o.m["winner"] = map[any]string{"model_a": "model_b", "model_b": "model_a"}[o.m["winner"]]
	default:
		label, _ := o.m["label"].(string)
		o.m["label"] = map[string]string{"A>B": "B>A", "B>A": "A>B"}[strings.ReplaceAll(label, " ", "")]
	}
	return nil
}

func has(o object, key string) bool { _, ok := o.m[key]; return ok }

// relabelLines copies a JSON Lines file to w, rewriting the records of the
// questions gold names: parse reads a record as the loader does, and flip
// makes the new gold answer, which must be one of its other answers, the
// correct one. A rewritten record is encoded anew (its keys in name
// order); every other line is copied byte for byte.
func relabelLines(path string, opts tasks.LoadOptions, gold map[string]string, w io.Writer,
	parse func(object) ([]item, error), flip func(o object, it item, to string) error) error {
	f, r, bom, err := openRecords(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if first, err := firstByte(r); err == nil && first == '[' {
		return &tasks.DataError{File: path, Err: errors.New("relabel copies JSON Lines; this file is a JSON array")}
	}
	if bom {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	done := map[string]bool{}
	for line := 1; ; line++ {
		raw, err := r.ReadBytes('\n')
		if len(raw) == 0 && errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if len(raw) > maxLine {
			return dataError(path, line, errTooLong)
		}
		out, id, ferr := relabelRecord(raw, line, opts, gold, parse, flip)
		if ferr != nil {
			return dataError(path, line, ferr)
		}
		if id != "" {
			done[id] = true
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
	}
	var missing []string
	for id := range gold {
		if !done[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return &tasks.DataError{File: path, Err: fmt.Errorf("no question %q in the file (%d of %d to relabel not found)", missing[0], len(missing), len(gold))}
	}
	return nil
}

// relabelRecord returns the line raw as it is to be written, and the id of
// the question it relabelled, if any. A line the loader cannot read is
// copied as is: it was never a question.
func relabelRecord(raw []byte, line int, opts tasks.LoadOptions, gold map[string]string,
	parse func(object) ([]item, error), flip func(object, item, string) error) ([]byte, string, error) {
	body := bytes.TrimRight(raw, "\r\n")
	end := raw[len(body):]
	o, err := parseObject(body)
	if err != nil {
		return raw, "", nil
	}
	items, err := parse(o)
	if err != nil || len(items) != 1 {
		return raw, "", nil
	}
	it := items[0]
	if it.id == "" {
		it.id = defaultID(opts.Task, line, 0, 0, 1)
	}
	to, ok := gold[it.id]
	if !ok {
		return raw, "", nil
	}
	if !slices.Contains(it.wrong, to) {
		return nil, "", bad(cmp.Or(it.idField, "id"), "question %q: the new gold answer %q is not one of the record's other answers", it.id, clip(to))
	}
	if err := flip(o, it, to); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o.m); err != nil {
		return nil, "", err
	}
	return append(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), end...), it.id, nil
}

// set puts v at a dotted path of o, which must lead through objects.
func (o object) set(path string, v any) error {
	parts := strings.Split(path, ".")
	m := o.m
	for i, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return bad(o.field(strings.Join(parts[:i+1], ".")), "want an object")
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
	return nil
}
