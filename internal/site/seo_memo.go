package site

import (
	"crypto/sha256"
	"fmt"

	"folio/internal/content"
)

// sitemapMemo is the last sitemap and what it was made of: the origin, the default language
// and every page's place. A chapter edit changes none of these, so a rebuild reuses it.
type sitemapMemo struct {
	key  [32]byte
	data []byte
}

// sitemap is sitemap(site, pages), reused while no page appeared, vanished or moved.
func (b *Builder) sitemap(site *content.Site, pages []*Page) []byte {
	h := sha256.New()
	for _, s := range []string{site.Config.Origin(), site.Config.DefaultLang()} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	for _, p := range pages {
		fmt.Fprintf(h, "%d:%s%d:%s%d:%s%t;", len(p.Lang), p.Lang, len(p.URL), p.URL, len(p.Name), p.Name, p.Cover)
	}
	var key [32]byte
	h.Sum(key[:0])
	if b.smap != nil && b.smap.key == key {
		return b.smap.data
	}
	data := sitemap(site, pages)
	b.smap = &sitemapMemo{key, data}
	return data
}
