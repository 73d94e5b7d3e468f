//go:build !unix

package corpus

import "io/fs"

// sameDir cannot identify folders on this system; maxDepth bounds the walk.
func sameDir(a, b fs.FileInfo) bool { return false }
