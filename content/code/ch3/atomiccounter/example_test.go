package atomiccounter

import (
	"fmt"
	"sync"
)

// Example starts 100 goroutines that each increment the shared counter 1,000
// times. Because every increment is atomic, none is lost.
func Example() {
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				increment()
			}
		}()
	}
	wg.Wait()
	fmt.Println("counter =", read())
	// Output:
	// counter = 100000
}
