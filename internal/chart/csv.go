package chart

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Table is a CSV file: a header and rows of fields, all rows as wide as the
// header.
type Table struct {
	Name   string
	Header []string
	Rows   [][]string
	Lines  []int // the file line each row starts on, for error positions
}

// ReadCSV parses a UTF-8 CSV file with a header row. name is used in error
// positions. Errors are *Error.
func ReadCSV(name string, data []byte) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8(data)], []byte("\n"))
		return nil, &Error{File: name, Row: line, Msg: "not valid UTF-8"}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // checked below with a clearer message
	header, err := r.Read()
	if err == io.EOF {
		return nil, &Error{File: name, Msg: "empty file: want a header row"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	t := &Table{Name: name, Header: make([]string, len(header))}
	seen := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, &Error{File: name, Row: 1, Col: i + 1, Msg: "header column has no name"}
		}
		if j, dup := seen[h]; dup {
			return nil, &Error{File: name, Row: 1, Col: i + 1, Msg: fmt.Sprintf("duplicate column %q (also column %d)", h, j+1)}
		}
		seen[h] = i
		t.Header[i] = h
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			return nil, &Error{File: name, Row: line,
				Msg: fmt.Sprintf("row has %d fields; the header has %d", len(rec), len(header))}
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	return t, nil
}

// Column returns the index of the named column.
func (t *Table) Column(name string) (int, bool) {
	for i, h := range t.Header {
		if h == name {
			return i, true
		}
	}
	return -1, false
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Row: pe.Line, Msg: fmt.Sprintf("%v (character %d)", pe.Err, pe.Column), err: err}
	}
	return &Error{File: name, Msg: err.Error(), err: err}
}

// parseNumber parses a plain decimal number: an optional sign, digits with
// an optional fraction, and an optional exponent. It rejects what
// strconv.ParseFloat would also take (hex, underscores, Inf, NaN) so that
// the CSV stays readable by any tool.
func parseNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil { // out of range
		return 0, false
	}
	return v, true
}

// decimalsOf returns how many digits follow the decimal point in a plain
// number as written.
func decimalsOf(s string) int {
	if e := strings.IndexAny(s, "eE"); e >= 0 {
		exp, _ := strconv.Atoi(s[e+1:])
		return max(0, decimalsOf(s[:e])-exp)
	}
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		return len(s) - dot - 1
	}
	return 0
}

// notNumber explains why a cell is not a number, with a hint for the
// usual mistakes.
func notNumber(raw string) string {
	msg := fmt.Sprintf("%q is not a number", raw)
	t := strings.TrimSpace(raw)
	switch {
	case strings.HasSuffix(t, "%"):
		msg += " (write 68.1 for 68.1 % and set format: percent)"
	case strings.ContainsAny(t, ",，") && strings.ContainsAny(t, "0123456789"):
		msg += " (write numbers without thousands separators)"
	case strings.ContainsAny(t, "<>~≈≥≤约"):
		msg += " (put qualifiers such as < or ~ in a text column)"
	}
	return msg
}
