// Package noun writes a count with its noun: "1 record", "3 records".
package noun

import "strconv"

// Count is n and the noun, in the plural (an s added) unless n is 1.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
