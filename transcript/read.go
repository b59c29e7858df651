package transcript

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadFile reads a transcript log. A last line without its newline was cut
// short by a crash and is skipped; any other line that is not an episode is
// an error naming the file and line.
func ReadFile(path string) ([]Episode, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var eps []Episode
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return eps, nil
		}
		if err != nil {
			return nil, err
		}
		var ep Episode
		if err := json.Unmarshal(line, &ep); err != nil {
			return nil, fmt.Errorf("%s:%d: not an episode record: %v", path, n, err)
		}
		eps = append(eps, ep)
	}
}
