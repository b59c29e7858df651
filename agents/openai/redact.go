package openai

import "strings"

// redact strikes the API key from err's text: a server may echo the
// request's Authorization header in its error message, whole or cut
// short ("bad token sk-abc…" less its last characters), and the text of
// an error reaches the terminal and the transcripts. The error still
// wraps the original, for errors.Is and errors.As.
func (c *Client) redact(err error) error {
	if err == nil {
		return err
	}
	msg := err.Error()
	if redacted := c.redactText(msg); redacted != msg {
		return &redactedError{msg: redacted, err: err}
	}
	return err
}

// redactText is msg with the key struck out, as redact strikes it from an
// error's text.
func (c *Client) redactText(msg string) string {
	if len(c.key) < 4 {
		return msg
	}
	return redactKey(msg, c.key)
}

// keyFragment is the shortest run of a key's characters that redactKey
// strikes: shorter ones (sk-, a word) occur in texts by chance.
const keyFragment = 8

// redactKey replaces in msg each longest run of at least keyFragment
// characters (all of key, where it is shorter) that key holds: the key
// whole, or a part a server quoted.
func redactKey(msg, key string) string {
	shortest := min(len(key), keyFragment)
	var b strings.Builder
	for i := 0; i < len(msg); {
		j := i
		for j < len(msg) && strings.Contains(key, msg[i:j+1]) {
			j++
		}
		if j-i >= shortest {
			b.WriteString("[api key redacted]")
			i = j
			continue
		}
		b.WriteByte(msg[i])
		i++
	}
	return b.String()
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
