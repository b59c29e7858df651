package export

import (
	"fmt"
	"io"
	"reflect"

	"github.com/parquet-go/parquet-go"

	"github.com/mootlab/moot/transcript"
)

// parquetOptions are the writer options of both tables: Snappy, fast to
// write and read by every Parquet reader.
func parquetOptions() []parquet.WriterOption {
	return []parquet.WriterOption{parquet.Compression(&parquet.Snappy)}
}

// episodeStruct builds a struct type whose fields are cols, in order, so
// that the Parquet schema keeps the table's column order (a parquet.Group
// would sort them by name). Optional columns are pointers.
func episodeStruct(cols []column) reflect.Type {
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		var t reflect.Type
		switch c.kind {
		case kindString:
			t = reflect.TypeFor[string]()
		case kindInt:
			t = reflect.TypeFor[int64]()
		case kindFloat:
			t = reflect.TypeFor[float64]()
		case kindBool:
			t = reflect.TypeFor[bool]()
		case kindUint:
			t = reflect.TypeFor[uint64]()
		}
		tag := c.name
		if c.optional {
			t = reflect.PointerTo(t)
			tag += ",optional"
		}
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("F%d", i), Type: t,
			Tag: reflect.StructTag(fmt.Sprintf(`parquet:%q`, tag)),
		}
	}
	return reflect.StructOf(fields)
}

func writeParquetEpisodes(w io.Writer, cols []column, rows eachRow, axes []axisColumn) error {
	t := episodeStruct(cols)
	row := reflect.New(t)
	pw := parquet.NewWriter(w, append(parquetOptions(), parquet.SchemaOf(row.Interface()))...)
	var vals []any
	err := rows(func(r *EpisodeRow) error {
		vals = r.values(vals[:0], axes)
		s := row.Elem()
		for j, v := range vals {
			f := s.Field(j)
			switch {
			case cols[j].optional && v == nil:
				f.SetZero()
			case cols[j].optional:
				p := reflect.New(f.Type().Elem())
				p.Elem().Set(reflect.ValueOf(v))
				f.Set(p)
			default:
				f.Set(reflect.ValueOf(v))
			}
		}
		return pw.Write(row.Interface())
	})
	if err != nil {
		return err
	}
	return pw.Close()
}

type parquetMessages struct {
	w *parquet.GenericWriter[MessageRow]
}

func newParquetMessages(w io.Writer) *parquetMessages {
	return &parquetMessages{parquet.NewGenericWriter[MessageRow](w, parquetOptions()...)}
}

func (m *parquetMessages) encode(ep *transcript.Episode, seed *uint64) (messageChunk, error) {
	return messageChunk{rows: appendMessageRows(nil, ep, seed)}, nil
}

func (m *parquetMessages) write(c messageChunk) error {
	_, err := m.w.Write(c.rows)
	return err
}

func (m *parquetMessages) close() error { return m.w.Close() }
