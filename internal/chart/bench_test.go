package chart

import "testing"

// BenchmarkRenderReport renders every chart of the report, both editions;
// ns/chart is the figure to watch.
func BenchmarkRenderReport(b *testing.B) {
	specs := reportCharts(b)
	names := sortedNames(specs)
	opts := make([]Options, len(names))
	data := map[string][]byte{}
	for i, n := range names {
		opts[i] = testOptions(n)
		// read the files once, so the benchmark measures drawing, not disk
		read := opts[i].ReadData
		opts[i].ReadData = func(name string) ([]byte, error) {
			if d, ok := data[name]; ok {
				return d, nil
			}
			d, err := read(name)
			data[name] = d
			return d, err
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, n := range names {
			if _, err := Render(specs[n], opts[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/chart")
}

// BenchmarkParseSpec parses every chart spec of the report, both editions.
func BenchmarkParseSpec(b *testing.B) {
	specs := reportCharts(b)
	names := sortedNames(specs)
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			if _, err := ParseSpec(specs[n]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/spec")
}
