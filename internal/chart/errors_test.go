package chart

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// memData serves CSV files from a map, like content/data/ would.
func memData(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		s, ok := files[name]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return []byte(s), nil
	}
}

const cityCSV = "city,city_en,jobs\n北京,Beijing,1240\n深圳,Shenzhen,980\n杭州,Hangzhou,760\n"

func TestRenderErrors(t *testing.T) {
	files := map[string]string{
		"city.csv":     cityCSV,
		"ragged.csv":   "city,jobs\n北京,1240\n深圳,980,extra\n",
		"notnum.csv":   "city,jobs\n北京,1240\n深圳,\"1,2x\"\n",
		"thousand.csv": "city,jobs\n北京,\"1,240\"\n",
		"pct.csv":      "industry,share\n金融,68.1%\n",
		"empty.csv":    "city,jobs\n",
		"blank.csv":    "city,jobs\n北京,\n深圳,\n",
		"neg.csv":      "lang,share\nGo,87\nOther,-13\n",
		"zero.csv":     "lang,share\nGo,0\nOther,0\n",
		"range.csv":    "domain,lo,hi\neBPF,12,18\nWASM,15,10\n",
		"log.csv":      "x,v\na,10\nb,0\n",
		"scatter.csv":  "n,v\n42,68.1\nabout 39,41\n",
		"bom.csv":      "\uFEFFcity,jobs\n北京,1240\n",
		"nothing.csv":  "",
		"dup.csv":      "city,city\n北京,1\n",
	}
	tests := []struct {
		name string
		spec string
		want string // the whole error message
		line int
		file string
		row  int
		col  int
	}{
		{"missing file", "type: bar\ndata: nope.csv\nx: city\ny: jobs\n",
			"line 2: nope.csv: data file not found", 2, "nope.csv", 0, 0},
		{"missing column", "type: bar\ndata: city.csv\nx: city\ny: job\n",
			`line 4: city.csv: no column "job", did you mean "jobs"?`, 4, "city.csv", 0, 0},
		{"missing column far off", "type: bar\ndata: city.csv\nx: town_name_here\ny: jobs\n",
			`line 3: city.csv: no column "town_name_here" (columns: city, city_en, jobs)`, 3, "city.csv", 0, 0},
		{"missing label column", "type: bar\ndata: city.csv\nx: city\ny: jobs\nlabel: city_fr\n",
			`line 5: city.csv: no column "city_fr", did you mean "city_en"?`, 5, "city.csv", 0, 0},
		{"ragged row", "type: bar\ndata: ragged.csv\nx: city\ny: jobs\n",
			"ragged.csv:3: row has 3 fields; the header has 2", 0, "ragged.csv", 3, 0},
		{"not a number", "type: bar\ndata: notnum.csv\nx: city\ny: jobs\n",
			`notnum.csv:3:2: "1,2x" is not a number (write numbers without thousands separators)`, 0, "notnum.csv", 3, 2},
		{"thousands separator", "type: bar\ndata: thousand.csv\nx: city\ny: jobs\n",
			`thousand.csv:2:2: "1,240" is not a number (write numbers without thousands separators)`, 0, "thousand.csv", 2, 2},
		{"percent sign", "type: bar\ndata: pct.csv\nx: industry\ny: share\n",
			`pct.csv:2:2: "68.1%" is not a number (write 68.1 for 68.1 % and set format: percent)`, 0, "pct.csv", 2, 2},
		{"empty data set", "type: bar\ndata: empty.csv\nx: city\ny: jobs\n",
			"line 2: empty.csv: empty data set: no rows under the header", 2, "empty.csv", 0, 0},
		{"no values", "type: bar\ndata: blank.csv\nx: city\ny: jobs\n",
			"line 4: blank.csv: empty data set: no values in jobs", 4, "blank.csv", 0, 0},
		{"empty file", "type: bar\ndata: nothing.csv\nx: city\ny: jobs\n",
			"nothing.csv: empty file: want a header row", 0, "nothing.csv", 0, 0},
		{"duplicate header", "type: bar\ndata: dup.csv\nx: city\ny: city\n",
			`dup.csv:1:2: duplicate column "city" (also column 1)`, 0, "dup.csv", 1, 2},
		{"negative in pie", "type: pie\ndata: neg.csv\nx: lang\ny: share\n",
			`neg.csv:3:2: "-13" is negative; a pie chart needs values of 0 or more`, 0, "neg.csv", 3, 2},
		{"pie of zeros", "type: donut\ndata: zero.csv\nx: lang\ny: share\n",
			"line 4: zero.csv: empty data set: the values add up to 0", 4, "zero.csv", 0, 0},
		{"unknown type", "type: bars\ndata: city.csv\nx: city\ny: jobs\n",
			`line 1: unknown chart type "bars", did you mean "bar"?`, 1, "", 0, 0},
		{"unknown type far off", "type: histogram\ndata: city.csv\nx: city\ny: jobs\n",
			`line 1: unknown chart type "histogram" (want one of bar, hbar, grouped, stacked, line, area, pie, donut, range, scatter)`, 1, "", 0, 0},
		{"unknown key", "type: bar\ndata: city.csv\nx: city\ny: jobs\ntittle: Jobs\n",
			`line 5: unknown key "tittle", did you mean "title"?`, 5, "", 0, 0},
		{"duplicate key", "type: bar\ndata: city.csv\nx: city\ny: jobs\ntype: hbar\n",
			`line 5: duplicate key "type" (first on line 1)`, 5, "", 0, 0},
		{"missing key", "type: bar\ndata: city.csv\nx: city\n",
			`missing key "y"`, 0, "", 0, 0},
		{"bad format", "type: bar\ndata: city.csv\nx: city\ny: jobs\nformat: percnt\n",
			`line 5: unknown format "percnt", did you mean "percent"?`, 5, "", 0, 0},
		{"bad height", "type: bar\ndata: city.csv\nx: city\ny: jobs\nheight: tall\n",
			`line 5: height must be a whole number, not "tall"`, 5, "", 0, 0},
		{"bad log", "type: bar\ndata: city.csv\nx: city\ny: jobs\nlog: maybe\n",
			`line 5: log must be true or false, not "maybe"`, 5, "", 0, 0},
		{"yaml syntax", "type: bar\ndata: city.csv: jobs\nx: city\n",
			"line 2: invalid YAML: mapping values are not allowed in this context", 2, "", 0, 0},
		{"range needs two columns", "type: range\ndata: range.csv\nx: domain\ny: lo\n",
			"line 4: a range chart needs y: [min_column, max_column], got 1 column(s)", 4, "", 0, 0},
		{"range upside down", "type: range\ndata: range.csv\nx: domain\ny: [lo, hi]\n",
			"range.csv:3:2: minimum 15 is above maximum 10", 0, "range.csv", 3, 2},
		{"series count", "type: grouped\ndata: city.csv\nx: city\ny: [jobs]\nseries: [Go, Java]\n",
			"line 5: series has 2 name(s) for 1 y column(s)", 5, "", 0, 0},
		{"log of zero", "type: bar\ndata: log.csv\nx: x\ny: v\nlog: true\n",
			`log.csv:3:2: "0" cannot be shown on a log axis (values must be above 0)`, 0, "log.csv", 3, 2},
		{"log stacked", "type: stacked\ndata: city.csv\nx: city\ny: jobs\nlog: true\n",
			"line 5: a stacked chart cannot use a log axis", 5, "", 0, 0},
		{"scatter needs numbers", "type: scatter\ndata: scatter.csv\nx: n\ny: v\n",
			`scatter.csv:3:1: "about 39" is not a number; a scatter plot needs a numeric x`, 0, "scatter.csv", 3, 1},
		{"highlight typo", "type: bar\ndata: city.csv\nx: city\ny: jobs\nhighlight: 北平\n",
			`line 5: city.csv: highlight "北平" is not a value of column "city"`, 5, "city.csv", 0, 0},
		{"data is a path", "type: bar\ndata: ../secret.csv\nx: city\ny: jobs\n",
			`line 2: data names a file in the data folder, not a path: "../secret.csv"`, 2, "", 0, 0},
		{"horizontal line", "type: line\ndata: city.csv\nx: city\ny: jobs\nhorizontal: true\n",
			"line 5: horizontal applies to bar, grouped, stacked and range charts, not line", 5, "", 0, 0},
		{"empty spec", "", "empty chart spec: want at least type, data, x and y", 0, "", 0, 0},
		{"not a mapping", "- type: bar\n", "line 1: chart spec must be lines of key: value", 1, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render([]byte(tt.spec), Options{Lang: "zh", ReadData: memData(files)})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Render(%q) error = %v (%T); want *Error", tt.spec, err, err)
			}
			if got := e.Error(); got != tt.want {
				t.Errorf("Render(%q) error =\n  %s\nwant\n  %s", tt.spec, got, tt.want)
			}
			if e.Line != tt.line || e.File != tt.file || e.Row != tt.row || e.Col != tt.col {
				t.Errorf("Render(%q) error position = line %d, %q:%d:%d; want line %d, %q:%d:%d",
					tt.spec, e.Line, e.File, e.Row, e.Col, tt.line, tt.file, tt.row, tt.col)
			}
		})
	}
}

// TestRenderMissingFileUnwraps checks that the reader's error stays
// reachable, so callers can tell a missing file from others.
func TestRenderMissingFileUnwraps(t *testing.T) {
	_, err := Render([]byte("type: bar\ndata: nope.csv\nx: a\ny: b\n"), Options{ReadData: memData(nil)})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Render with a missing file: errors.Is(%v, fs.ErrNotExist) = false; want true", err)
	}
}

func TestRenderBOM(t *testing.T) {
	files := map[string]string{"bom.csv": "\uFEFFcity,jobs\n北京,1240\n"}
	res, err := Render([]byte("type: bar\ndata: bom.csv\nx: city\ny: jobs\n"), Options{ReadData: memData(files)})
	if err != nil {
		t.Fatalf("Render with a BOM: %v", err)
	}
	if !strings.Contains(string(res.HTML), "1,240") {
		t.Errorf("Render with a BOM: no value 1,240 in\n%s", res.HTML)
	}
}

func TestRenderTooManyRows(t *testing.T) {
	csv := "k,v\n" + strings.Repeat("a,1\n", maxRows+1)
	_, err := Render([]byte("type: bar\ndata: big.csv\nx: k\ny: v\n"), Options{ReadData: memData(map[string]string{"big.csv": csv})})
	want := "line 2: big.csv: 1001 rows are more than a chart can show (at most 1000)"
	if err == nil || err.Error() != want {
		t.Errorf("Render(1001 rows) error = %v; want %s", err, want)
	}
}

func TestXTitleHeadsTheDataTable(t *testing.T) {
	opts := Options{Lang: "en", ReadData: func(string) ([]byte, error) {
		return []byte("city,city_en,jobs\n北京,Beijing,1240\n"), nil
	}}
	res, err := Render([]byte("type: bar\ndata: x.csv\nx: city\ny: jobs\nlabel: city_en\nx_title: City\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.HTML), `<th scope="col">City</th>`) || strings.Contains(string(res.HTML), `<th scope="col">city_en</th>`) {
		t.Errorf("data table heading is not the x_title:\n%s", res.HTML)
	}
}
