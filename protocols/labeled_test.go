package protocols

import (
	"testing"

	"github.com/mootlab/moot/internal/settings"
)

// unlabeled is a protocol whose settings have no label of their own.
type unlabeled struct {
	Protocol
	common Common
}

func (u *unlabeled) Common() *Common { return &u.common }

// TestLabelOfSettingsWithoutOne: a protocol whose settings struct is not
// Labeled still gets its name as its label, once built.
func TestLabelOfSettingsWithoutOne(t *testing.T) {
	type bare struct {
		Judge string `yaml:"judge"`
	}
	e := labeledAs("unlabeled", settings.Make("a test protocol", func() bare { return bare{} },
		func(bare) (Protocol, error) { return &unlabeled{}, nil }))
	p, err := e.New(func(any) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Common().Label; got != "unlabeled" {
		t.Errorf("label %q; want the protocol's name", got)
	}
}
