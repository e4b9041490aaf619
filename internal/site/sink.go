package site

import "sync"

// Sink takes the pages a build lays out afresh, each as soon as it is final, and gives them back
// when a later stage must read one again (the exact weight of the heaviest pages). folio build
// hands the build an output.Stage.
type Sink interface {
	Put(path string, data []byte) error
	Get(path string) ([]byte, error)
}

// sunkPage is what the stages after lay-out read of a page handed to the Sink, instead of its
// bytes: its ids for the link check, its weight and references for the budget.
type sunkPage struct {
	key     [32]byte // its page key
	size    int
	ids     map[string]bool
	gz1     int      // gzipped at level 1
	css, js []string // the stylesheets and scripts it loads
}

// sunkPages are the pages of one build handed to the Sink, by output path.
type sunkPages struct {
	mu     sync.Mutex
	pages  map[string]*sunkPage
	prints map[string]int // the print editions, by output path: their sizes
}

// sink hands a page laid out afresh to the Sink, once what the later stages read of it is
// taken, and lets its bytes go. Unless its edition's print page needs it, the page's converted
// HTML goes too, once the search has its sections: the two were most of what a large build
// held at its peak.
func (b *Builder) sink(p *Page, key [32]byte, html []byte, keepHTML bool) error {
	s := &sunkPage{key: key, size: len(html), ids: htmlIDs(html)}
	b.inc.disk.keepIDs(p.Out, key, s.ids)
	s.gz1, s.css, s.js = b.inc.gz.page(html, key)
	b.inc.sunkPage(p.Out, key, html)
	if err := b.opts.Sink.Put(p.Out, html); err != nil {
		return err
	}
	if !keepHTML {
		b.sectionsOf(p)
		p.releaseHTML()
	}
	b.sunk.mu.Lock()
	b.sunk.pages[p.Out] = s
	b.sunk.mu.Unlock()
	return nil
}

// sinkPrint hands an edition's print page to the Sink. No later stage reads it: only its size
// is kept, for the summary.
func (b *Builder) sinkPrint(out string, page []byte) error {
	if err := b.opts.Sink.Put(out, page); err != nil {
		return err
	}
	b.sunk.mu.Lock()
	b.sunk.prints[out] = len(page)
	b.sunk.mu.Unlock()
	return nil
}
