package enttemplate

import "text/template"

// Graph is the schema graph handed to every code-generation template.
type Graph struct {
	Nodes []*Type
}

// Type is one schema (one entity) of the graph.
type Type struct {
	Name   string
	Fields []string
}

// Template is a code-generation template.
type Template struct {
	T *template.Template
}
