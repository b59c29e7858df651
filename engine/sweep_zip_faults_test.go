package engine

import "testing"

// TestAZipsEveryFaultIsSaid: each group of a sweep's zip and each key of
// a group says its fault, not the first of the zip alone: a key at
// fault, a key whose values do not pair with its group's, a group of one
// key, a zip in a zip and a key listed twice in a group (said once, its
// second place not read). Each is named at sweep.zip.<key>, where the
// key stands.
func TestAZipsEveryFaultIsSaid(t *testing.T) {
	checkFaultsSaid(t, `name: t
agents:
  a: {backend: sim}
  j: {backend: sim}
protocols:
  - {name: direct, judge: j}
sweep:
  zip:
    - agents.a.skill: [0.5, 0.9]
      agents.j.skil: [0.5, 0.9]
      agents.j.noise: [0.1, 0.2, 0.3]
    - agents.a.noise: [0.1, 0.2]
    - agents.j.skill: [0.5, 0.9]
      zip: {agents.a.length_bias: [0.1, 0.2]}
      agents.j.skill: [0.6, 0.7]
tasks:
  - {name: q, generator: qa, n: 10}
`, []string{
		"x.yaml:10: sweep.zip.agents.j.skil: ",
		"x.yaml:11: sweep.zip.agents.j.noise: 3 values; the axes of a zip vary together, and agents.a.skill has 2",
		"x.yaml:12: sweep.zip: want a map of two or more setting paths",
		"x.yaml:14: sweep.zip.zip: a zip cannot hold another",
		"x.yaml:15: sweep.zip.agents.j.skill: listed twice (first at line 13)",
	})
}
