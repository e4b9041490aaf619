package mermaid

import (
	"reflect"
	"strings"
	"testing"
)

// unitsByRune is units as it was first written, a rune at a time: the reference the sliced
// version is held to.
func unitsByRune(spans []span) []unit {
	var out []unit
	for _, s := range spans {
		word := unit{bold: s.Bold, italic: s.Italic}
		flush := func() {
			if word.text != "" {
				out = append(out, word)
			}
			word = unit{bold: s.Bold, italic: s.Italic}
		}
		for _, r := range s.Text {
			w := runeWidth(r, s.Bold)
			switch {
			case r == ' ' || r == '\t':
				flush()
				out = append(out, unit{text: " ", space: true, width: runeWidth(' ', s.Bold), bold: s.Bold, italic: s.Italic})
			case isWide(r):
				flush()
				out = append(out, unit{text: string(r), width: w, bold: s.Bold, italic: s.Italic,
					noBreakBefore: strings.ContainsRune(noStart, r), noBreakAfter: strings.ContainsRune(noEnd, r)})
			default:
				word.text += string(r)
				word.width += w
				if r == '-' {
					flush()
				}
			}
		}
		flush()
	}
	for i := range out {
		if r := []rune(out[i].text); len(r) > 0 && !out[i].space && strings.ContainsRune(noStart, r[0]) {
			out[i].noBreakBefore = true
		}
	}
	return out
}

// FuzzUnits: units reads every label as the rune-by-rune reference does.
func FuzzUnits(f *testing.F) {
	for _, s := range []string{"", "Read from cache", "well-known  name", "云原生人才，发展（报告）", "a\tb", "x\xffy", "—-- ", "**bold** *it*"} {
		f.Add(s, false, true)
	}
	f.Fuzz(func(t *testing.T, text string, bold, italic bool) {
		spans := []span{{Text: text, Bold: bold, Italic: italic}, {Text: text + " tail", Bold: !bold}}
		got, want := units(spans), unitsByRune(spans)
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("units(%q) = %+v, want %+v", text, got, want)
		}
	})
}
