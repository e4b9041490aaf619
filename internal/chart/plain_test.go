package chart

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzPlainPairs: whatever plainPairs accepts, YAML reads as the same keys and values, on
// the same lines, null where YAML has null.
func FuzzPlainPairs(f *testing.F) {
	addSpecSeeds(f)
	for _, s := range []string{
		"title: Bob's chart\n", "title: a:b\n", "title: a #b\n", "title: a#b\n", "unit: 人/月\n",
		"x: ~\n", "x:\n", "x: null\r\ny: b\r\n", "# c\n\ntype: bar\n", "title: a\n  b\n",
		"title: a\nb\n", "title: -1\n", "title: .5\n", "title: ---\n", "title: a [b] {c}\n",
		"type:bar\n", "type : bar\n", "title: \x7f\n", "y: [a, b]\n", "y: [a,b]\n", "y: [~, b c]\n", "y: []\n", "y: [a, ]\n", "y: [a] x\n", "title: a\tb\n", "title: a: b\n", "---\ntype: bar\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, ok := plainPairs(src)
		if !ok {
			return
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatalf("plainPairs(%q) accepted what YAML refuses: %v", src, err)
		}
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			t.Fatalf("plainPairs(%q) accepted what YAML does not read as a mapping", src)
		}
		sameNodes(t, src, got, doc.Content[0].Content)
	})
}

func sameNodes(t *testing.T, src []byte, got, want []*yaml.Node) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("plainPairs(%q): %d nodes, YAML %d", src, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.Kind || g.Value != w.Value || g.Line != w.Line || (g.Tag == "!!null") != (w.Tag == "!!null") {
			t.Fatalf("plainPairs(%q) node %d = {%v %q line %d %s}, YAML {%v %q line %d %s}", src, i, g.Kind, g.Value, g.Line, g.Tag, w.Kind, w.Value, w.Line, w.Tag)
		}
		sameNodes(t, src, g.Content, w.Content)
	}
}

// TestPlainPairsTakesTheUsualSpec: the specs of the report take the quick path.
func TestPlainPairsTakesTheUsualSpec(t *testing.T) {
	for _, src := range []string{
		"type: bar\ndata: metrics-1.csv\nx: service\ny: throughput\ntitle: Throughput of release 1\nunit: req/s\nformat: number\nsort: desc\n",
		"type: hbar\r\ndata: skills.csv\r\nx: skill\r\ny: share\r\ntitle: 企业最看重的技能\r\nformat: percent\r\n",
	} {
		if _, ok := plainPairs([]byte(src)); !ok {
			t.Errorf("plainPairs(%q) refused a plain spec", src)
		}
	}
}
