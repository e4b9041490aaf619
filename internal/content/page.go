package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"

	"folio/internal/config"
	"folio/internal/diag"
)

// MaxFileSize bounds a Markdown file; a larger one is almost certainly a mistake (a pasted
// binary, a generated dump) and would only make the build slow.
const MaxFileSize = 8 << 20

// Page is one Markdown file: a cover (_index.md) or a chapter (NN-slug.md).
type Page struct {
	Lang  string // edition language, e.g. "zh"
	File  string // path inside content/, slash-separated: "zh/01-landscape.md"
	Name  string // file name, the key that pairs translations: "01-landscape.md"
	Slug  string // URL segment: "landscape"; "" for a cover
	Num   int    // chapter number from the file name; 0 for a cover
	Cover bool

	FrontMatter
	Body     []byte   // Markdown after the front matter, LF line endings
	BodySum  [32]byte // SHA-256 of Body, taken once when the file is parsed
	BodyLine int      // line in File of the first line of Body
	Hash     string   // hex SHA-256 of the whole file, for translation staleness
}

// FrontMatter is the YAML header of a page.
type FrontMatter struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Draft       bool   `yaml:"draft"`
	// SourceHash records, in a translation, the Hash of the default-language page it was
	// translated from; folio compares it to tell readers when the original changed since.
	SourceHash string `yaml:"source_hash"`
}

// Path is the file as authors see it in messages: "content/zh/01-landscape.md".
func (p *Page) Path() string { return "content/" + p.File }

// ShortHash is the abbreviated content hash recorded as source_hash in translations.
func (p *Page) ShortHash() string { return p.Hash[:12] }

// MaxIndent bounds the leading white space of a line, in columns (a tab counts to the next
// multiple of 4). goldmark's time grows with the square of list depth: 2,000 nested levels take
// it a minute and a half, while 256 columns (over 60 levels of four-space lists) take
// milliseconds and more than any real document needs.
const MaxIndent = 256

// deepIndent returns the first line indented more than MaxIndent columns and its indentation,
// or 0, 0.
func deepIndent(data []byte) (line, cols int) {
	line = 1
	for len(data) > 0 {
		c, n := 0, 0
		for _, b := range data {
			if b == ' ' {
				c++
			} else if b == '\t' {
				c += 4 - c%4
			} else {
				break
			}
			n++
		}
		if c > MaxIndent && n < len(data) && data[n] != '\n' && data[n] != '\r' { // blank lines do not count
			return line, c
		}
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		data = data[i+1:]
		line++
	}
	return 0, 0
}

// parsePage splits front matter from body and validates both.
func parsePage(file string, data []byte) (*Page, diag.List) {
	path := "content/" + file
	if len(data) > MaxFileSize {
		return nil, diag.List{diag.Errorf(path, 0, "file is %d MB, over the %d MB limit for a Markdown page: split it into chapters or move data to content/data/", len(data)>>20, MaxFileSize>>20)}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return nil, diag.List{diag.Errorf(path, line, "file is not valid UTF-8: save it as UTF-8")}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte("\n"))
		return nil, diag.List{diag.Errorf(path, line, "NUL byte: the file looks binary; save it as UTF-8 text")}
	}
	if line, cols := deepIndent(data); line > 0 {
		return nil, diag.List{diag.Errorf(path, line, "line is indented %d columns, over the limit of %d: lists nested this deep take the Markdown parser minutes; flatten them", cols, MaxIndent)}
	}
	sum := sha256.Sum256(data)
	p := &Page{File: file, Hash: hex.EncodeToString(sum[:])}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if bytes.Contains(data, []byte("\r\n")) { // else no copy: a large site has thousands of files
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}

	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, diag.List{diag.Errorf(path, 1, "missing front matter: start the file with a line \"---\", then `title: ...`, then \"---\"")}
	}
	rest := data[4:]
	end := -1
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		end = 0
	} else if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		end = i + 1
	} else if bytes.HasSuffix(rest, []byte("\n---")) {
		end = len(rest) - 3
	}
	if end < 0 {
		return nil, diag.List{diag.Errorf(path, 1, "front matter is not closed: add a line \"---\" after the last key")}
	}
	fm := rest[:end]
	if m, ok := quickFrontMatter(fm); ok {
		p.FrontMatter = m
	} else if errs := config.Decode(path, 2, fm, &p.FrontMatter); len(errs) > 0 {
		return nil, errs
	}
	body := rest[min(end+4, len(rest)):]
	p.Body = body
	p.BodySum = sha256.Sum256(body)
	p.BodyLine = 2 + bytes.Count(fm, []byte("\n")) + 1
	if p.Title == "" {
		return nil, diag.List{diag.Errorf(path, 2, "front matter has no title: add `title: ...`")}
	}
	return p, nil
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
