package content

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// quickFrontMatter reads the common shape of front matter — one "key: value" line per known
// key, each value a plain or a double-quoted one-line string without escapes — without the YAML
// decoder, which was most of loading a large site. Anything else (comments, escapes, block
// scalars, continuation lines, flow collections, unknown or repeated keys) returns false, and
// the YAML decoder reads it as before. FuzzQuickFrontMatter holds it to the decoder.
func quickFrontMatter(fm []byte) (FrontMatter, bool) {
	var m FrontMatter
	seen := map[string]bool{}
	for len(fm) > 0 {
		line := fm
		if i := bytes.IndexByte(fm, '\n'); i >= 0 {
			line, fm = fm[:i], fm[i+1:]
		} else {
			fm = nil
		}
		if len(bytes.Trim(line, " ")) == 0 {
			continue
		}
		key, value, ok := bytes.Cut(line, []byte(": "))
		if !ok || seen[string(key)] {
			return m, false
		}
		seen[string(key)] = true
		v, ok := quickScalar(value)
		if !ok {
			return m, false
		}
		isBool := v == "true" || v == "false"
		switch string(key) {
		case "title", "description", "source_hash":
			if isBool {
				return m, false // YAML reads a boolean there: the decoder says what it makes of it
			}
			*map[string]*string{"title": &m.Title, "description": &m.Description, "source_hash": &m.SourceHash}[string(key)] = v
		case "draft":
			switch v {
			case "true":
				m.Draft = true
			case "false":
			default:
				return m, false
			}
		default:
			return m, false
		}
	}
	return m, true
}

// quickScalar is the string value of a one-line scalar that needs no YAML rules beyond
// trimming, or false.
func quickScalar(b []byte) (string, bool) {
	s := strings.TrimRight(string(b), " ")
	if s == "" || !utf8.ValidString(s) {
		return "", false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029 || r >= 0xfffe && r <= 0xffff {
			return "", false // control and line-break characters: YAML has rules for those
		}
	}
	if s[0] == '"' {
		inner := s[1:]
		if len(inner) == 0 || inner[len(inner)-1] != '"' {
			return "", false
		}
		inner = inner[:len(inner)-1]
		if strings.ContainsAny(inner, "\"\\") {
			return "", false
		}
		return inner, true
	}
	// A plain scalar: no indicator first, no ": " or " #" inside, no word YAML reads as
	// something else than text (null, booleans, numbers go to the decoder too).
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@` \t", rune(s[0])) || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return "", false
	}
	switch strings.ToLower(s) {
	case "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n":
		return s, s == "true" || s == "false" // draft reads these two; other keys go to the decoder
	}
	if c := s[0]; (c >= '0' && c <= '9' || c == '+' || c == '.') && numeric(s) {
		return "", false
	}
	return s, true
}

// numeric reports whether YAML might read s as a number or a timestamp rather than text:
// whatever strconv parses as one (prefixes, underscores, exponents, inf and nan included), and
// anything with a "-" or ":", as dates and times have.
func numeric(s string) bool {
	plain := strings.ReplaceAll(s, "_", "")
	_, errInt := strconv.ParseInt(plain, 0, 64)
	_, errUint := strconv.ParseUint(plain, 0, 64)
	_, errFloat := strconv.ParseFloat(plain, 64)
	return errInt == nil || errUint == nil || errFloat == nil || strings.ContainsAny(s, "-:")
}
