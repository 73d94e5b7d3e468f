package scan

import (
	"slices"
	"time"

	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
)

// verifyChunk is the number of candidate pairs verified by one task.
const verifyChunk = 256

// verified is a verified pair of document indexes: its kind, exact shingle
// similarity, MinHash estimate and related score.
type verified struct {
	a, b  int
	kind  Kind
	sim   lsh.Similarity
	est   float64
	score float64
}

// verify re-reads the documents of the candidate pairs, in batches that fit
// in Options.VerifyMemory, and keeps the pairs that are near (exact Jaccard
// at or above the threshold) or, failing that, related (related score at or
// above its threshold), as searched.
func (s *state) verify(cands []candidate) ([]verified, error) {
	start := time.Now()
	defer s.stats.stage("verify", start)
	weigh := s.weigher()
	var out []verified
	for lo := 0; lo < len(cands); {
		hi, docs := s.batch(cands, lo)
		sets := make(map[int]shingleSet, len(docs))
		var fatal error
		each(s, (len(docs)+sketchChunk-1)/sketchChunk, func(w *worker, c int) ([]shingleSet, error) {
			chunk := docs[c*sketchChunk : min((c+1)*sketchChunk, len(docs))]
			out := make([]shingleSet, len(chunk))
			for i, d := range chunk {
				set, err := w.reload(s.docs[d], weigh)
				if err != nil {
					return nil, err
				}
				out[i] = set
			}
			return out, nil
		}, func(c int, out []shingleSet, err error) {
			if err != nil && fatal == nil {
				fatal = err
			}
			for i, set := range out {
				sets[docs[c*sketchChunk+i]] = set
			}
		})
		if fatal != nil {
			return nil, fatal
		}
		s.stats.Reloaded += len(docs)
		batch := cands[lo:hi]
		each(s, (len(batch)+verifyChunk-1)/verifyChunk, func(w *worker, c int) ([]verified, error) {
			var v []verified
			for _, p := range batch[c*verifyChunk : min((c+1)*verifyChunk, len(batch))] {
				if pv, ok := s.classify(w, p, sets[int(p.A)], sets[int(p.B)]); ok {
					v = append(v, pv)
				}
			}
			return v, nil
		}, func(c int, v []verified, _ error) {
			out = append(out, v...)
			s.progress(Progress{Stage: "verify", Done: lo + min((c+1)*verifyChunk, len(batch)), Total: len(cands), Unit: "pairs"})
		})
		lo = hi
	}
	return out, nil
}

// classify verifies one candidate pair. The shingle similarity, the costlier
// measure, is computed only for pairs that may be near duplicates (they
// agreed on a band) and for pairs found related.
func (s *state) classify(w *worker, c candidate, a, b shingleSet) (verified, bool) {
	v := verified{a: int(c.A), b: int(c.B)}
	compared := false
	if c.near && s.opt.Kinds.Has(Near) {
		v.sim, compared = w.comparer.Compare(a.set, b.set), true
		if v.sim.Jaccard >= s.opt.Threshold {
			v.kind = Near
		}
	}
	if s.opt.Kinds.Has(Related) {
		v.score = related.Cosine(a.vec, b.vec)
		if v.kind == "" && v.score >= s.opt.RelatedThreshold {
			v.kind = Related
		}
	}
	if v.kind == "" {
		return v, false
	}
	if !compared {
		v.sim = w.comparer.Compare(a.set, b.set)
	}
	v.est = lsh.Estimate(a.sig, b.sig)
	return v, true
}

// batch returns the end of the batch of candidates starting at lo, and the
// documents it involves, sorted: as many pairs as fit in Options.VerifyMemory,
// at least one.
func (s *state) batch(cands []candidate, lo int) (int, []int) {
	budget := s.opt.VerifyMemory
	if budget <= 0 {
		budget = DefaultVerifyMemory
	}
	in := map[int]bool{}
	var docs []int
	size := 0
	cost := func(d int) int { return 8*(int(s.docs[d].shingles)+s.opt.Perm) + 16*related.K }
	hi := lo
	for ; hi < len(cands); hi++ {
		add := 0
		for _, d := range []int{int(cands[hi].A), int(cands[hi].B)} {
			if !in[d] {
				add += cost(d)
			}
		}
		if hi > lo && int64(size+add) > budget {
			break
		}
		for _, d := range []int{int(cands[hi].A), int(cands[hi].B)} {
			if !in[d] {
				in[d] = true
				docs = append(docs, d)
			}
		}
		size += add
	}
	slices.Sort(docs)
	return hi, docs
}
