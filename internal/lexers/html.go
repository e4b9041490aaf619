package lexers

// HTML lexer.
var HTML = lazyXMLLexer(embedded, "embedded/html.xml")
