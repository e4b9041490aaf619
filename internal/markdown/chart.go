package markdown

// chart renders a ```chart block. Until the chart engine lands it shows the spec.
func (c *Converter) chart(f *Fence) (*rendered, *blockError) {
	return c.codeHTML("chart", "yaml", string(f.Body), "", "", highlightNone)
}
