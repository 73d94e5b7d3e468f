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

// IndexTerms is the number of a document's heaviest terms that enter the
// index. Indexing fewer than K terms makes far fewer candidate pairs, since
// a pair that shares only light terms cannot reach a useful score. README.md
// records the measurement: on the ECB+ corpus, 24 terms find all but 28 of
// the 5,381 pairs that verifying every pair flags (40 terms: all but 11),
// with 49,000 candidates instead of 193,000 on the Linux documentation.
const IndexTerms = 24

// An Index holds the top terms of documents and finds those that share one.
// It keeps 8 bytes per document and term: 32 bits of the term's hash and the
// document id. Not safe for concurrent use.
type Index struct {
	entries []uint64 // term key << 32 | id
}

// Grow makes room for n more (document, term) entries.
func (ix *Index) Grow(n int) { ix.entries = slices.Grow(ix.entries, n) }

// Add records the top terms of document id.
func (ix *Index) Add(id uint32, terms []uint64) {
	for _, h := range terms {
		ix.entries = append(ix.entries, (h>>32)<<32|uint64(id))
	}
}

// Pairs returns every pair of documents that share at least minShared terms
// each held by at most maxPosting documents, once, sorted by (A, B). Two terms
// whose 32-bit keys collide are taken as one.
//
// It counts, for each document A, the documents after A in the postings of
// A's terms, in an array indexed by document: time linear in the number of
// (A, term, B) occurrences, with no sort of them, and memory for the postings
// and one counter per document.
func (ix *Index) Pairs(maxPosting, minShared int) []lsh.Pair {
	slices.Sort(ix.entries)
	e := slices.Compact(ix.entries) // a term twice in one document counts once
	ix.entries = e
	// The postings that can make pairs: of 2 to maxPosting documents.
	var post []uint32 // the documents of each kept posting, ascending
	var start []int32 // posting p is post[start[p]:start[p+1]]
	n := 0            // documents: 1 + the largest id
	for lo := 0; lo < len(e); {
		hi := lo + 1
		for hi < len(e) && e[hi]>>32 == e[lo]>>32 {
			hi++
		}
		if hi-lo >= 2 && hi-lo <= maxPosting {
			start = append(start, int32(len(post)))
			for _, x := range e[lo:hi] {
				post = append(post, uint32(x))
				n = max(n, int(uint32(x))+1)
			}
		}
		lo = hi
	}
	start = append(start, int32(len(post)))
	// For each document, the postings it is in (compressed rows).
	rowStart := make([]int32, n+1)
	for _, d := range post {
		rowStart[d+1]++
	}
	for d := range n {
		rowStart[d+1] += rowStart[d]
	}
	rows := make([]int32, len(post))
	fill := slices.Clone(rowStart[:n])
	pos := make([]int32, len(post)) // where each entry of post is in its posting
	for p := range len(start) - 1 {
		for i := start[p]; i < start[p+1]; i++ {
			d := post[i]
			rows[fill[d]] = int32(p)
			pos[fill[d]] = i
			fill[d]++
		}
	}
	count := make([]uint16, n)
	var touched []uint32
	var out []lsh.Pair
	for a := range n {
		from := len(out)
		for r := rowStart[a]; r < rowStart[a+1]; r++ {
			// The documents after a in the posting: those with larger ids.
			for _, b := range post[pos[r]+1 : start[rows[r]+1]] {
				if count[b] == 0 {
					touched = append(touched, b)
				}
				if count[b] < 0xffff {
					count[b]++
				}
				if int(count[b]) == minShared {
					out = append(out, lsh.Pair{A: uint32(a), B: b})
				}
			}
		}
		for _, b := range touched {
			count[b] = 0
		}
		touched = touched[:0]
		slices.SortFunc(out[from:], lsh.ComparePairs)
	}
	return out
}
