package main

import (
	"fmt"
	"os"

	"github.com/mootlab/moot/engine"
)

// setShard sets the shard of --shard on x, and the default folder of a
// shard's run: results/<name>-shard-i-of-n. A replicated experiment's
// shard plays that shard of each replicate, each in its seed's folder.
func setShard(x *engine.Experiment, opts *runOptions) error {
	if opts.shard == "" {
		return nil
	}
	s, err := engine.ParseShard(opts.shard, os.Getenv)
	if err != nil {
		return err
	}
	x.Shard = &s
	if opts.out == "" {
		opts.out = fmt.Sprintf("%s-shard-%d-of-%d", engine.ReferenceDir(x.Name), s.Index, s.Count)
	}
	return nil
}
