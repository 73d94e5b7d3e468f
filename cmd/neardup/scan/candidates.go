package scan

import (
	"slices"
	"time"

	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
)

// candidates returns the candidate pairs to verify, sorted: pairs that agree
// on a band of their MinHash signatures (when near pairs are searched) and
// pairs that share a specific top term (when related pairs are). Only one
// representative of each exact group takes part; its members share its
// pairs.
func (s *state) candidates(groups [][]int) []lsh.Pair {
	start := time.Now()
	defer s.stats.stage("candidates", start)
	member := make([]bool, len(s.docs)) // in a group, not its representative
	for _, g := range groups {
		keep := s.keep(g)
		for _, d := range g {
			member[d] = d != keep
		}
	}
	var out []lsh.Pair
	if s.opt.AllPairs {
		for i := range s.docs {
			for j := i + 1; j < len(s.docs); j++ {
				if !member[i] && !member[j] {
					out = append(out, lsh.Pair{A: uint32(i), B: uint32(j)})
				}
			}
		}
		s.stats.Candidates = len(out)
		return out
	}
	if s.opt.Kinds.Has(Near) {
		ix := lsh.NewIndex(s.params.Bands)
		for i := range s.docs {
			if !member[i] {
				ix.Add(uint32(i), s.docKeys(i))
			}
		}
		out = ix.Pairs()
		s.stats.Candidates = len(out)
	}
	if s.opt.Kinds.Has(Related) {
		maxPosting := s.opt.maxPosting()
		var ix related.Index
		top := make([]uint64, 0, related.K)
		for i := range s.docs {
			if member[i] {
				continue
			}
			// The document's prefiltered terms that another document
			// has, and not too many: those can make pairs.
			top = top[:0]
			for _, h := range s.terms[s.termOff[i]:s.termOff[i+1]] {
				if df := int(s.df[h]); df >= 2 && df <= maxPosting && len(top) < related.K {
					top = append(top, h)
				}
			}
			ix.Add(uint32(i), top)
		}
		rel := ix.Pairs(maxPosting)
		s.stats.RelatedCandidates = len(rel)
		out = append(out, rel...)
		slices.SortFunc(out, comparePairs)
		out = slices.Compact(out)
	}
	return out
}

func comparePairs(x, y lsh.Pair) int {
	if x.A != y.A {
		return int(int64(x.A) - int64(y.A))
	}
	return int(int64(x.B) - int64(y.B))
}
