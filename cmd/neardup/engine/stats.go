package engine

import (
	"github.com/neardup/neardup/shingle"
)

// Stats are the corpus statistics of the related score: the number of
// documents and, for each term, the number of documents whose sketch holds it
// (its document frequency). They are built from sketches alone, so they can be
// built incrementally (Add, Remove) and combined (Merge): the stats of two
// corpora merged equal the stats of both scanned together. The zero value is
// the stats of an empty corpus. Not safe for concurrent use, except for
// concurrent reads of stats that nothing modifies.
type Stats struct {
	docs int
	df   shingle.Counts
}

// Add counts the document of sketch s.
func (st *Stats) Add(s *Sketch) {
	st.docs++
	for _, t := range s.Terms {
		st.df.Add(t.Hash, 1)
	}
}

// Remove uncounts the document of sketch s, which must have been added.
func (st *Stats) Remove(s *Sketch) {
	if st.docs == 0 {
		panic("engine: Stats.Remove from empty stats")
	}
	st.docs--
	for _, t := range s.Terms {
		st.df.Sub(t.Hash, 1)
	}
}

// Merge adds the counts of o to st.
func (st *Stats) Merge(o *Stats) {
	st.docs += o.docs
	st.df.AddAll(&o.df)
}

// Reset empties st, keeping its memory.
func (st *Stats) Reset() {
	st.docs = 0
	st.df.Reset()
}

// Docs returns the number of documents counted.
func (st *Stats) Docs() int { return st.docs }

// DF returns the document frequency of the term with hash h.
func (st *Stats) DF(h uint64) int { return int(st.df.Get(h)) }

// Terms returns the number of distinct terms counted.
func (st *Stats) Terms() int { return st.df.Len() }

// Equal reports whether st and o hold the same counts.
func (st *Stats) Equal(o *Stats) bool {
	if st.docs != o.docs || st.df.Len() != o.df.Len() {
		return false
	}
	equal := true
	st.df.Each(func(h uint64, n uint32) {
		if o.df.Get(h) != n {
			equal = false
		}
	})
	return equal
}
