package openai

import "testing"

// TestLooksLikeKey: a key pasted as api_key_env is told from a variable's
// name, keys led as providers lead theirs included; names stay names.
func TestLooksLikeKey(t *testing.T) {
	for name, key := range map[string]bool{
		"OPENAI_API_KEY": false, "OPENAI_API_KEY_2024_PROJECT_B": false, "my_openai_api_key_project2": false, "HF_TOKEN": false,
		"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6": true, "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123": true, "gsk_ab12cd34ef56gh78ij90kl": true,
	} {
		if got := looksLikeKey(name); got != key {
			t.Errorf("looksLikeKey(%q) = %v; want %v", name, got, key)
		}
	}
}
