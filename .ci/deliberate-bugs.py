#!/usr/bin/env python3
"""Deliberate bugs: each is made in the working tree, the package's tests
are run, and the file is put back. Every one must make the tests fail.

    python3 .ci/deliberate-bugs.py            all of them
    python3 .ci/deliberate-bugs.py backoff    those whose name holds "backoff"

Run from a clean working tree: a bug that does not apply is an error. See
docs/testing.md for the table.
"""
import os, subprocess, sys

BUGS = [
 ("quote matches part of a word or number", "quotes/match.go",
  'if wholeStart(text[:at], q) && wholeEnd(q, text[at+len(q):]) {',
  'if true {', "./quotes/"),
 ("verdict: stop at the last Answer: line", "transcript/verdict.go",
  r'''if v := strings.Trim(strings.TrimSpace(after), "*_()[]\"'. "); accept(v) {''',
  r'''if v := strings.Trim(strings.TrimSpace(after), "*_()[]\"'. "); v != "" {''', "./protocols/"),
 ("bootstrap: 90% quantiles labelled 95%", "analysis/ci.go",
  'return quantile(stats, 0.025), quantile(stats, 0.975)',
  'return quantile(stats, 0.05), quantile(stats, 0.95)', "./analysis/"),
 ("resume: keep a last line without newline", "transcript/read.go",
  '''		if errors.Is(err, io.EOF) {
			return good, len(line) > 0, nil
		}''',
  '''		if errors.Is(err, io.EOF) && len(line) == 0 {
			return good, false, nil
		}''', "./engine/"),
 ("backoff: no doubling", "agents/openai/client.go",
  'd = min(first<<attempt, backoffCap)', 'd = min(first, backoffCap)', "./agents/openai/"),
 ("backoff: no cap", "agents/openai/client.go",
  '''	d := backoffCap
	if attempt < 16 {
		d = min(first<<attempt, backoffCap)
	}''', '''	d := first << attempt''', "./agents/openai/"),
 ("corrupt middle line treated as a torn tail", "transcript/read.go",
  'if _, perr := br.Peek(1); errors.Is(perr, io.EOF) && !errors.Is(derr, errInconsistent) {', 'if true {', "./engine/"),
 ("replicates: comparison mean of rounded differences", "analysis/replicatestats.go",
  'c.Mean, c.SD, _, _ = spread(s.exact)', 'c.Mean, c.SD, _, _ = spread(roundAll4(c.Difference))', "./analysis/"),
 ("export: a failed episode counted unparsed", "export/rows.go",
  'Unparsed: ep.Verdict.Answer == transcript.Unparsed && ep.Error == "",', 'Unparsed: ep.Verdict.Answer == transcript.Unparsed,', "./export/"),
 ("replicates: each seed spends the whole budget", "cmd/moot/replicates.go",
  'ro.paidElsewhere += usd', 'ro.paidElsewhere += 0 * usd', "./cmd/moot/"),
 ("human judging: resumed on other speeches", "humanjudge/server.go",
  'if was, ok := seen[e.ID]; ok && was != e.Request.PromptSHA256 {', 'if was, ok := seen[e.ID]; ok && was != was {', "./humanjudge/"),
]

def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    only = sys.argv[1:]
    survived = 0
    for name, path, old, new, pkg in BUGS:
        if only and not any(o in name for o in only):
            continue
        p = os.path.join(root, path)
        src = open(p).read()
        if src.count(old) != 1:
            sys.exit(f"{name}: the text to change is not in {path} once; update this list")
        open(p, "w").write(src.replace(old, new))
        try:
            r = subprocess.run(["go", "test", "-count=1", pkg], cwd=root, capture_output=True, text=True, timeout=600)
        finally:
            open(p, "w").write(src)
        failing = sorted({l.split()[2] for l in r.stdout.splitlines()
                          if l.startswith("--- FAIL") and "/" not in l.split()[2]})
        if r.returncode == 0:
            survived += 1
        print(f"{'caught' if r.returncode else 'NOT CAUGHT'}: {name} ({path}): {' '.join(failing)}", flush=True)
    if survived:
        sys.exit(f"{survived} deliberate bugs survived the tests")

if __name__ == "__main__":
    main()
