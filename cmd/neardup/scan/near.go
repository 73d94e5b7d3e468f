package scan

import (
	"slices"
	"time"

	"github.com/neardup/neardup/lsh"
)

// verifyChunk is the number of candidate pairs verified by one task.
const verifyChunk = 256

// nearPairs finds the near-duplicate pairs among the representatives of the
// exact groups and the documents in no group.
func (s *state) nearPairs(groups [][]int) ([]verified, error) {
	start := time.Now()
	ix := lsh.NewIndex(s.params.Bands)
	member := make([]bool, len(s.docs)) // in a group, not its representative
	for _, g := range groups {
		keep := s.keep(g)
		for _, d := range g {
			member[d] = d != keep
		}
	}
	for i := range s.docs {
		if !member[i] {
			ix.Add(uint32(i), s.docKeys(i))
		}
	}
	cands := ix.Pairs()
	s.stats.Candidates = len(cands)
	s.stats.stage("candidates", start)

	start = time.Now()
	defer s.stats.stage("verify", start)
	var out []verified
	for lo := 0; lo < len(cands); {
		hi, docs := s.batch(cands, lo)
		sets := make(map[int]shingleSet, len(docs))
		var fatal error
		each(s, (len(docs)+sketchChunk-1)/sketchChunk, func(w *worker, c int) ([]shingleSet, error) {
			chunk := docs[c*sketchChunk : min((c+1)*sketchChunk, len(docs))]
			out := make([]shingleSet, len(chunk))
			for i, d := range chunk {
				set, err := w.reload(s.docs[d])
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
				a, b := sets[int(p.A)], sets[int(p.B)]
				if sim := w.comparer.Compare(a.set, b.set); sim.Jaccard >= s.opt.Threshold {
					v = append(v, verified{a: int(p.A), b: int(p.B), sim: sim, est: lsh.Estimate(a.sig, b.sig)})
				}
			}
			return v, nil
		}, func(_ int, v []verified, _ error) {
			out = append(out, v...)
		})
		lo = hi
	}
	return out, nil
}

// batch returns the end of the batch of candidates starting at lo, and the
// documents it involves, sorted: as many pairs as fit in Options.VerifyMemory,
// at least one.
func (s *state) batch(cands []lsh.Pair, lo int) (int, []int) {
	budget := s.opt.VerifyMemory
	if budget <= 0 {
		budget = DefaultVerifyMemory
	}
	in := map[int]bool{}
	var docs []int
	size := 0
	cost := func(d int) int { return 8 * (int(s.docs[d].shingles) + s.opt.Perm) }
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

// verified is a near pair of document indexes with its exact similarity and
// MinHash estimate.
type verified struct {
	a, b int
	sim  lsh.Similarity
	est  float64
}
