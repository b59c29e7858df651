// Package browsertest starts a headless Chromium for the tests that open
// moot's pages (the report, moot judge) and watches a page for what it
// must not do. Only tests import it.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// New starts a headless Chromium with a window of width × height for the
// test, for at most timeout, and returns its context. Where there is no
// Chromium the test is skipped, in one line that says so, or fails when
// MOOT_REQUIRE_BROWSER=1 (as bash .ci/run sets it). Chromium's background
// connections are switched off: the test machine's network is closed.
func New(t testing.TB, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("MOOT_REQUIRE_BROWSER") == "1" {
			t.Fatalf("MOOT_REQUIRE_BROWSER=1 but %s: %v", ChromiumPath, err)
		}
		t.Skipf("SKIPPED browser test: %s not found; install Debian's chromium, and set MOOT_REQUIRE_BROWSER=1 (as bash .ci/run does) to make a missing browser a failure", ChromiumPath)
	}
	profile, err := os.MkdirTemp("", "moot-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Chromium's child processes can still write to the profile for a
		// moment after the browser stops.
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(ChromiumPath),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
	)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil { // start it
		t.Fatalf("starting %s: %v", ChromiumPath, err)
	}
	return browserCtx
}

// Watch records what a page must not do: log errors or warnings (a
// refused inline script does), throw, or open a dialog.
type Watch struct {
	mu       sync.Mutex
	problems []string
	dialogs  []string
}

func (w *Watch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

// WatchPage starts watching the page of ctx. A dialog is dismissed, so
// that it does not block the page, and recorded.
func WatchPage(t testing.TB, ctx context.Context) *Watch {
	t.Helper()
	w := &Watch{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning ||
				ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				w.add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			w.add("exception: %s", (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				w.add("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			w.mu.Lock()
			w.dialogs = append(w.dialogs, string(ev.Type)+": "+ev.Message)
			w.mu.Unlock()
			// The listener may not call the browser: close the dialog
			// from another goroutine.
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatalf("listening to the page: %v", err)
	}
	return w
}

// Check fails t for each thing the page did that it must not.
func (w *Watch) Check(t testing.TB) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("page: %s", p)
	}
	for _, d := range w.dialogs {
		t.Errorf("page opened a dialog: %s", d)
	}
}

// Eval evaluates expr in the page of ctx, failing t if it cannot.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}
