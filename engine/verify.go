package engine

import "path/filepath"

// ReferenceDir is where an experiment's reference results live.
func ReferenceDir(name string) string { return filepath.Join("results", name) }
