package site

import (
	"net/url"

	"folio/internal/diag"
)

// Report is what check finds beyond a successful build.
type Report struct {
	Diags    diag.List // warnings of the build plus the checks' own findings
	External []string  // distinct external link targets
}

// Check runs the checks that a build does not need to pass: warnings and external links.
func Check(r *Result) *Report {
	rep := &Report{Diags: append(diag.List(nil), r.Warnings...)}
	seen := map[string]bool{}
	for _, p := range r.Pages {
		for _, l := range p.Doc.Links {
			if u, err := url.Parse(l.URL); err == nil && u.Scheme != "" && !seen[l.URL] {
				seen[l.URL] = true
				rep.External = append(rep.External, l.URL)
			}
		}
	}
	rep.Diags.Sort()
	return rep
}
