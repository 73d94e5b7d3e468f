package scan

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/sourcegraph/conc/stream"
)

// Run lists the documents under roots and scans them. It fails only on a
// bad option, an unreadable root, or a document that changed while it was
// being scanned; bad documents are skipped and listed in the result.
func Run(roots []corpus.Root, opt Options) (*Result, error) {
	p, err := opt.params()
	if err != nil {
		return nil, err
	}
	s := &state{opt: opt, params: p, workers: make(chan *worker, opt.workers())}
	for range opt.workers() {
		s.workers <- newWorker(opt, p)
	}
	start := time.Now()
	l, err := corpus.Walk(roots, opt.Walk)
	if err != nil {
		return nil, err
	}
	s.skipped = slices.Clone(l.Skipped)
	ignored := l.Ignored
	s.stats.stage("walk", start)

	err = s.sketchAll(l.Entries)
	l = nil // the sketches hold what is still needed of the listing
	if err != nil {
		return nil, err
	}
	groups, err := s.exactGroups()
	if err != nil {
		return nil, err
	}
	near, err := s.nearPairs(groups)
	if err != nil {
		return nil, err
	}
	start = time.Now()
	r := s.result(ignored, groups, near)
	s.stats.stage("cluster", start)
	r.Stats = s.stats
	return r, nil
}

type state struct {
	opt     Options
	params  lsh.Params
	workers chan *worker // idle workers; a task takes one and gives it back
	docs    []sketch     // sketched documents, in id order
	keys    []uint32     // band keys: Bands per document, in document order
	skipped []corpus.Skipped
	stats   Stats
}

// docKeys returns the band keys of document d.
func (s *state) docKeys(d int) []uint32 {
	b := s.params.Bands
	return s.keys[d*b : (d+1)*b]
}

// each runs task(i) for i in [0, n) on the worker pool and then done(i, ...)
// in order of i, serially.
func each[T any](s *state, n int, task func(w *worker, i int) (T, error), done func(i int, v T, err error)) {
	st := stream.New().WithMaxGoroutines(cap(s.workers))
	for i := range n {
		st.Go(func() stream.Callback {
			w := <-s.workers
			v, err := task(w, i)
			s.workers <- w
			return func() { done(i, v, err) }
		})
	}
	st.Wait()
}

// sketchChunk is the number of documents sketched by one task: enough to
// make the stream's per-task cost negligible.
const sketchChunk = 16

// sketchAll sketches every entry; documents that cannot be used are skipped.
func (s *state) sketchAll(entries []corpus.Entry) error {
	start := time.Now()
	defer s.stats.stage("sketch", start)
	type out struct {
		sk   sketch
		keys []uint32
		err  error
	}
	var fatal error
	s.docs = make([]sketch, 0, len(entries))
	s.keys = make([]uint32, 0, len(entries)*s.params.Bands)
	chunks := (len(entries) + sketchChunk - 1) / sketchChunk
	each(s, chunks, func(w *worker, c int) ([]out, error) {
		chunk := entries[c*sketchChunk : min((c+1)*sketchChunk, len(entries))]
		outs := make([]out, len(chunk))
		for i, e := range chunk {
			outs[i].sk, outs[i].keys, outs[i].err = w.sketch(e)
		}
		return outs, nil
	}, func(_ int, outs []out, _ error) {
		for _, o := range outs {
			var se *corpus.SkipError
			switch {
			case o.err == nil:
				s.docs = append(s.docs, o.sk)
				s.keys = append(s.keys, o.keys...)
				s.stats.Bytes += o.sk.bytes
			case errors.As(o.err, &se):
				s.skipped = append(s.skipped, corpus.Skipped{ID: se.Name, Reason: se.Reason})
			case fatal == nil:
				fatal = o.err
			}
		}
	})
	s.stats.Documents = len(s.docs)
	return fatal
}

// exactGroups returns the groups of two or more documents whose normalized
// texts are identical, each sorted by document index, the groups sorted by
// their first member. Equal hashes are confirmed by comparing the texts.
func (s *state) exactGroups() ([][]int, error) {
	start := time.Now()
	defer s.stats.stage("exact", start)
	order := make([]int, len(s.docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s.docs[a].normHash, s.docs[b].normHash) })
	var candidates [][]int
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && s.docs[order[hi]].normHash == s.docs[order[lo]].normHash {
			hi++
		}
		if hi-lo > 1 {
			candidates = append(candidates, order[lo:hi])
		}
		lo = hi
	}
	var groups [][]int
	var fatal error
	each(s, len(candidates), func(w *worker, g int) ([][]int, error) {
		return s.confirm(w, candidates[g])
	}, func(_ int, split [][]int, err error) {
		if err != nil && fatal == nil {
			fatal = err
		}
		groups = append(groups, split...)
	})
	slices.SortFunc(groups, func(a, b []int) int { return cmp.Compare(a[0], b[0]) })
	return groups, fatal
}

// confirm splits a group of documents with equal normalized-text hashes into
// the groups whose normalized texts are byte-for-byte equal (all of it, unless
// 64-bit xxhash collided), dropping groups of one.
func (s *state) confirm(w *worker, group []int) ([][]int, error) {
	texts := make([][]byte, len(group))
	for i, d := range group {
		_, norm, err := w.normalize(s.docs[d].entry)
		if err != nil {
			return nil, changed(s.docs[d].entry, err)
		}
		texts[i] = bytes.Clone(norm)
	}
	var out [][]int
	used := make([]bool, len(group))
	for i := range group {
		if used[i] {
			continue
		}
		g := []int{group[i]}
		for j := i + 1; j < len(group); j++ {
			if !used[j] && bytes.Equal(texts[i], texts[j]) {
				used[j] = true
				g = append(g, group[j])
			}
		}
		if len(g) > 1 {
			slices.Sort(g)
			out = append(out, g)
		}
	}
	return out, nil
}

var errDifferent = errors.New("different text on second reading")

// changed is the error for a document that could not be read again as it was.
func changed(e corpus.Entry, err error) error {
	return fmt.Errorf("%s changed or became unreadable during the scan: %w", e.Name, err)
}

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

// keep returns the document of a group to keep: the longest, ties to the
// smallest id (documents are in id order, so the smallest index).
func (s *state) keep(group []int) int {
	best := group[0]
	for _, d := range group[1:] {
		if s.docs[d].bytes > s.docs[best].bytes || s.docs[d].bytes == s.docs[best].bytes && d < best {
			best = d
		}
	}
	return best
}
