// Package noun writes a count with its noun: "1 record", "3 records",
// and the verb that agrees with it.
package noun

import "strconv"

// Count is n and the noun, in the plural (an s added) unless n is 1.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Were is the past of "to be" that agrees with a count n: "was" where n
// is 1, "were" otherwise ("1 of 100 episodes was already done").
func Were(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// Are is the present of "to be" that agrees with a count n: "is" where n
// is 1, "are" otherwise ("1 episode of b is a's").
func Are(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
