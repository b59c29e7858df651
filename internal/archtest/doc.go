// Package archtest holds the test that keeps moot's dependency rules
// (docs/architecture.md): which packages may import which.
package archtest
