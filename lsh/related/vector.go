package related

import (
	"cmp"
	"math"
	"slices"
)

// K is the number of terms that represent a document.
const K = 40

// Boost multiplies the weight of a name, and of a number.
const Boost = 2

// A Weigher computes term weights for one scanned corpus.
type Weigher struct {
	Docs           int                   // N, documents in the scanned corpus
	DF             func(hash uint64) int // df in the scanned corpus, >= 1 for its terms
	BackgroundDocs int                   // B
	BackgroundDF   func(hash uint64) int // bdf
	rarity         []float64             // Rarity by bdf, once Prepare has run
	specificity    []float64             // Specificity by df, once Prepare has run
}

// maxSpecificityTable bounds the table of corpus factors that Prepare makes.
const maxSpecificityTable = 1 << 16

// Prepare precomputes the background factor for every background frequency,
// and the corpus factor for every corpus frequency (up to 65,536), which
// makes weighing faster; w must not change afterwards.
func (w *Weigher) Prepare() {
	w.rarity = make([]float64, w.BackgroundDocs+1)
	for bdf := range w.rarity {
		w.rarity[bdf] = rarity(w.BackgroundDocs, bdf)
	}
	w.specificity = make([]float64, min(w.Docs, maxSpecificityTable)+1)
	for df := range w.specificity {
		w.specificity[df] = specificity(w.Docs, df)
	}
}

func rarity(b, bdf int) float64 {
	return math.Log((float64(b) + 1) / (float64(bdf) + 0.5))
}

// Rarity returns the background factor of a term's weight:
// ln((B+1)/(bdf+0.5)).
func (w Weigher) Rarity(hash uint64) float64 {
	bdf := w.BackgroundDF(hash)
	if bdf < len(w.rarity) {
		return w.rarity[bdf]
	}
	return rarity(w.BackgroundDocs, bdf)
}

// logTF holds 1 + ln tf for small tf.
var logTF = func() (t [64]float64) {
	for tf := 1; tf < len(t); tf++ {
		t[tf] = 1 + math.Log(float64(tf))
	}
	return t
}()

// Specificity returns the corpus factor of a term's weight,
// ln((N+1)/df)/ln(N+1), between 0 and 1.
func (w Weigher) Specificity(hash uint64) float64 {
	df := max(w.DF(hash), 1)
	if df < len(w.specificity) {
		return w.specificity[df]
	}
	return specificity(w.Docs, df)
}

func specificity(docs, df int) float64 {
	n := float64(docs) + 1
	return math.Log(n/float64(max(df, 1))) / math.Log(n)
}

// Weight returns the weight of a term occurring tf times in a document.
func (w Weigher) Weight(hash uint64, tf int, name, number bool) float64 {
	return Prior(w, hash, tf, name, number) * w.Specificity(hash)
}

// Prior returns the weight of a term without its corpus factor, which is
// known only once the whole corpus has been read. Since that factor is at
// most 1, a document's top terms by weight are found among its top terms by
// Prior, unless terms common in the corpus push rarer ones in.
func Prior(w Weigher, hash uint64, tf int, name, number bool) float64 {
	var x float64
	if tf < len(logTF) {
		x = logTF[tf] * w.Rarity(hash)
	} else {
		x = (1 + math.Log(float64(tf))) * w.Rarity(hash)
	}
	if name {
		x *= Boost
	}
	if number {
		x *= Boost
	}
	return x
}

// An Entry is a weighted term.
type Entry struct {
	Hash   uint64
	Weight float64
	// Context identifies where the term occurs in its document
	// (terms.Term.Context); 0 if unknown.
	Context uint32
}

// A Vector is a document's top terms, sorted by hash, with unit length.
type Vector []Entry

// Heaviest returns the k heaviest entries, heaviest first (ties go to the
// smaller hash). It reorders entries and returns a prefix of them. It selects
// before it sorts, so it costs O(len(entries) + k log k).
func Heaviest(entries []Entry, k int) []Entry {
	k = min(k, len(entries))
	selectHeaviest(entries, k)
	top := entries[:k]
	slices.SortFunc(top, func(a, b Entry) int {
		if heavier(a, b) {
			return -1
		}
		if heavier(b, a) {
			return 1
		}
		return 0
	})
	return top
}

// heavier orders entries by weight, then by hash: a total order, so that the
// selection does not depend on the input order.
func heavier(a, b Entry) bool {
	return a.Weight > b.Weight || a.Weight == b.Weight && a.Hash < b.Hash
}

// selectHeaviest reorders e so that its first k entries are the k heaviest,
// in no particular order (Hoare's quickselect, median-of-three pivots).
func selectHeaviest(e []Entry, k int) {
	lo, hi := 0, len(e)-1
	for lo < hi && k > lo && k <= hi {
		mid := lo + (hi-lo)/2
		if heavier(e[mid], e[lo]) {
			e[mid], e[lo] = e[lo], e[mid]
		}
		if heavier(e[hi], e[lo]) {
			e[hi], e[lo] = e[lo], e[hi]
		}
		if heavier(e[mid], e[hi]) {
			e[mid], e[hi] = e[hi], e[mid]
		}
		pivot := e[hi] // the median of the three
		i := lo
		for j := lo; j < hi; j++ {
			if heavier(e[j], pivot) {
				e[i], e[j] = e[j], e[i]
				i++
			}
		}
		e[i], e[hi] = e[hi], e[i]
		switch {
		case i == k || i == k-1:
			return
		case i < k:
			lo = i + 1
		default:
			hi = i - 1
		}
	}
}

// Top returns the vector of the k heaviest entries (ties go to the smaller
// hash), scaled to unit length and sorted by hash. It reorders entries.
func Top(entries []Entry, k int) Vector {
	v := Vector(slices.Clone(Heaviest(entries, k)))
	v.Scale()
	slices.SortFunc(v, func(a, b Entry) int { return cmp.Compare(a.Hash, b.Hash) })
	return v
}

// Cosine returns the cosine similarity of two vectors.
func Cosine(a, b Vector) float64 { return dot(a, b, true) }

// Score returns the related score of two vectors: their cosine counted over
// the terms they share in different contexts. A term whose context is the
// same in both (both documents hold the passage it occurs in) is evidence of
// a shared passage, which the shingle tiers measure, not of a story told in
// other words; it counts for nothing. Documents built from a common stock of
// sentences (documentation, a site's boilerplate, quoted paragraphs) share
// rare terms that way by the thousand. A context of 0 is unknown: the term
// counts.
func Score(a, b Vector) float64 { return dot(a, b, false) }

// dot returns the dot product of two vectors, at most 1, over the terms they
// share, those of a shared passage included or not.
func dot(a, b Vector, passages bool) float64 {
	s := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].Hash < b[j].Hash:
			i++
		case a[i].Hash > b[j].Hash:
			j++
		default:
			if passages || !samePassage(a[i], b[j]) {
				s += a[i].Weight * b[j].Weight
			}
			i++
			j++
		}
	}
	return min(s, 1)
}

func samePassage(a, b Entry) bool {
	return a.Context != 0 && a.Context == b.Context
}

// A SharedTerm is a term two vectors have in common.
type SharedTerm struct {
	Hash uint64
	// Contribution is the product of the term's two weights: its part of
	// the cosine.
	Contribution float64
	// Passage says that the term has the same context in both: it counts
	// in the cosine but not in Score.
	Passage bool
}

// Shared returns the terms of a and b in common, heaviest contribution
// first.
func Shared(a, b Vector) []SharedTerm {
	var out []SharedTerm
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].Hash < b[j].Hash:
			i++
		case a[i].Hash > b[j].Hash:
			j++
		default:
			out = append(out, SharedTerm{a[i].Hash, a[i].Weight * b[j].Weight, samePassage(a[i], b[j])})
			i++
			j++
		}
	}
	slices.SortFunc(out, func(x, y SharedTerm) int {
		return cmp.Or(cmp.Compare(y.Contribution, x.Contribution), cmp.Compare(x.Hash, y.Hash))
	})
	return out
}

// Scale scales v to unit length, unless it is all zero. The norm is summed
// in v's order.
func (v Vector) Scale() {
	norm := 0.0
	for _, e := range v {
		norm += e.Weight * e.Weight
	}
	if norm = math.Sqrt(norm); norm > 0 {
		for i := range v {
			v[i].Weight /= norm
		}
	}
}
