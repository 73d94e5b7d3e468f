package scan

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"

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
	l, err := corpus.Walk(roots, opt.Walk)
	if err != nil {
		return nil, err
	}
	s := &state{opt: opt, params: p, workers: make(chan *worker, opt.workers())}
	for range opt.workers() {
		s.workers <- newWorker(opt, p)
	}
	s.skipped = slices.Clone(l.Skipped)

	if err := s.sketchAll(l.Entries); err != nil {
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
	return s.result(l, groups, near), nil
}

type state struct {
	opt     Options
	params  lsh.Params
	workers chan *worker // idle workers; a task takes one and gives it back
	docs    []sketch     // sketched documents, in id order
	skipped []corpus.Skipped
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

// sketchAll sketches every entry; documents that cannot be used are skipped.
func (s *state) sketchAll(entries []corpus.Entry) error {
	var fatal error
	each(s, len(entries), func(w *worker, i int) (sketch, error) {
		return w.sketch(entries[i])
	}, func(i int, sk sketch, err error) {
		var se *corpus.SkipError
		switch {
		case err == nil:
			s.docs = append(s.docs, sk)
		case errors.As(err, &se):
			s.skipped = append(s.skipped, corpus.Skipped{ID: se.Name, Reason: se.Reason})
		case fatal == nil:
			fatal = err
		}
	})
	return fatal
}

// exactGroups returns the groups of two or more documents whose normalized
// texts are identical, each sorted by document index, the groups sorted by
// their first member. Equal hashes are confirmed by comparing the texts.
func (s *state) exactGroups() ([][]int, error) {
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

// changed is the error for a document that could not be read again as it was.
func changed(e corpus.Entry, err error) error {
	return fmt.Errorf("%s changed or became unreadable during the scan: %w", e.Name, err)
}

// nearPairs finds the near-duplicate pairs among the representatives of the
// exact groups and the documents in no group.
func (s *state) nearPairs(groups [][]int) ([]verified, error) {
	ix := lsh.NewIndex(s.params.Bands)
	member := make([]bool, len(s.docs)) // in a group, not its representative
	for _, g := range groups {
		keep := s.keep(g)
		for _, d := range g {
			member[d] = d != keep
		}
	}
	for i, d := range s.docs {
		if !member[i] {
			ix.Add(uint32(i), d.keys)
		}
	}
	cands := ix.Pairs()

	// Re-derive the shingle sets of the documents in candidate pairs.
	var involved []int
	for _, c := range cands {
		involved = append(involved, int(c.A), int(c.B))
	}
	slices.Sort(involved)
	involved = slices.Compact(involved)
	sets := make(map[int][]uint64, len(involved))
	var fatal error
	each(s, len(involved), func(w *worker, i int) ([]uint64, error) {
		d := s.docs[involved[i]]
		_, norm, err := w.normalize(d.entry)
		if err != nil {
			return nil, changed(d.entry, err)
		}
		set := w.shingleSet(norm, true)
		if len(set) != d.shingles {
			return nil, changed(d.entry, errors.New("different text on second reading"))
		}
		return set, nil
	}, func(i int, set []uint64, err error) {
		if err != nil && fatal == nil {
			fatal = err
		}
		sets[involved[i]] = set
	})
	if fatal != nil {
		return nil, fatal
	}

	var out []verified
	each(s, len(cands), func(_ *worker, i int) (verified, error) {
		c := cands[i]
		return verified{a: int(c.A), b: int(c.B), sim: lsh.Compare(sets[int(c.A)], sets[int(c.B)])}, nil
	}, func(_ int, v verified, _ error) {
		if v.sim.Jaccard >= s.opt.Threshold {
			out = append(out, v)
		}
	})
	return out, nil
}

// verified is a near pair of document indexes with its exact similarity.
type verified struct {
	a, b int
	sim  lsh.Similarity
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
