package loaders

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// arrayDecoder reads the elements of a JSON array and says where a
// syntax error stands in the file. The decoder's offset of an error met
// within a value counts the bytes of the values it has read alone, not
// the opening bracket nor the commas between them (scanned keeps that
// count): taken as the file's, it put an error in the 300th record of an
// array five lines above its own.
type arrayDecoder struct {
	lr      *lineReader
	dec     *json.Decoder
	scanned int64 // the bytes of the values decoded, as the decoder counts them
}

// fail is the error of a token outside a value (a bracket, a comma),
// whose offset is the file's.
func (a *arrayDecoder) fail(err error) error {
	off := a.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	return &atLine{a.lr.lineAt(off), fmt.Errorf("malformed JSON: %s", jsonMessage(err))}
}

// decode reads the array's element index into raw.
func (a *arrayDecoder) decode(index int, raw *json.RawMessage) error {
	start := a.dec.InputOffset() // the comma before the element, past the first
	if index > 0 {
		start++
	}
	if err := a.dec.Decode(raw); err != nil {
		var se *json.SyntaxError
		if !errors.As(err, &se) || a.dec.InputOffset() != start {
			// No value begun: the comma is missing, or the input ends.
			return a.fail(err)
		}
		// The decoder stands at the value's start, and has buffered
		// it up to the error.
		buf, _ := io.ReadAll(a.dec.Buffered())
		at := se.Offset - a.scanned - 1
		msg := nameByteAt(buf, int(at), jsonMessage(err))
		return &atLine{a.lr.lineAt(start + at), fmt.Errorf("malformed JSON: %s", msg)}
	}
	a.scanned += a.dec.InputOffset() - start
	return nil
}

// end reads the closing bracket, and nothing but white space after it.
func (a *arrayDecoder) end() error {
	if _, err := a.dec.Token(); errors.Is(err, io.EOF) {
		return a.fail(errors.New("the file ends before the array's closing ']'"))
	} else if err != nil { // ']'
		return a.fail(err)
	}
	off := a.dec.InputOffset()
	r := bufio.NewReader(io.MultiReader(a.dec.Buffered(), a.lr))
	for {
		c, err := r.ReadByte()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if bytes.IndexByte([]byte(" \t\r\n"), c) >= 0 {
			off++
			continue
		}
		msg := "more after the closing ']'"
		if c >= utf8.RuneSelf {
			_ = r.UnreadByte()
			ch, _, _ := r.ReadRune()
			msg += ": " + charName(ch)
		}
		return &atLine{a.lr.lineAt(off), errors.New("malformed JSON: " + msg)}
	}
}
