//go:build linux

package output

import (
	"io/fs"
	"syscall"
)

// inodeOf returns the time of the last change to the file's inode and its number.
func inodeOf(info fs.FileInfo) (ctime int64, ino uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ctim.Sec*1e9 + st.Ctim.Nsec, st.Ino
}
