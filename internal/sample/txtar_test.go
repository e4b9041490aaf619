package sample

import (
	"strings"
)

// section is one file of a txtar archive (golang.org/x/tools/txtar): a
// comment, then files introduced by "-- name --" lines. The format is
// small enough to read here rather than add a module for tests.
type section struct {
	name, data string
}

func parseTxtar(s string) (comment string, files []section) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.SplitAfter(s, "\n")
	var cur *section
	var b strings.Builder
	flush := func() {
		if cur == nil {
			comment = b.String()
		} else {
			cur.data = b.String()
			files = append(files, *cur)
		}
		b.Reset()
	}
	for _, l := range lines {
		t := strings.TrimSuffix(l, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			cur = &section{name: t[3 : len(t)-3]}
			continue
		}
		b.WriteString(l)
	}
	flush()
	return comment, files
}

func formatTxtar(comment string, files []section) string {
	var b strings.Builder
	b.WriteString(comment)
	for _, f := range files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
