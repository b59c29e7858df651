package transcript

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// DrawKey names the draw the record holds, where each of its messages
// names its own (Message.Draw): a hash of each message's draw in turn and
// of all the rest of the record but its id, its sweep cell's name and its
// messages' other fields (its slot, seats, answers, order, verdict, score
// and error). A message's draw names its agent's settings, so that the
// cell's name, which says what the sweep set, adds nothing to it: one
// draw in two runs whose sweeps name its cell otherwise (an axis the
// other run holds fixed) is one. Two records
// with the same key hold one draw — the same agents answered the same
// prompts from the same seeds, and the answers were scored alike — though
// two runs, or two experiments, hold it: a table that pools them counts it
// once. ok is false for a record with no message, or with one drawn anew
// each time (an uncached LLM's, a person's): such a record holds a draw
// of its own.
func (e *Episode) DrawKey() (key string, ok bool) {
	if len(e.Messages) == 0 {
		return "", false
	}
	h := sha256.New()
	for i := range e.Messages {
		d := e.Messages[i].Draw
		if d == "" {
			return "", false
		}
		h.Write([]byte(d))
		h.Write([]byte{0})
	}
	rest := *e
	rest.EpisodeID, rest.Cell, rest.Messages = "", "", nil
	b, err := json.Marshal(&rest)
	if err != nil {
		return "", false // a verdict's probability that is not a number: not compared
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)[:16]), true
}
