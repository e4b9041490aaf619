// Command hello is a fixture sample.
package main

import "fmt"

// START greet OMIT
func greet(name string) string {
	return "hello, " + name // the greeting
}

// END greet OMIT

func main() {
	fmt.Println(greet("folio"))
}
