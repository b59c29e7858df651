package humanjudge

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"

	"github.com/mootlab/moot/internal/atomicfile"
)

// CSRFFile keeps, in the annotator's folder, the page's CSRF token, so
// that a page left open while the server was stopped and started again
// still posts its verdicts. Only the annotator can read it (mode 0600);
// the --public token is never written.
const CSRFFile = ".csrf"

var csrfToken = regexp.MustCompile(`^[0-9a-f]{64}$`)

// pageKey is the key the page is given for the episode whose id is id:
// the first 16 hex digits of SHA-256 over the CSRF token and the id. It
// tells one episode from another and names none: the id itself, which
// the run's records hold, is never sent.
func (s *Server) pageKey(id string) string {
	sum := sha256.Sum256([]byte(s.csrf + "\n" + id))
	return hex.EncodeToString(sum[:8])
}

// pageToken returns the CSRF token kept in dir, made and kept there if
// there is none (or it is not one).
func pageToken(dir string) (string, error) {
	path := filepath.Join(dir, CSRFFile)
	if data, err := os.ReadFile(path); err == nil && csrfToken.Match(data) {
		return string(data), nil
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := hex.EncodeToString(b[:])
	return token, atomicfile.WritePrivate(path, []byte(token))
}
