// Package consultancy has the consultancy protocol of Khan et al. 2024 and
// Kenton et al. 2024: one consultant, who sees the hidden context, argues
// for an assigned answer — the correct one in half the episodes, the other
// in the rest — over several rounds, and the judge decides. Their judge
// also questions the consultant between rounds; here it does so only with
// the interactive setting, which is off by default.
package consultancy
