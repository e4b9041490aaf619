package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"folio/internal/diag"
)

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`) })
var unknownField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^field (\S+) not found in type`) })

// Decode strictly decodes YAML into v. Unknown keys are errors that suggest the nearest known
// key. Every problem is a diagnostic naming file and the line in that file; firstLine is the
// file line of the YAML's first line (front matter starts after the opening "---").
func Decode(file string, firstLine int, data []byte, v any) diag.List {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out diag.List
	for _, m := range msgs {
		line := 0
		if sm := yamlLine().FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		if um := unknownField().FindStringSubmatch(m); um != nil {
			m = fmt.Sprintf("unknown key %q", um[1])
			if s := Nearest(um[1], yamlKeys(reflect.TypeOf(v))); s != "" {
				m += fmt.Sprintf(", did you mean %q?", s)
			}
		} else {
			m = "invalid YAML: " + m
		}
		if line > 0 {
			line += firstLine - 1
		} else {
			line = firstLine
		}
		out.Add(diag.Errorf(file, line, "%s", m))
	}
	return out
}

// yamlKeys lists the YAML keys of a struct type, recursively through embedded structs.
func yamlKeys(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" {
			keys = append(keys, yamlKeys(f.Type)...)
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		keys = append(keys, tag)
	}
	return keys
}

// Nearest returns the candidate closest to s by edit distance, if close enough to be a typo.
func Nearest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
