package scan

import (
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle/terms"
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
		maxPosting := s.opt.PostingLimit()
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
				w.terms = s.terms.appendTerms(w.terms[:0], i)
				out[i-lo], w.entries = IndexedTerms(nil, w.terms, weigh, maxPosting, w.entries)
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
			a, b := int(rel[j].A), int(rel[j].B)
			out = append(out, candidate{rel[j], MayOverlap(s.docBits(a), s.docBits(b), int(s.docs[a].shingles), int(s.docs[b].shingles))})
			j++
		default:
			out = append(out, candidate{near[i], true})
			i++
			j++
		}
	}
	return out
}

// IndexedTerms appends to dst the hashes of a document's terms that enter the
// related term index, whose shared terms make candidate pairs: of its terms
// held by 2 to maxPosting documents of the corpus (w.DF), the
// related.IndexTerms heaviest. buf is scratch memory, returned for reuse.
func IndexedTerms(dst []uint64, ts []terms.Term, w related.Weigher, maxPosting int, buf []related.Entry) ([]uint64, []related.Entry) {
	buf = buf[:0]
	for _, t := range ts {
		if df := w.DF(t.Hash); df >= 2 && df <= maxPosting {
			buf = append(buf, related.Entry{Hash: t.Hash, Weight: w.Weight(t.Hash, t.TF, t.Name, t.Number)})
		}
	}
	for _, e := range related.Heaviest(buf, related.IndexTerms) {
		dst = append(dst, e.Hash)
	}
	return dst, buf
}

// OverlapScreen is the estimated containment (from bit signatures) at or
// above which a related candidate's shingle sets are compared, to see
// whether the two overlap (engine.OverlapContainment): below that, so that
// the estimate's error (a standard deviation of 0.04 to 0.1) rarely hides an
// overlap.
const OverlapScreen = 0.3

// MayOverlap reports whether two documents may overlap, by their bit
// signatures (lsh.AppendBits) and their numbers of distinct shingles: whether
// a related candidate's shingle sets are to be compared.
func MayOverlap(bitsA, bitsB []byte, shinglesA, shinglesB int) bool {
	j := lsh.EstimateBits(bitsA, bitsB)
	ab, ba := lsh.Containments(j, shinglesA, shinglesB)
	return max(ab, ba) >= OverlapScreen
}
