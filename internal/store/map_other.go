//go:build !unix

package store

import "os"

// mapFile reads the file where mapping it is not available.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }
