package scan

import (
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
)

// A candidate is a pair to verify; compare says its shingle sets are
// compared: it agreed on a band of the MinHash signatures, so that it may be
// a near duplicate, or its bit signatures say the two may overlap.
type candidate struct {
	lsh.Pair
	compare bool
}

// candidates returns the candidate pairs to verify, sorted: pairs that agree
// on a band of their MinHash signatures (when near pairs are searched) and
// pairs that share specific top terms (when related pairs are). Only one
// representative of each exact group takes part; its members share its
// pairs.
func (s *state) candidates(groups [][]int) []candidate {
	start := time.Now()
	defer s.stats.stage("candidates", start)
	s.progress(Progress{Stage: "candidates", Done: 0, Total: len(s.docs), Unit: "documents"})
	member := make([]bool, len(s.docs)) // in a group, not its representative
	for _, g := range groups {
		keep := s.keep(g)
		for _, d := range g {
			member[d] = d != keep
		}
	}
	if s.opt.AllPairs {
		var out []candidate
		for i := range s.docs {
			for j := i + 1; j < len(s.docs); j++ {
				if !member[i] && !member[j] {
					out = append(out, candidate{lsh.Pair{A: uint32(i), B: uint32(j)}, true})
				}
			}
		}
		s.stats.Candidates = len(out)
		return out
	}
	var near, rel []lsh.Pair
	if s.opt.Kinds.Has(engine.Near) {
		near = lsh.BandPairs(s.keys, s.params.Bands, func(d uint32) bool { return member[d] })
		s.stats.Candidates = len(near)
	}
	if s.opt.Kinds.Has(engine.Related) {
		maxPosting := s.opt.maxPosting()
		var ix related.Index
		ix.Grow(len(s.docs) * related.IndexTerms)
		// Each document's heaviest terms that another document has, and
		// not too many: those can make pairs.
		chunks(s, len(s.docs), verifyChunk, func(w *worker, lo, hi int) ([][]uint64, error) {
			weigh := w.classifier.Weigher()
			out := make([][]uint64, hi-lo)
			for i := lo; i < hi; i++ {
				if member[i] {
					continue
				}
				w.entries = w.entries[:0]
				w.terms = s.terms.appendTerms(w.terms[:0], i)
				for _, t := range w.terms {
					if df := s.corpus.DF(t.Hash); df >= 2 && df <= maxPosting {
						w.entries = append(w.entries, related.Entry{Hash: t.Hash, Weight: weigh.Weight(t.Hash, t.TF, t.Name, t.Number)})
					}
				}
				for _, e := range related.Heaviest(w.entries, related.IndexTerms) {
					out[i-lo] = append(out[i-lo], e.Hash)
				}
			}
			return out, nil
		}, func(lo, _ int, out [][]uint64, _ error) {
			for i, top := range out {
				ix.Add(uint32(lo+i), top)
			}
		})
		rel = ix.Pairs(maxPosting, related.MinShared)
		s.stats.RelatedCandidates = len(rel)
	}
	// Merge the two sorted lists.
	out := make([]candidate, 0, len(near)+len(rel))
	for i, j := 0, 0; i < len(near) || j < len(rel); {
		switch {
		case j == len(rel) || i < len(near) && lsh.ComparePairs(near[i], rel[j]) < 0:
			out = append(out, candidate{near[i], true})
			i++
		case i == len(near) || lsh.ComparePairs(near[i], rel[j]) > 0:
			out = append(out, candidate{rel[j], s.mayOverlap(int(rel[j].A), int(rel[j].B))})
			j++
		default:
			out = append(out, candidate{near[i], true})
			i++
			j++
		}
	}
	return out
}
