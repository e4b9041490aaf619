package markdown

// mermaid renders a ```mermaid block. Until the diagram engine lands it shows the source.
func (c *Converter) mermaid(f *Fence) (*rendered, *blockError) {
	return c.codeHTML("mermaid", "text", string(f.Body), "", "", highlightNone)
}
