package mermaid

import (
	"strings"
	"testing"
)

func TestMeasureWrap(t *testing.T) {
	tests := []struct {
		label Label
		want  []string
	}{
		{Label{Text: "short"}, []string{"short"}},
		{Label{Text: "first\nsecond"}, []string{"first", "second"}},
		{Label{Text: "Sidecar模式:Go网关+Java业务"}, []string{"Sidecar模式:Go网关+Java", "业务"}},
		{Label{Text: "在FailoverClusterInvoker中注入断点观察invoker列表切换"}, []string{"在FailoverClusterInvoker中", "注入断点观察invoker列表切", "换"}},
		{Label{Text: "a much longer label that has to wrap somewhere"}, []string{"a much longer label that", "has to wrap somewhere"}},
		{Label{Text: "修改AbstractClusterInvoker#invoke捕获"}, []string{"修改", "AbstractClusterInvoker#invoke", "捕获"}},
		{Label{Text: "一二三四五六七八九十一二，三"}, []string{"一二三四五六七八九十一", "二，三"}},
		{Label{Text: "**bold** and *it*", Markdown: true}, []string{"bold and it"}},
	}
	for _, tt := range tests {
		b := measure(tt.label, wrapWidth)
		var got []string
		for _, ln := range b.Lines {
			var s strings.Builder
			for _, sp := range ln.Spans {
				s.WriteString(sp.Text)
			}
			got = append(got, s.String())
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("measure(%q) lines = %q; want %q", tt.label.Text, got, tt.want)
		}
		if b.H != float64(len(b.Lines))*lineHeight {
			t.Errorf("measure(%q) height %v for %d lines", tt.label.Text, b.H, len(b.Lines))
		}
	}
}

func TestRuneWidth(t *testing.T) {
	if w := runeWidth('中', false); w != fontSize {
		t.Errorf("runeWidth('中') = %v; want %v", w, fontSize)
	}
	if w := runeWidth('i', false); w >= runeWidth('m', false) {
		t.Errorf("runeWidth('i') = %v; want narrower than 'm'", w)
	}
}
