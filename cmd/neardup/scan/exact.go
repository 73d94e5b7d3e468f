package scan

import (
	"bytes"
	"cmp"
	"slices"
	"time"
)

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
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s.docs[a].hash, s.docs[b].hash) })
	var candidates [][]int
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && s.docs[order[hi]].hash == s.docs[order[lo]].hash {
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
	}, func(g int, split [][]int, err error) {
		if err != nil && fatal == nil {
			fatal = err
		}
		s.stats.Confirmed += len(candidates[g])
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
		r, err := s.reload(w, d, true)
		if err != nil {
			return nil, err
		}
		texts[i] = r.norm
	}
	var out [][]int
	for _, g := range EqualTexts(texts) {
		if len(g) > 1 {
			for i := range g {
				g[i] = group[g[i]]
			}
			slices.Sort(g)
			out = append(out, g)
		}
	}
	return out, nil
}

// EqualTexts partitions texts into groups of byte-for-byte equal ones, by
// index: each group in ascending order, the groups in order of their first
// member. Groups of one are included.
func EqualTexts(texts [][]byte) [][]int {
	var out [][]int
	used := make([]bool, len(texts))
	for i := range texts {
		if used[i] {
			continue
		}
		g := []int{i}
		for j := i + 1; j < len(texts); j++ {
			if !used[j] && bytes.Equal(texts[i], texts[j]) {
				used[j] = true
				g = append(g, j)
			}
		}
		out = append(out, g)
	}
	return out
}
