//go:build unix

package report

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReportHonoursTheUmask: the report, its folder of episodes and the
// chunk files in it are made as by hand, 0666 and 0777 less the umask:
// under umask 077 no other user reads a run's transcripts from them, and
// under 002 a group shares them (the folder was 0755 and the chunks 0644
// under any umask).
func TestReportHonoursTheUmask(t *testing.T) {
	for _, mask := range []int{0o077, 0o022, 0o002} {
		t.Run(fmt.Sprintf("%03o", mask), func(t *testing.T) {
			dir := t.TempDir()
			writeRun(t, dir, testEpisodes(), "")
			old := syscall.Umask(mask)
			err := writeFile(dir, 3, nil)
			syscall.Umask(old)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]os.FileMode{
				"report.html": 0o666 &^ os.FileMode(mask),
				EpisodesDir:   0o777 &^ os.FileMode(mask),
				filepath.Join(EpisodesDir, chunkFileName(0)): 0o666 &^ os.FileMode(mask),
			} {
				info, err := os.Stat(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode().Perm(); got != want {
					t.Errorf("%s: mode %04o; want %04o", name, got, want)
				}
			}
		})
	}
}
