package humanjudge

import (
	"crypto/hmac"
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

// KeyFile keeps, in the annotator's folder, the secret under which the
// page's episode keys are made (pageKey), so that a page left open across
// a restart on the same queue still names its episode. Only the annotator
// can read it (mode 0600), and the page never gets it.
const KeyFile = ".page-key"

// pageKey is the key the page is given for the episode whose id is id:
// the first 16 hex digits of HMAC-SHA-256 of the id under the server's
// secret (KeyFile). It tells one episode from another and names none: the
// id, which the run's records hold and a reader of the plan could guess
// (it follows from the question and the assignment), is never sent, and
// without the secret no guess can be checked against the key.
func (s *Server) pageKey(id string) string {
	mac := hmac.New(sha256.New, []byte(s.keySecret))
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)[:8])
}

// pageToken returns the CSRF token kept in dir, made and kept there if
// there is none (or it is not one).
func pageToken(dir string) (string, error) { return secret(dir, CSRFFile) }

// secret returns the random secret kept in dir under name, made and kept
// there (mode 0600) if there is none, or it is not one.
func secret(dir, name string) (string, error) {
	path := filepath.Join(dir, name)
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
