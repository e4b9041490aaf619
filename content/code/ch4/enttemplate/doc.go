// Package enttemplate is the ent extension sample of chapter 4, rewritten with
// the standard library: a code-generation template whose data is ent's schema
// graph plus an extra field, the OpenAPI version, so the generated file can
// carry it.
//
// Graph and Type are small stand-ins for entc/gen's Graph and Type; Template
// plays the part of gen.Template around a text/template.
//
// template.go carries Chinese comments and template_en.go English ones; they
// hold the same code (edition_test.go checks it) and the build tag edition_en
// selects the English file.
package enttemplate
