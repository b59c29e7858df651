package analysis

import (
	"fmt"
	"io"
	"strings"
)

// ShardNote is what a table of a shard's run (Summary.Shard) says under
// its cells, "" for a whole run: that they hold the shard's questions
// alone, which a reader of the table could not tell.
func ShardNote(s Summary) string {
	if s.Shard == "" {
		return ""
	}
	return fmt.Sprintf("Shard %s (moot run --shard %s): the cells hold this shard's questions alone; moot merge of every shard's folder gives the experiment's run.", s.Shard, s.Shard)
}

// writeShardNote writes ShardNote, in bold, where s is a shard's.
func writeShardNote(w io.Writer, s Summary) error {
	if note := ShardNote(s); note != "" {
		shard, rest, _ := strings.Cut(note, " (")
		_, err := fmt.Fprintf(w, "\n**%s** (%s\n", shard, rest)
		return err
	}
	return nil
}
