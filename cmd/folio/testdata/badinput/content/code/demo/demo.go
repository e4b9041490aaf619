// Package demo is the sample the bad-input catalogue includes.
package demo

// START add OMIT
// Add returns the sum of a and b.
func Add(a, b int) int {
	return a + b
}

// END add OMIT
