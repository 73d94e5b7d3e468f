// Package sample is the built-in demonstration corpus that `neardup scan`
// reads when it is given no path: five news articles on China-Russia
// relations (the project's seed articles) and variants derived from them by
// generate.go, so that a scan shows every kind of finding:
//
//   - 010: a syndicated copy of 004 under another headline, with a
//     publisher's header and footer (a near duplicate);
//   - 011: a copy of 002 with a new headline and 3% of its words edited
//     (a near duplicate);
//   - 012: a byte-for-byte copy of 001 (an exact duplicate);
//   - 013: 000 re-wrapped, with straight quotes and changed case in the
//     headline (an exact duplicate after normalization).
//
// Seeds 000 and 003 are two differently worded reports of the same event.
package sample

import (
	"embed"
	"io/fs"
)

//go:generate go run generate.go

//go:embed docs/*.txt
var docs embed.FS

// FS returns the sample documents, at the root of the file system.
func FS() fs.FS {
	sub, err := fs.Sub(docs, "docs")
	if err != nil {
		panic(err) // cannot happen: the folder is embedded
	}
	return sub
}
