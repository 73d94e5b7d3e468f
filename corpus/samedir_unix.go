//go:build unix

package corpus

import (
	"io/fs"
	"syscall"
)

// sameDir reports whether two folder infos are the same folder, by device
// and inode. Infos without them (an embedded file system) are never the same;
// maxDepth still bounds the walk.
func sameDir(a, b fs.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && sa.Dev == sb.Dev && sa.Ino == sb.Ino
}
