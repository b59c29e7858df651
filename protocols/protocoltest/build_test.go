package protocoltest_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	_ "github.com/mootlab/moot/protocols/direct"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// fatalTB records the message of the Fatal that ends a call, as a test
// would print it.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatal(args ...any) {
	f.msg = fmt.Sprint(args...)
	runtime.Goexit()
}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// build calls protocoltest.Build with a TB that records its Fatal.
func build(name, settings string) string {
	f := &fatalTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		protocoltest.Build(f, name, settings)
	}()
	<-done
	return f.msg
}

// TestBuildRefusesAnUnknownKey: a protocol package's test that builds it
// with a setting misspelt fails, naming the key, as a run of that block
// would; it built the protocol with the default kept.
func TestBuildRefusesAnUnknownKey(t *testing.T) {
	if msg := build("direct", "judge: weak\n"); msg != "" {
		t.Errorf("Build with valid settings failed: %s", msg)
	}
	if msg := build("direct", "judge: weak\nswp: true\n"); !strings.Contains(msg, "swp") {
		t.Errorf("Build with the key swp: %q; want it refused, naming swp", msg)
	}
}
