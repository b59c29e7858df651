package analysis

import "testing"

// A draw's key is the first 16 hex digits of its hash: a draw of exactly
// 16 digits has one, a shorter or non-hex one none.
func TestAuditDrawKeyBoundary(t *testing.T) {
	if k, ok := drawKey("0123456789abcdef"); !ok || k != 0x0123456789abcdef {
		t.Errorf("16 digits: %#x, %v; want 0x123456789abcdef, true", k, ok)
	}
	if k, ok := drawKey("0123456789abcdef0123"); !ok || k != 0x0123456789abcdef {
		t.Errorf("20 digits: %#x, %v; want the first 16, 0x123456789abcdef, true", k, ok)
	}
	if _, ok := drawKey("0123456789abcde"); ok {
		t.Error("15 digits: a key; want none")
	}
	if _, ok := drawKey("0123456789abcdeg"); ok {
		t.Error("a non-hex digit: a key; want none")
	}
}
