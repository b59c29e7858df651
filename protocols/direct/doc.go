// Package direct has the baselines of Kenton et al. 2024: the judge answers
// alone, without the hidden context ("direct", QA without article), or with
// it ("direct-with-context", QA with article).
package direct
