// Package k8s holds moot's Kubernetes manifests (an Indexed Job of shards
// and a merge Job) and the test that checks their wiring; it has no code.
// See docs/scale-out.md.
package k8s
