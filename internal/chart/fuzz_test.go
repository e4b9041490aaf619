package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func addSpecSeeds(f *testing.F) {
	for _, spec := range reportCharts(f) {
		f.Add(spec)
	}
	for _, s := range []string{
		"", "type: bar", "- a\n- b", "type: [bar]\n", "y: &a [x]\nseries: *a\n",
		"type: bar\ndata: a.csv\nx: a\ny: b\nheight: 99999\n",
		"type: range\ndata: a.csv\nx: a\ny: [b, c]\nhorizontal: false\n",
	} {
		f.Add([]byte(s))
	}
}

func FuzzParseSpec(f *testing.F) {
	addSpecSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := ParseSpec(src)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseSpec(%q) error %v is %T; want *Error", src, err, err)
			}
			if e.Line < 0 || e.Line > bytes.Count(src, []byte("\n"))+2 {
				t.Fatalf("ParseSpec(%q) error line %d is outside the spec", src, e.Line)
			}
			return
		}
		if !contains(chartTypes, s.Type) || len(s.Y) == 0 || s.Data == "" || s.X == "" {
			t.Fatalf("ParseSpec(%q) = %+v; accepted an incomplete spec", src, s)
		}
	})
}

func addCSVSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "data", "*.csv"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "a\n", "a,b\n1\n", "a,\"b\n", "\xff\xfe", "\uFEFFa,b\n1,2\n", "a,a\n"} {
		f.Add([]byte(s))
	}
}

func FuzzReadCSV(f *testing.F) {
	addCSVSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := ReadCSV("f.csv", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "f.csv" {
				t.Fatalf("ReadCSV(%q) error %v (%T); want *Error naming f.csv", data, err, err)
			}
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("ReadCSV(%q) accepted invalid UTF-8", data)
		}
		for i, row := range tbl.Rows {
			if len(row) != len(tbl.Header) {
				t.Fatalf("ReadCSV(%q) row %d has %d fields; header %d", data, i, len(row), len(tbl.Header))
			}
			if tbl.Lines[i] < 2 {
				t.Fatalf("ReadCSV(%q) row %d on line %d; want below the header", data, i, tbl.Lines[i])
			}
		}
	})
}

// FuzzRender draws fuzzed data with each chart type: no panics, errors
// are *Error, and what comes out is well-formed and escaped.
func FuzzRender(f *testing.F) {
	addCSVSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := ReadCSV("f.csv", data)
		if err != nil || len(tbl.Header) < 2 {
			return
		}
		h := tbl.Header
		quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
		for i, typ := range chartTypes {
			y := quote(h[1])
			if typ == "range" {
				y = "[" + quote(h[1]) + ", " + quote(h[len(h)-1]) + "]"
			}
			spec := "type: " + typ + "\ndata: f.csv\nx: " + quote(h[0]) + "\ny: " + y + "\n"
			if len(tbl.Rows) > 0 && i%2 == 0 {
				spec += "sort: desc\nhighlight: " + quote(tbl.Rows[0][0]) + "\n"
			}
			if i%3 == 0 {
				spec += "log: true\n"
			}
			res, err := Render([]byte(spec), Options{ReadData: func(string) ([]byte, error) { return data, nil }, Lang: []string{"zh", "en"}[i%2]})
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("Render(%q) error %v is %T; want *Error", spec, err, err)
				}
				continue
			}
			start, end := bytes.Index(res.HTML, []byte("<svg")), bytes.Index(res.HTML, []byte("</svg>"))
			dec := xml.NewDecoder(bytes.NewReader(res.HTML[start : end+6]))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("Render(%q) with %q: SVG is not well-formed: %v", spec, data, err)
				}
			}
		}
	})
}
