package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgText is a <text> element of a rendered chart.
type svgText struct {
	s   string
	box box
}

// svgRect is a bar of a rendered chart.
type svgRect struct {
	class      string
	x, y, w, h float64
}

// parseSVG pulls the texts and bars out of the <svg> of a rendered chart,
// checking on the way that it is well-formed XML.
func parseSVG(t *testing.T, html []byte) (texts []svgText, rects []svgRect, vw, vh float64) {
	t.Helper()
	start, end := bytes.Index(html, []byte("<svg")), bytes.Index(html, []byte("</svg>"))
	if start < 0 || end < 0 {
		t.Fatalf("no <svg> in\n%s", html)
	}
	dec := xml.NewDecoder(bytes.NewReader(html[start : end+len("</svg>")]))
	type frame struct{ size float64 }
	stack := []frame{{fontSize}}
	var cur *svgText
	var attrs map[string]string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, html[start:end])
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attrs = map[string]string{}
			for _, a := range el.Attr {
				attrs[a.Name.Local] = a.Value
			}
			f := func(k string) float64 { v, _ := strconv.ParseFloat(attrs[k], 64); return v }
			size := stack[len(stack)-1].size
			if attrs["font-size"] != "" {
				size = f("font-size")
			}
			stack = append(stack, frame{size})
			switch el.Name.Local {
			case "svg":
				fmt.Sscanf(attrs["viewBox"], "0 0 %g %g", &vw, &vh)
			case "text":
				cur = &svgText{box: box{x0: f("x"), y0: f("y"), x1: size}}
				cur.box.x1 = size // remembered until the text is known
				cur.s = attrs["text-anchor"] + "\x00" + attrs["class"]
			case "rect":
				rects = append(rects, svgRect{attrs["class"], f("x"), f("y"), f("width"), f("height")})
			}
		case xml.CharData:
			if cur != nil {
				meta := strings.SplitN(cur.s, "\x00", 2)
				s := string(el)
				cur.box = textBox(cur.box.x0, cur.box.y0, cur.box.x1, meta[0], s, strings.Contains(meta[1], "chart-strong"))
				cur.s = s
				texts = append(texts, *cur)
				cur = nil
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			cur = nil
		}
	}
	return texts, rects, vw, vh
}

// TestLabelsDoNotOverlap renders every test chart (the report's charts in
// both editions) and checks that no two labels overlap and none leaves
// the drawing.
func TestLabelsDoNotOverlap(t *testing.T) {
	for name, spec := range reportCharts(t) {
		res, err := Render(spec, testOptions(name))
		if err != nil {
			t.Fatalf("Render(%s): %v", name, err)
		}
		texts, _, vw, vh := parseSVG(t, res.HTML)
		if len(texts) == 0 {
			t.Errorf("Render(%s): no labels", name)
		}
		for i, a := range texts {
			if a.box.x0 < -0.5 || a.box.y0 < -0.5 || a.box.x1 > vw+0.5 || a.box.y1 > vh+0.5 {
				t.Errorf("%s: label %q at %+v leaves the %gx%g drawing", name, a.s, a.box, vw, vh)
			}
			for _, b := range texts[i+1:] {
				if a.box.overlaps(b.box) {
					t.Errorf("%s: labels %q %+v and %q %+v overlap", name, a.s, a.box, b.s, b.box)
				}
			}
		}
	}
}

// TestBarLengthsProportional renders random data as bar and hbar charts
// and checks that every bar is as long as its value on one common scale.
func TestBarLengthsProportional(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		n := 1 + rng.IntN(9)
		vals := make([]float64, n)
		var csv strings.Builder
		csv.WriteString("name,value\n")
		magnitude := math.Pow(10, float64(rng.IntN(7)-2))
		for j := range vals {
			vals[j] = math.Round(rng.Float64()*1000) / 10 * magnitude
			fmt.Fprintf(&csv, "c%d,%s\n", j, strconv.FormatFloat(vals[j], 'f', -1, 64))
		}
		typ := []string{"bar", "hbar"}[i%2]
		spec := fmt.Sprintf("type: %s\ndata: r.csv\nx: name\ny: value\n", typ)
		res, err := Render([]byte(spec), Options{ReadData: memData(map[string]string{"r.csv": csv.String()})})
		if err != nil {
			t.Fatalf("Render(%q) with %q: %v", spec, csv.String(), err)
		}
		_, rects, _, _ := parseSVG(t, res.HTML)
		if len(rects) != n {
			t.Fatalf("Render(%q) with %q: %d bars; want %d", spec, csv.String(), len(rects), n)
		}
		var perUnit float64 // pixels per unit of value, from the longest bar
		longest := 0
		for j, v := range vals {
			if v > vals[longest] {
				longest = j
			}
			_ = v
		}
		length := func(r svgRect) float64 {
			if typ == "hbar" {
				return r.w
			}
			return r.h
		}
		if vals[longest] == 0 {
			continue
		}
		perUnit = length(rects[longest]) / vals[longest]
		for j, v := range vals {
			got, want := length(rects[j]), v*perUnit
			if math.Abs(got-want) > 0.02 { // coordinates are written to 0.01
				t.Errorf("Render(%q) with %q: bar %d is %g long; want %g", spec, csv.String(), j, got, want)
			}
		}
	}
}

func TestTicksCoverData(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		scale := math.Pow(10, float64(rng.IntN(12)-4))
		lo := (rng.Float64()*2 - 1) * scale
		hi := lo + rng.Float64()*scale*float64(1+rng.IntN(100))
		count := 2 + rng.IntN(7)
		ticks, step := linearTicks(lo, hi, count)
		if ticks[0] > lo || ticks[len(ticks)-1] < hi {
			t.Fatalf("linearTicks(%g, %g, %d) = %v; do not cover the data", lo, hi, count, ticks)
		}
		if len(ticks) < 2 || len(ticks) > 2*count+2 {
			t.Fatalf("linearTicks(%g, %g, %d) = %v; want about %d ticks", lo, hi, count, ticks, count)
		}
		for i := 1; i < len(ticks); i++ {
			if d := ticks[i] - ticks[i-1]; math.Abs(d-step) > step*1e-6 {
				t.Fatalf("linearTicks(%g, %g, %d) = %v; uneven step %g, want %g", lo, hi, count, ticks, d, step)
			}
		}
		m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
		if r := math.Round(m); math.Abs(m-r) > 1e-6 || (r != 1 && r != 2 && r != 5) {
			t.Fatalf("linearTicks(%g, %g, %d): step %g is not 1, 2 or 5 times a power of ten", lo, hi, count, step)
		}

		plo := math.Abs(lo) + scale*1e-3
		phi := plo * math.Pow(10, rng.Float64()*8)
		lt := logTicks(plo, phi, count)
		if lt[0] > plo || lt[len(lt)-1] < phi {
			t.Fatalf("logTicks(%g, %g, %d) = %v; do not cover the data", plo, phi, count, lt)
		}
	}
}

// TestOutputEscapesData puts markup in every place data reaches the
// output: none of it may survive as markup.
func TestOutputEscapesData(t *testing.T) {
	evil := `<script>alert("x")</script>`
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	csv := q("name"+evil) + ",label," + q("v"+evil) + "\n" +
		q("a"+evil) + "," + q("b"+evil) + ",5\n" +
		"x,y,7\n"
	files := map[string]string{"e.csv": csv}
	for _, typ := range chartTypes {
		y := `'v<script>alert("x")</script>'`
		if typ == "range" {
			y = "[" + y + ", " + y + "]"
		}
		x := `'name<script>alert("x")</script>'`
		if typ == "scatter" {
			x = y
		}
		spec := fmt.Sprintf("type: %s\ndata: e.csv\nx: %s\ny: %s\nlabel: label\ntitle: \"%s\"\nsource: \"%s\"\ncaption: \"%s\"\nunit: \"%s\"\n",
			typ, x, y, strings.ReplaceAll(evil, `"`, `\"`), strings.ReplaceAll(evil, `"`, `\"`),
			strings.ReplaceAll(evil, `"`, `\"`), strings.ReplaceAll(evil, `"`, `\"`))
		res, err := Render([]byte(spec), Options{
			ReadData: memData(files), IDPrefix: `"><script>`, DataURL: func(string) string { return `"><script>` },
			ShowData: evil, Download: evil,
		})
		if err != nil {
			t.Fatalf("Render(%q): %v", spec, err)
		}
		if bytes.Contains(bytes.ToLower(res.HTML), []byte("<script")) {
			t.Errorf("Render(%q) lets markup through:\n%s", spec, res.HTML)
		}
		parseSVG(t, res.HTML)
	}
}

// TestIDsArePrefixed checks that every id (and every reference to one)
// carries the prefix, so two charts on a page never collide.
func TestIDsArePrefixed(t *testing.T) {
	idAttr := regexp.MustCompile(`\b(id|aria-labelledby|aria-describedby)="([^"]*)"`)
	for name, spec := range reportCharts(t) {
		for _, prefix := range []string{"ch2-", "x7-"} {
			opts := testOptions(name)
			opts.IDPrefix = prefix
			res, err := Render(spec, opts)
			if err != nil {
				t.Fatalf("Render(%s): %v", name, err)
			}
			m := idAttr.FindAllSubmatch(res.HTML, -1)
			if len(m) < 3 {
				t.Errorf("Render(%s): %d ids; want the title and desc ids and references", name, len(m))
			}
			for _, a := range m {
				for _, id := range strings.Fields(string(a[2])) {
					if !strings.HasPrefix(id, prefix) {
						t.Errorf("Render(%s) with IDPrefix %q: %s=%q lacks the prefix", name, prefix, a[1], id)
					}
				}
			}
		}
	}
}

// TestEveryValueInTable checks that each value of the CSV behind a chart
// appears in its data table.
func TestEveryValueInTable(t *testing.T) {
	for name, spec := range reportCharts(t) {
		s, err := ParseSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := readTestData(s.Data)
		if err != nil {
			t.Fatal(err)
		}
		tbl, err := ReadCSV(s.Data, raw)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Render(spec, testOptions(name))
		if err != nil {
			t.Fatal(err)
		}
		html := string(res.HTML)
		table := html[strings.Index(html, "<table>"):]
		for _, y := range s.Y {
			col, _ := tbl.Column(y)
			for _, row := range tbl.Rows {
				v, ok := parseNumber(row[col])
				if !ok {
					continue
				}
				want := formatNumber(v, decimalsOf(row[col]), true)
				if !strings.Contains(table, ">"+want) {
					t.Errorf("Render(%s): value %s of column %s (%q) is not in the data table", name, row[col], y, want)
				}
			}
		}
	}
}
