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
		fmt.Fprintf(&good, "{\"order\":[0,1],\"episode_id\":\"e%d\",\"correct\":true}\n", i)
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
		"cut short":       {text: good.String() + "{\"order\":[0,1],\"episode_id\":\"cut"},
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

// TestScanMap: the mapped values reach fn in file order, at any number of
// workers, and mapFn's error stops the scan at its episode, after every
// episode before it and none after.
func TestScanMap(t *testing.T) {
	var text strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&text, "{\"order\":[0,1],\"episode_id\":\"e%d\",\"repeat\":%d,\"correct\":true}\n", i, i)
	}
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("bad episode")
	for _, workers := range []int{1, 2, 3, 8} {
		for _, failAt := range []int{-1, 0, 255, 256, 1999} {
			var got []int
			err := ScanMap(path, workers, func(ep *Episode) (int, error) {
				if ep.Repeat == failAt {
					return 0, bad
				}
				return ep.Repeat * 3, nil
			}, func(v int) error { got = append(got, v); return nil })
			n := 2000
			if failAt >= 0 {
				n = failAt
				if !errors.Is(err, bad) {
					t.Errorf("workers %d, fail at %d: error %v; want %v", workers, failAt, err, bad)
				}
			} else if err != nil {
				t.Errorf("workers %d: %v", workers, err)
			}
			if len(got) != n {
				t.Fatalf("workers %d, fail at %d: %d values; want %d", workers, failAt, len(got), n)
			}
			for i, v := range got {
				if v != 3*i {
					t.Fatalf("workers %d: value %d is %d; want %d", workers, i, v, 3*i)
				}
			}
		}
	}
}
