package scan

import (
	"slices"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/story"
	"github.com/neardup/neardup/lsh/related"
)

// verifyChunk is the number of candidate pairs verified by one task.
const verifyChunk = 256

// verified is a classified pair of document indexes.
type verified struct {
	a, b int
	v    engine.Verdict
}

// loaded is what verification holds of a document of a batch: its shingle
// set and signature when it is in a candidate near pair, its related vector
// when related pairs are searched.
type loaded struct {
	reloaded
	vec related.Vector
}

// verify classifies the pairs within exact groups and the candidate pairs,
// and returns those of a searched kind. Candidates are verified in batches
// whose documents' sets and vectors fit in Options.VerifyMemory. Only the
// documents of candidate near pairs are re-read: a related score needs only
// sketches.
//
// A candidate pair joins two representatives of exact groups (or documents
// in none); it is classified for every pair of members of the two groups,
// which share the representatives' shingle sets and signatures but not their
// terms' case (and so not always their related vectors).
//
// It also returns the related score of every pair it classified, found or
// not, when related pairs are searched: what stories are grouped by.
func (s *state) verify(groups [][]int, cands []candidate) ([]verified, []story.Pair, error) {
	start := time.Now()
	defer s.stats.stage("verify", start)
	members := map[int][]int{} // representative -> its group
	for _, g := range groups {
		members[s.keep(g)] = g
	}
	single := make([]int, len(s.docs)) // single[d] = d, a group of one without allocating
	for i := range single {
		single[i] = i
	}
	expand := func(rep int) []int {
		if g, ok := members[rep]; ok {
			return g
		}
		return single[rep : rep+1]
	}

	var out []verified
	var sims []story.Pair
	// Pairs within exact groups: the representative with each member.
	if s.opt.Kinds.Has(engine.Exact) {
		var pairs [][2]int
		for _, g := range groups {
			keep := s.keep(g)
			for _, d := range g {
				if d != keep {
					pairs = append(pairs, [2]int{keep, d})
				}
			}
		}
		chunks(s, len(pairs), verifyChunk, func(w *worker, lo, hi int) ([]verified, error) {
			var v []verified
			for _, p := range pairs[lo:hi] {
				if pv := s.classify(w, p[0], p[1], nil, nil, nil, nil); pv.v.Kind != "" {
					v = append(v, pv)
				}
			}
			return v, nil
		}, func(_, _ int, v []verified, _ error) {
			out = append(out, v...)
			for _, pv := range v {
				sims = s.addSim(sims, pv)
			}
		})
	}

	slot := make([]int32, len(s.docs)) // a document's index in its batch's docs
	for lo := 0; lo < len(cands); {
		hi, docs, reread := s.batch(cands, lo)
		got := make([]loaded, len(docs))
		for i, d := range docs {
			slot[d] = int32(i)
		}
		var fatal error
		chunks(s, len(docs), sketchChunkSize, func(w *worker, dlo, dhi int) ([]loaded, error) {
			out := make([]loaded, dhi-dlo)
			for i, d := range docs[dlo:dhi] {
				if reread[d] {
					r, err := s.reload(w, d, false)
					if err != nil {
						return nil, err
					}
					out[i].reloaded = r
				}
				if s.cfg.Terms {
					sk := s.sketch(d, w.terms[:0], true)
					w.terms = sk.Terms
					out[i].vec = w.classifier.Vector(&sk)
				}
			}
			return out, nil
		}, func(dlo, _ int, l []loaded, err error) {
			if err != nil && fatal == nil {
				fatal = err
			}
			copy(got[dlo:], l)
		})
		if fatal != nil {
			return nil, nil, fatal
		}
		s.stats.Reloaded += len(reread)
		batch := cands[lo:hi]
		chunks(s, len(batch), verifyChunk, func(w *worker, plo, phi int) ([]classified, error) {
			var v []classified
			for _, c := range batch[plo:phi] {
				A, B := int(c.A), int(c.B)
				la, lb := got[slot[A]], got[slot[B]]
				if !c.compare {
					la.reloaded, lb.reloaded = reloaded{}, reloaded{}
				}
				for _, a := range expand(A) {
					for _, b := range expand(B) {
						va, vb := la.vec, lb.vec
						if a != A {
							va = nil
						}
						if b != B {
							vb = nil
						}
						pv := s.classify(w, a, b, &la.reloaded, &lb.reloaded, va, vb)
						if pv.v.Kind != "" || pv.v.Score > 0 {
							v = append(v, classified{pv, pv.v.Kind != ""})
						}
					}
				}
			}
			return v, nil
		}, func(plo, phi int, v []classified, _ error) {
			for _, c := range v {
				if c.found {
					out = append(out, c.verified)
				}
				sims = s.addSim(sims, c.verified)
			}
			s.progress(Progress{Stage: "verify", Done: lo + phi, Total: len(cands), Unit: "pairs"})
		})
		lo = hi
	}
	return out, sims, nil
}

// classified is a classified pair, and whether it is of a searched kind.
type classified struct {
	verified
	found bool
}

// addSim appends a classified pair with its related score to sims, when
// related pairs are searched and it has a score or a kind.
func (s *state) addSim(sims []story.Pair, v verified) []story.Pair {
	if !s.cfg.Terms || v.v.Score <= 0 && v.v.Kind == "" {
		return sims
	}
	a, b := int32(v.a), int32(v.b)
	if a > b {
		a, b = b, a
	}
	return append(sims, story.Pair{A: a, B: b, Sim: float32(v.v.Score)})
}

// classify classifies documents a and b with the engine's classifier. ra and
// rb, if not nil, hold the sets and signatures of the documents (or of their
// exact groups' representatives); va and vb their related vectors, if known.
func (s *state) classify(w *worker, a, b int, ra, rb *reloaded, va, vb related.Vector) verified {
	ska := s.sketch(a, w.terms[:0], va == nil)
	skb := s.sketch(b, w.termsB[:0], vb == nil)
	if ska.Terms != nil {
		w.terms = ska.Terms
	}
	if skb.Terms != nil {
		w.termsB = skb.Terms
	}
	sa := engine.Side{Sketch: &ska, Vector: va}
	sb := engine.Side{Sketch: &skb, Vector: vb}
	if ra != nil && rb != nil && ra.set != nil && rb.set != nil {
		ska.Signature, skb.Signature = ra.sig, rb.sig
		sa.Set, sb.Set = ra.set, rb.set
	}
	return verified{a: a, b: b, v: w.classifier.Classify(sa, sb)}
}

// batch returns the end of the batch of candidates starting at lo, the
// documents it involves, sorted, and those of them to re-read: as many pairs
// as fit in Options.VerifyMemory, at least one.
func (s *state) batch(cands []candidate, lo int) (int, []int, map[int]bool) {
	budget := s.opt.verifyMemory()
	in := map[int]bool{}
	reread := map[int]bool{}
	var docs []int
	size := 0
	hi := lo
	for ; hi < len(cands); hi++ {
		c := cands[hi]
		add := 0
		for _, d := range []int{int(c.A), int(c.B)} {
			if !in[d] && s.cfg.Terms {
				add += 16 * related.K
			}
			if c.compare && !reread[d] {
				add += 8 * (int(s.docs[d].shingles) + s.opt.Perm)
			}
		}
		if hi > lo && int64(size+add) > budget {
			break
		}
		for _, d := range []int{int(c.A), int(c.B)} {
			if !in[d] {
				in[d] = true
				docs = append(docs, d)
			}
			if c.compare {
				reread[d] = true
			}
		}
		size += add
	}
	slices.Sort(docs)
	return hi, docs, reread
}
