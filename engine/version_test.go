package engine

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	for _, c := range []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"module version", "v1.2.0", nil, "v1.2.0"},
		{"pseudo-version", "v0.0.0-20261129230000-0123456789ab+dirty", nil, "v0.0.0-20261129230000-0123456789ab+dirty"},
		{"revision", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}, "dev+0123456789ab"},
		{"dirty", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}, "dev+0123456789ab-dirty"},
		{"nothing", "(devel)", nil, "dev"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Version: c.version}, Settings: c.settings}
			if got := versionOf(bi); got != c.want {
				t.Errorf("got %q; want %q", got, c.want)
			}
		})
	}
}
