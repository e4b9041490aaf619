package site

import (
	"net/url"

	"folio/internal/diag"
	"folio/internal/sample"
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
	var uses []sample.Use
	for _, p := range r.Pages {
		for _, f := range p.Doc.Fences {
			uses = append(uses, sample.Use{Source: p.File, Line: f.Line, Info: f.Info, Body: string(f.Body)})
		}
	}
	for _, pr := range sample.Audit(r.Site.FS, uses) {
		rep.Diags.Add(diag.Errorf("content/"+pr.File, pr.Line, "%s", pr.Msg))
	}
	rep.Diags.Add(drift(r.Site, r.Pages)...)
	rep.Diags.Sort()
	return rep
}
