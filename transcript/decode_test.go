package transcript

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestDecodeEpisodeIsEncodingJSON: decodeEpisode's decoding
// (unmarshalEpisode, before its check of the record) accepts what
// encoding/json accepts, rejects what it rejects, and fills the episode
// alike, on records and on the corners where encoding/json/v2's defaults
// differ from it.
func TestDecodeEpisodeIsEncodingJSON(t *testing.T) {
	lines := []string{
		`{"episode_id":"e1","protocol":"debate","kind":"debate","task":"qa","question_id":"q1","judge":"j","assignment":"assigned-correct/correct-first","repeat":2,"answers":["a","b"],"correct_answer":1,"order":[1,0],"seats":[{"name":"Debater A","role":"debater","agent":"s","argues":1}],"messages":[{"round":1,"name":"Debater A","role":"debater","agent":"s","text":"x \u003cquote\u003e","shown":"y","prompt_sha256":"ab","usage":{"input_tokens":3,"output_tokens":4},"retries":1,"cached":true,"cost_usd":0.25,"aside":true,"seconds":482.5,"active_seconds":301.25}],"verdict":{"answer":1,"slot":"B","probability":0.875,"parse":"answer-line","asks":1},"interim":[{"answer":0}],"correct":true,"error":"boom"}`,
		`{"episode_id":"e1","episode_id":"e2"}`,             // a duplicate name: the last wins
		`{"Episode_ID":"e3","QUESTION_ID":"q"}`,             // names matched without case
		"{\"episode_id\":\"bad \xff utf-8\"}",               // invalid UTF-8 becomes U+FFFD
		`{"answers":["a","b","c"],"order":[1]}`,             // arrays of another length
		`{"episode_id":null,"messages":null,"repeat":null}`, // null leaves the zero value
		`{"unknown":{"deep":[1,2,3]},"episode_id":"e4"}`,    // unknown names are skipped
		`{"repeat":1.5}`,                    // not an int
		`{"repeat":"1"}`,                    // a string for an int
		`{"verdict":{"probability":1e400}}`, // out of range
		`{"episode_id":"e5"} trailing`,
		`{"episode_id":"e6"`,
		`[]`,
		`null`,
		`{"correct":1}`,
		"{\"episode_id\":\"tab\there\"}", // a raw control character
		`{"episode_id":"\ud800"}`,        // a lone surrogate
	}
	for _, line := range lines {
		var want, got Episode
		wantErr := json.Unmarshal([]byte(line), &want)
		gotErr := unmarshalEpisode([]byte(line), &got)
		if (gotErr != nil) != (wantErr != nil) {
			t.Errorf("%.60s: error %v; encoding/json's %v", line, gotErr, wantErr)
			continue
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%.60s: decoded\n%+v\nencoding/json\n%+v", line, got, want)
		}
	}
}
