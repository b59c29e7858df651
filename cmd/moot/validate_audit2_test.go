package main

import (
	"os"
	"strings"
	"testing"
)

// TestValidateOnlineWithoutTheKey: an API key variable not set is a
// warning for validate, and an error for validate --online, which checks
// what a run checks before it starts (exit 2 naming the variable, as the
// run's refusal does), not a warning followed by a failed call.
func TestValidateOnlineWithoutTheKey(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	t.Setenv("MOOT_TEST_SERVE_KEY", "") // restored after the test
	os.Unsetenv("MOOT_TEST_SERVE_KEY")
	code, out, errOut := moot(t, "validate", "--online", file)
	if code != exitBadInput || !strings.Contains(errOut, "MOOT_TEST_SERVE_KEY is not set") || strings.Contains(errOut, "warning") || out != "" {
		t.Errorf("validate --online without the key: exit %d, stdout %q, stderr %q; want %d naming the variable, no warning, no ok", code, out, errOut, exitBadInput)
	}
}

// TestValidateSaysWhatItChecked: validate of the small experiment (3
// agents, 1 task, 5 protocols; 12 questions, 2 repeats) prints one ok
// line, which claims no endpoint answered: without --online none was
// asked.
func TestValidateSaysWhatItChecked(t *testing.T) {
	code, out, errOut := moot(t, "validate", small)
	if code != exitOK || !strings.HasPrefix(out, small+": ok: 3 agents, 1 task, 5 protocols, ") || strings.Contains(out, "endpoints answer") {
		t.Errorf("validate: exit %d, stdout %q, stderr %q; want the ok line without endpoints answering", code, out, errOut)
	}
}
