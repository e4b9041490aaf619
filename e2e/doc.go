// Package e2e holds the end-to-end tests of folio: they build the bundled report, serve it on
// loopback and drive headless Chromium (through chromedp) over every page of both editions.
//
// Run them with
//
//	go test ./e2e/
//
// They look for a browser in $FOLIO_CHROMIUM, then for chromium, chromium-browser,
// google-chrome and google-chrome-stable on $PATH. Without one they skip, saying so; with
// CI=true in the environment a missing browser fails them instead, since CI must run them.
// On Debian: apt-get install chromium fonts-noto-cjk.
package e2e
