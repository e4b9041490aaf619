// Package config reads content/site.yaml, the settings of one site: its title and description
// in each language, the languages (the first is the default), the base URL and the budgets.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"folio/internal/diag"
)

// File is the name of the site configuration inside the content directory.
const File = "site.yaml"

// Config is the parsed site.yaml.
type Config struct {
	Title       map[string]string `yaml:"title"`
	Description map[string]string `yaml:"description"`
	Languages   []string          `yaml:"languages"`
	BaseURL     string            `yaml:"base_url"`
	// Repo is the web address of the repository; when set, sample captions link to their file.
	Repo string `yaml:"repo"`
	// RepoBranch names the branch that Repo links use (default "main").
	RepoBranch string  `yaml:"repo_branch"`
	Budgets    Budgets `yaml:"budgets"`
	Mermaid    Mermaid `yaml:"mermaid"`
}

// Budgets are size limits that fail the build, in kilobytes of gzipped bytes.
type Budgets struct {
	PageKB  float64 `yaml:"page_kb"`  // HTML + CSS + JS of one page
	IndexKB float64 `yaml:"index_kb"` // one search index part
}

// Mermaid configures diagrams.
type Mermaid struct {
	// ClientFallback lists diagram types (e.g. "sequenceDiagram") that may be left to
	// mermaid.js in the browser instead of failing the build.
	ClientFallback []string `yaml:"client_fallback"`
}

var langCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`) })

// Load reads and validates site.yaml from the content file system.
func Load(fsys fs.FS) (*Config, diag.List) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, diag.List{diag.Errorf("content/"+File, 0, "cannot read the site configuration: %v (create it; see README)", unwrapPath(err))}
	}
	return Parse(data)
}

// Parse parses and validates the bytes of site.yaml.
func Parse(data []byte) (*Config, diag.List) {
	name := "content/" + File
	c := &Config{}
	if errs := Decode(name, 1, data, c); len(errs) > 0 {
		return nil, errs
	}
	var errs diag.List
	langLine, titleLine, baseLine := keyLine(data, "languages"), keyLine(data, "title"), keyLine(data, "base_url")
	if len(c.Languages) == 0 {
		errs.Add(diag.Errorf(name, langLine, "no languages: add `languages: [zh, en]` (the first is the default)"))
	}
	seen := map[string]bool{}
	for _, l := range c.Languages {
		if !langCode().MatchString(l) {
			errs.Add(diag.Errorf(name, langLine, "language %q is not a language code like \"zh\" or \"en\"", l))
		}
		if seen[l] {
			errs.Add(diag.Errorf(name, langLine, "language %q is listed twice", l))
		}
		seen[l] = true
		if c.Title[l] == "" {
			errs.Add(diag.Errorf(name, titleLine, "no title for language %q: add it under `title:`", l))
		}
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		errs.Add(diag.Errorf(name, baseLine, "%v", err))
	}
	if c.RepoBranch == "" {
		c.RepoBranch = "main"
	}
	if c.Budgets.PageKB == 0 {
		c.Budgets.PageKB = 30
	}
	if c.Budgets.IndexKB == 0 {
		c.Budgets.IndexKB = 60
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// keyLine is the line of a top-level key in YAML source, or 0 when it is absent, so that a
// problem with a value can point at it.
func keyLine(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key+":") {
			return i + 1
		}
	}
	return 0
}

// SetBaseURL validates and sets the base URL ("/", "/report/" or "https://host/report/").
func (c *Config) SetBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base_url %q is not a URL like \"/\" or \"https://owner.github.io/repo/\"", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	c.BaseURL = u.String()
	return nil
}

// BasePath is the path part of the base URL, with leading and trailing slash: "/" or "/report/".
func (c *Config) BasePath() string {
	u, _ := url.Parse(c.BaseURL)
	return u.Path
}

// Origin is the scheme and host of the base URL, or "" when the base URL is a bare path.
func (c *Config) Origin() string {
	u, _ := url.Parse(c.BaseURL)
	if u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// DefaultLang is the language served at the site root.
func (c *Config) DefaultLang() string { return c.Languages[0] }

func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
