package transcript

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanParallelIsScan: ScanParallel calls fn with the episodes Scan
// does, in the same order, and fails where Scan fails.
func TestScanParallelIsScan(t *testing.T) {
	var good strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&good, "{\"episode_id\":\"e%d\"}\n", i)
		if i == 500 {
			good.WriteString("\n")
		}
	}
	stop := errors.New("stop")
	for name, tc := range map[string]struct {
		text   string
		stopAt int // fn fails at this episode; 0 never
	}{
		"whole":           {text: good.String()},
		"cut short":       {text: good.String() + "{\"episode_id\":\"cut"},
		"bad line":        {text: good.String()[:5000] + "not json\n" + good.String()},
		"fn stops":        {text: good.String(), stopAt: 700},
		"empty":           {text: ""},
		"one batch short": {text: good.String()[:300]},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			scan := func(s func(string, func(*Episode) error) error) (ids []string, err error) {
				err = s(path, func(ep *Episode) error {
					if tc.stopAt > 0 && len(ids) == tc.stopAt {
						return stop
					}
					ids = append(ids, ep.EpisodeID)
					return nil
				})
				return ids, err
			}
			want, wantErr := scan(Scan)
			got, gotErr := scan(func(p string, fn func(*Episode) error) error { return ScanParallel(p, 4, fn) })
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("error %v; want %v", gotErr, wantErr)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("got %d episodes %v…; want %d", len(got), got[:min(3, len(got))], len(want))
			}
		})
	}
}
