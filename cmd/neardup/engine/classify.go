package engine

import (
	"bytes"
	"math"

	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle/terms"
)

// DefaultThreshold is the default exact Jaccard at or above which two
// documents are near duplicates; README.md records the measurement behind it.
const DefaultThreshold = 0.7

// DefaultRelatedThreshold is the default Rules.RelatedThreshold: 0, the
// threshold that the corpus's size calls for (RelatedThresholdFor).
const DefaultRelatedThreshold = 0

// The related threshold that a corpus's size calls for. Related means more
// shared than chance: among more pairs, more pairs share distinctive terms
// by chance, so the score needed rises with the number of pairs compared:
// by RelatedPerDecade for each tenfold more pairs, from RelatedFloor.
// README.md records the measurements behind both: RelatedPerDecade holds the
// 22,000-document sentence-pool null corpora to at most a pair or two that
// are not planted copies; at the 772 documents of ECB+ it gives 0.296, where
// story F1 is 0.905; RelatedFloor keeps a handful of documents on one
// subject from being related by their common names.
const (
	RelatedFloor     = 0.15
	RelatedPerDecade = 0.054
)

// OverlapContainment is the share of one document's shingles found in the
// other at or above which two documents overlap: a pair that is not a near
// duplicate but of which one holds at least half of the other is related,
// whatever its related score. Its terms are mostly in the passages the two
// share, which the related score leaves out.
const OverlapContainment = 0.5

// RelatedThresholdFor returns the related threshold for a corpus of docs
// documents: RelatedPerDecade times log10 of its number of pairs, at least
// RelatedFloor.
func RelatedThresholdFor(docs int) float64 {
	pairs := float64(docs) * float64(docs-1) / 2
	if pairs <= 1 {
		return RelatedFloor
	}
	return max(RelatedFloor, RelatedPerDecade*math.Log10(pairs))
}

// Rules decide the kind of a pair.
type Rules struct {
	Kinds Kinds // the kinds searched; a pair of another kind is no finding
	// Threshold: near duplicates have an exact shingle Jaccard at or above
	// it.
	Threshold float64
	// RelatedThreshold: related documents have a related score at or above
	// it; 0 means the threshold the corpus's size calls for
	// (RelatedThresholdFor).
	RelatedThreshold float64
}

// DefaultRules returns the rules a scan uses when given no flags.
func DefaultRules() Rules {
	return Rules{Kinds: All, Threshold: DefaultThreshold, RelatedThreshold: DefaultRelatedThreshold}
}

// Validate returns a *FieldError if r cannot be used.
func (r Rules) Validate() error {
	if r.Kinds.Empty() {
		return &FieldError{"Kinds", r.Kinds, "no kinds to search"}
	}
	if !(r.Threshold > 0 && r.Threshold < 1) {
		return &FieldError{"Threshold", r.Threshold, "out of range (0,1)"}
	}
	if !(r.RelatedThreshold >= 0 && r.RelatedThreshold <= 1) {
		return &FieldError{"RelatedThreshold", r.RelatedThreshold, "out of range [0,1] (0: chosen by the corpus's size)"}
	}
	return nil
}

// Banding returns the banding of a perm-value signature for the near
// threshold: the bands and rows that minimize the weighted areas of false
// positives and false negatives (lsh.Optimal).
func (r Rules) Banding(perm int) (lsh.Params, error) {
	return lsh.Optimal(r.Threshold, perm, lsh.WeightFalsePositive, lsh.WeightFalseNegative)
}

// A Classifier decides the kind of pairs of sketched documents under Rules
// and, for the related score, the corpus statistics it was made with. It is
// the one place where the exact/near/related decision is made. It reuses
// buffers between calls: not safe for concurrent use.
type Classifier struct {
	rules   Rules
	related float64 // the related threshold in force
	weigh   related.Weigher
	cmp     lsh.Comparer
	entries []related.Entry
}

// Corpus is what the related score reads of corpus statistics: the number of
// documents and each term's document frequency. *Stats is one; an index
// reads them from disk.
type Corpus interface {
	Docs() int
	DF(hash uint64) int
}

// NewClassifier returns a classifier for rules r. Related scores weigh terms
// by the corpus statistics st, which the classifier reads and must not change
// while it is in use; st may be nil when r does not search related pairs.
func NewClassifier(r Rules, st Corpus) *Classifier {
	c := &Classifier{rules: r}
	if r.Kinds.Has(Related) {
		if st == nil || isNilStats(st) {
			panic("engine: related pairs need corpus statistics")
		}
		bg := terms.DefaultBackground()
		c.weigh = related.Weigher{Docs: st.Docs(), DF: st.DF, BackgroundDocs: bg.Docs, BackgroundDF: bg.DF}
		c.weigh.Prepare()
		c.related = r.RelatedThreshold
		if c.related == 0 {
			c.related = RelatedThresholdFor(st.Docs())
		}
	}
	return c
}

// isNilStats reports whether st is a nil *Stats.
func isNilStats(st Corpus) bool {
	s, ok := st.(*Stats)
	return ok && s == nil
}

// With returns a classifier of c's rules that reads the corpus statistics
// st, which must count as many documents as c's: it shares c's prepared
// tables, which makes it cheap. It is for a reader that sees the same
// corpus through another handle (a transaction of an index).
func (c *Classifier) With(st Corpus) *Classifier {
	d := &Classifier{rules: c.rules, related: c.related, weigh: c.weigh}
	if c.rules.Kinds.Has(Related) {
		if st.Docs() != c.weigh.Docs {
			panic("engine: Classifier.With statistics of another corpus")
		}
		d.weigh.DF = st.DF
	}
	return d
}

// Rules returns the classifier's rules.
func (c *Classifier) Rules() Rules { return c.rules }

// RelatedThreshold returns the related threshold in force: the rules', or the
// one the corpus's size calls for.
func (c *Classifier) RelatedThreshold() float64 { return c.related }

// Weigher returns the term weigher of related scores.
func (c *Classifier) Weigher() related.Weigher { return c.weigh }

// Vector returns the related vector of a sketch: of its terms, the related.K
// with the largest weight under the corpus statistics, as a unit vector. The
// vector is new memory, the caller's to keep.
func (c *Classifier) Vector(s *Sketch) related.Vector {
	c.entries = c.entries[:0]
	for _, t := range s.Terms {
		c.entries = append(c.entries, related.Entry{Hash: t.Hash, Weight: c.weigh.Weight(t.Hash, t.TF, t.Name, t.Number), Context: t.Context})
	}
	return related.Top(c.entries, related.K)
}

// A Side is one document of a pair to classify.
type Side struct {
	Sketch *Sketch
	// Set is the document's shingle set (distinct hashes, in any order),
	// or nil. Near duplicates are decided only when both sides have one.
	Set []uint64
	// Vector is the document's related vector (Classifier.Vector), or nil
	// to have Classify compute it.
	Vector related.Vector
	// Normalized is the document's normalized text, or nil. When both
	// sides have it, exact duplicates are decided by comparing it instead
	// of its 64-bit hash.
	Normalized []byte
}

// A Verdict is the classification of a pair.
type Verdict struct {
	// Kind is the pair's kind, or "" if it has none of the searched kinds.
	// A pair has one kind, the strongest it qualifies for among those
	// searched: exact if the normalized texts are identical (such a pair is
	// nothing else: when exact is not searched, its kind is ""), else near
	// if the sets were compared and their Jaccard reaches the threshold,
	// else related if the score reaches its threshold or the documents
	// overlap (Overlaps).
	Kind Kind
	// Similarity holds the exact shingle Jaccard and containments: measured
	// when both sides have sets (Compared), 1 for exact duplicates.
	Similarity lsh.Similarity
	Compared   bool
	// Estimate is the MinHash estimate of the Jaccard, when both sketches
	// have signatures (1 for exact duplicates).
	Estimate float64
	// Score is the related score, when related pairs are searched: the
	// cosine of the related vectors over the terms shared outside shared
	// passages (related.Score).
	Score float64
	// Cosine is the cosine of the related vectors, shared passages
	// included: how alike the documents' subjects are, which groups them
	// into stories.
	Cosine float64
}

// Overlaps reports whether the shingle sets were compared and one document
// holds at least OverlapContainment of the other's shingles.
func (v Verdict) Overlaps() bool {
	return v.Compared && max(v.Similarity.ContainmentAB, v.Similarity.ContainmentBA) >= OverlapContainment
}

// Classify decides the kind of the pair a, b. It panics if their sketches
// were made with different configurations.
func (c *Classifier) Classify(a, b Side) Verdict {
	if a.Sketch.Config != b.Sketch.Config {
		panic("engine: sketches of different configurations")
	}
	var v Verdict
	exact := a.Sketch.Hash == b.Sketch.Hash && a.Sketch.Shingles == b.Sketch.Shingles
	if a.Normalized != nil && b.Normalized != nil {
		exact = bytes.Equal(a.Normalized, b.Normalized)
	}
	if a.Set != nil && b.Set != nil {
		v.Similarity, v.Compared = c.cmp.Compare(a.Set, b.Set), true
		exact = exact && v.Similarity.Jaccard == 1
	}
	switch {
	case exact:
		v.Similarity, v.Estimate = lsh.Similarity{Jaccard: 1, ContainmentAB: 1, ContainmentBA: 1}, 1
	case len(a.Sketch.Signature) > 0 && len(b.Sketch.Signature) > 0:
		v.Estimate = lsh.Estimate(a.Sketch.Signature, b.Sketch.Signature)
	}
	if c.rules.Kinds.Has(Related) {
		va, vb := a.Vector, b.Vector
		if va == nil {
			va = c.Vector(a.Sketch)
		}
		if vb == nil {
			vb = c.Vector(b.Sketch)
		}
		v.Score, v.Cosine = related.Score(va, vb), related.Cosine(va, vb)
	}
	ks := c.rules.Kinds
	switch {
	case exact:
		if ks.Has(Exact) {
			v.Kind = Exact
		}
	case ks.Has(Near) && v.Compared && v.Similarity.Jaccard >= c.rules.Threshold:
		v.Kind = Near
	case ks.Has(Related) && (v.Score >= c.related && v.Score > 0 || v.Overlaps()):
		v.Kind = Related
	}
	return v
}
