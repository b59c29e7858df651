package analysis

import (
	"fmt"
	"io"
)

// ShardMark is what the tables of a shard's run (Summary.Shard) say under
// their cells, which a reader could not tell: Head ("Shard 2/4"), in bold
// where the format has bold (table.md, the report), and Rest, that they
// hold the shard's questions alone. Zero for a whole run.
type ShardMark struct{ Head, Rest string }

// ShardNote is the mark of s: zero where s is a whole run's.
func ShardNote(s Summary) ShardMark {
	if s.Shard == "" {
		return ShardMark{}
	}
	return ShardMark{"Shard " + s.Shard, fmt.Sprintf("(moot run --shard %s): the tables hold this shard's questions alone; moot merge of every shard's folder gives the experiment's run.", s.Shard)}
}

// String is the mark as plain text, "" for none.
func (m ShardMark) String() string {
	if m.Head == "" {
		return ""
	}
	return m.Head + " " + m.Rest
}

// writeShardNote writes s's mark, its head in bold, where s is a shard's.
func writeShardNote(w io.Writer, s Summary) error {
	if m := ShardNote(s); m.Head != "" {
		_, err := fmt.Fprintf(w, "\n**%s** %s\n", m.Head, m.Rest)
		return err
	}
	return nil
}
