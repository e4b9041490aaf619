package chart

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// plainPairs reads a spec made only of "key: value" lines, blank lines and comment lines,
// each value a plain word or phrase or a one-line list of them — what nearly every spec is —
// into the key and value nodes YAML would give, in order. It reports false for anything
// else, which YAML then parses: quotes, anchors, indented lines, comments after a value,
// tabs. YAML parsing was half the time a chart took to draw; FuzzPlainPairs holds this to it.
func plainPairs(src []byte) ([]*yaml.Node, bool) {
	text := string(src)
	if !printable(text) {
		return nil, false
	}
	var pairs []*yaml.Node
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimSuffix(line, "\r")
		if strings.Contains(line, "\r") {
			return nil, false // a line break to YAML, not to Markdown: ParseSpec refuses it
		}
		if strings.Trim(line, " ") == "" || line[0] == '#' {
			continue
		}
		i := 0
		for i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] == '_') {
			i++
		}
		// YAML takes a key of at most 1,024 characters without a "?" before it; spec keys
		// are short words.
		if i == 0 || i > 64 || i == len(line) || line[i] != ':' || i+1 < len(line) && line[i+1] != ' ' {
			return nil, false
		}
		value := strings.Trim(line[i+1:], " ")
		var v *yaml.Node
		if inner, ok := strings.CutPrefix(value, "["); ok {
			if v, ok = plainList(inner, n); !ok {
				return nil, false
			}
		} else if plainValue(value) {
			v = plainScalar(value, n)
		} else {
			return nil, false
		}
		pairs = append(pairs, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: line[:i], Line: n}, v)
	}
	return pairs, len(pairs) > 0
}

// plainList reads "a, b]", the rest of a one-line list of plain words or phrases.
func plainList(inner string, line int) (*yaml.Node, bool) {
	inner, ok := strings.CutSuffix(inner, "]")
	if !ok || strings.Trim(inner, " ") == "" {
		return nil, false
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
	for item := range strings.SplitSeq(inner, ",") {
		item = strings.Trim(item, " ")
		// Inside brackets a colon may start a pair, a question mark ends a word, and brackets
		// and braces nest.
		if item == "" || strings.ContainsAny(item, ":?[]{}") || !plainValue(item) {
			return nil, false
		}
		seq.Content = append(seq.Content, plainScalar(item, line))
	}
	return seq, true
}

func plainScalar(value string, line int) *yaml.Node {
	v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: line}
	switch value {
	case "", "~", "null", "Null", "NULL":
		v.Tag = "!!null"
	}
	return v
}

// plainValue reports whether s reads in YAML as the plain scalar s: it starts with no
// indicator, holds no ": " or " #" and does not end in a colon.
func plainValue(s string) bool {
	return s == "" || !strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":")
}

// printable reports whether text is UTF-8 of line breaks and characters YAML prints, with no
// byte order mark, no tab and no U+2028 or U+2029, which YAML reads as line breaks.
func printable(text string) bool {
	if !utf8.ValidString(text) {
		return false
	}
	for _, r := range text {
		switch {
		case r == '\n', r == '\r',
			r >= 0x20 && r <= 0x7e,
			r >= 0xa0 && r <= 0xd7ff && r != 0x2028 && r != 0x2029,
			r >= 0xe000 && r <= 0xfffd && r != 0xfeff,
			r >= 0x10000 && r <= 0x10ffff:
		default:
			return false
		}
	}
	return true
}
