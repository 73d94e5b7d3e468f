package related

import (
	"slices"

	"github.com/neardup/neardup/lsh"
)

// MaxPosting is the default limit of Index.Pairs: a term in the top terms of
// more documents than this is too common to single out a story.
const MaxPosting = 100

// MinShared is the default number of top terms two documents must share to be
// a candidate pair. In unit vectors of K terms one shared term makes a score
// of one weight times another, far below any useful threshold; requiring two
// cuts the candidates of a large corpus many times over.
const MinShared = 2

// An Index holds the top terms of documents and finds those that share one.
// It keeps 8 bytes per document and term: 32 bits of the term's hash and the
// document id. Not safe for concurrent use.
type Index struct {
	entries []uint64 // term key << 32 | id
}

// Add records the top terms of document id.
func (ix *Index) Add(id uint32, terms []uint64) {
	for _, h := range terms {
		ix.entries = append(ix.entries, (h>>32)<<32|uint64(id))
	}
}

// Pairs returns every pair of documents that share at least minShared terms
// each held by at most maxPosting documents, once, sorted by (A, B). Two terms
// whose 32-bit keys collide are taken as one.
func (ix *Index) Pairs(maxPosting, minShared int) []lsh.Pair {
	slices.Sort(ix.entries)
	var out []lsh.Pair
	e := ix.entries
	for lo := 0; lo < len(e); {
		hi := lo + 1
		for hi < len(e) && e[hi]>>32 == e[lo]>>32 {
			hi++
		}
		if hi-lo <= maxPosting {
			for i := lo; i < hi; i++ {
				for j := i + 1; j < hi; j++ {
					a, b := uint32(e[i]), uint32(e[j])
					if a != b {
						out = append(out, lsh.Pair{A: a, B: b})
					}
				}
			}
		}
		lo = hi
	}
	slices.SortFunc(out, lsh.ComparePairs)
	// Each shared term added the pair once: keep pairs added minShared
	// times or more, once.
	kept := out[:0]
	for lo := 0; lo < len(out); {
		hi := lo + 1
		for hi < len(out) && out[hi] == out[lo] {
			hi++
		}
		if hi-lo >= minShared {
			kept = append(kept, out[lo])
		}
		lo = hi
	}
	return kept
}
