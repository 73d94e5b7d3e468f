package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh/related"
	bolt "go.etcd.io/bbolt"
)

func workers() int { return runtime.GOMAXPROCS(0) }

// A Match is a verified pair of a queried document, A, with an indexed
// document or another queried one, B.
type Match struct {
	A, B    string
	Indexed bool // B is an indexed document
	Verdict engine.Verdict
}

// Pair returns the match as a scan reports pairs: ordered by id, rounded.
// Its similarity, estimate and containments are reported for exact and near
// pairs and for related pairs that overlap.
func (m Match) Pair() scan.Pair {
	return scan.PairOf(m.A, m.B, m.Verdict, m.Verdict.Kind != engine.Related || m.Verdict.Overlaps())
}

// txCorpus reads the corpus statistics of a read transaction.
type txCorpus struct {
	docs int
	df   *bolt.Bucket
}

func (c txCorpus) Docs() int { return c.docs }

func (c txCorpus) DF(h uint64) int {
	v := c.df.Get(termOnly(h))
	if v == nil {
		return 0
	}
	n, _ := binary.Uvarint(v)
	return int(n)
}

// queryCorpus is the corpus of a query: the indexed documents and the
// queried ones, as a scan of both would count them.
type queryCorpus struct {
	index txCorpus
	batch *engine.Stats
}

func (c queryCorpus) Docs() int       { return c.index.docs + c.batch.Docs() }
func (c queryCorpus) DF(h uint64) int { return c.index.DF(h) + c.batch.DF(h) }

// fixedCorpus is a corpus of docs documents with no terms: what a classifier
// is prepared with before a transaction gives it its statistics.
type fixedCorpus int

func (c fixedCorpus) Docs() int     { return int(c) }
func (fixedCorpus) DF(h uint64) int { return 0 }

// classifier returns a classifier of the index's rules reading the
// statistics c: prepared once per number of documents.
func (x *Index) classifier(c engine.Corpus) *engine.Classifier {
	x.mu.Lock()
	if x.base == nil || x.baseFor != c.Docs() {
		x.base, x.baseFor = engine.NewClassifier(x.opt.Rules(), fixedCorpus(c.Docs())), c.Docs()
	}
	base := x.base
	x.mu.Unlock()
	return base.With(c)
}

// Query classifies docs against the indexed documents and against each
// other, and returns the pairs of the kinds asked for, sorted by A then B;
// it adds nothing. Candidates are found as a scan finds them: near
// candidates share a band key; related candidates share at least two of a
// queried document's heaviest candidate terms (related.IndexTerms, held by
// at most MaxPosting documents). Every candidate is verified from the two
// sketches and the two shingle sets. Related scores weigh terms by the
// statistics of the indexed and the queried documents together, as a scan of
// both would.
func (x *Index) Query(docs []Doc, kinds engine.Kinds) ([]Match, error) {
	return x.query(docs, kinds, true)
}

// QueryIndexed is Query without the pairs among the queried documents.
func (x *Index) QueryIndexed(docs []Doc, kinds engine.Kinds) ([]Match, error) {
	return x.query(docs, kinds, false)
}

func (x *Index) query(docs []Doc, kinds engine.Kinds, among bool) ([]Match, error) {
	if err := x.Post(); err != nil {
		return nil, err
	}
	sk, err := x.sketchAll(docs, false)
	if err != nil {
		return nil, err
	}
	var out []Match
	var batch engine.Stats
	for i := range sk {
		if !sk[i].noWord {
			batch.Add(&sk[i].sketch)
		}
	}
	err = x.db.View(func(tx *bolt.Tx) error {
		c := queryCorpus{index: txCorpus{docs: int(binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyDocs))), df: tx.Bucket(bucketDF)}, batch: &batch}
		if c.Docs() == 0 {
			return nil
		}
		cl := x.classifier(c)
		q := querier{x: x, tx: tx, corpus: c, cl: cl, kinds: kinds}
		for i := range sk {
			if sk[i].noWord {
				continue
			}
			ms, err := q.indexed(&sk[i])
			if err != nil {
				return err
			}
			out = append(out, ms...)
		}
		if among {
			out = append(out, q.among(sk)...)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b Match) int {
		if a.A != b.A {
			if a.A < b.A {
				return -1
			}
			return 1
		}
		if a.B < b.B {
			return -1
		}
		if a.B > b.B {
			return 1
		}
		return 0
	})
	return out, err
}

type querier struct {
	x      *Index
	tx     *bolt.Tx
	corpus queryCorpus
	cl     *engine.Classifier
	kinds  engine.Kinds
	rec    record
	text   []byte
}

// relatedTerms returns the terms of a queried sketch that find its related
// candidates: its heaviest candidate terms that another document holds, and
// at most MaxPosting do (counting it), related.IndexTerms of them.
func (q *querier) relatedTerms(s *engine.Sketch) []uint64 {
	w := q.cl.Weigher()
	var entries []related.Entry
	for _, t := range s.Terms {
		if n := q.corpus.DF(t.Hash); n >= 2 && n <= q.x.params.MaxPosting {
			entries = append(entries, related.Entry{Hash: t.Hash, Weight: w.Weight(t.Hash, t.TF, t.Name, t.Number)})
		}
	}
	var out []uint64
	for _, e := range related.Heaviest(entries, related.IndexTerms) {
		out = append(out, e.Hash)
	}
	return out
}

// indexed returns the matches of s with the indexed documents.
func (q *querier) indexed(s *sketched) ([]Match, error) {
	cands := map[uint32]int{} // number -> related terms shared
	near := map[uint32]bool{}
	bands := q.tx.Bucket(bucketBands).Cursor()
	var prefix []byte
	for b, key := range s.keys {
		prefix = bandEntry{uint8(b), key, 0}.bytes(prefix)[:5]
		for k, _ := bands.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = bands.Next() {
			near[binary.BigEndian.Uint32(k[5:])] = true
		}
	}
	if q.kinds.Has(engine.Related) {
		terms := q.tx.Bucket(bucketTerms).Cursor()
		for _, t := range q.relatedTerms(&s.sketch) {
			prefix = termOnly(t)
			for k, _ := terms.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = terms.Next() {
				cands[binary.BigEndian.Uint32(k[8:])]++
			}
		}
	}
	nums := make([]uint32, 0, len(near)+len(cands))
	for n := range near {
		nums = append(nums, n)
	}
	for n, shared := range cands {
		if shared >= related.MinShared && !near[n] {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	var out []Match
	recs := q.tx.Bucket(bucketRecords)
	k := q.x.kernels.Get().(*engine.Kernel)
	defer q.x.kernels.Put(k)
	for _, n := range nums {
		v := recs.Get(numKey(n))
		if v == nil {
			continue // removed since its keys were read: not in this snapshot
		}
		if err := decodeRecord(v, &q.rec); err != nil {
			return nil, err
		}
		if q.rec.id == s.id {
			continue // the same id: a query of an indexed document
		}
		// Its sketch with its signature, shingle set and normalized
		// text, from its text, as a scan computes them.
		var err error
		if q.text, err = q.rec.decompress(q.text); err != nil {
			return nil, fmt.Errorf("%s: its text: %w", q.rec.id, err)
		}
		var sk engine.Sketch
		an, err := k.Sketch(&sk, q.text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.rec.id, err)
		}
		verdict := q.cl.Classify(engine.Side{Sketch: &s.sketch, Set: s.set, Normalized: s.norm},
			engine.Side{Sketch: &sk, Set: an.Set, Normalized: an.Normalized})
		if verdict.Kind != "" && q.kinds.Has(verdict.Kind) {
			out = append(out, Match{A: s.id, B: q.rec.id, Indexed: true, Verdict: verdict})
		}
	}
	return out, nil
}

// among returns the matches among the queried documents, found as a scan of
// them would.
func (q *querier) among(sk []sketched) []Match {
	if len(sk) < 2 {
		return nil
	}
	type pair struct{ a, b int }
	cand := map[pair]bool{}
	byKey := map[[2]uint32][]int{}
	for i := range sk {
		for b, k := range sk[i].keys {
			byKey[[2]uint32{uint32(b), k}] = append(byKey[[2]uint32{uint32(b), k}], i)
		}
	}
	for _, ds := range byKey {
		for x, a := range ds {
			for _, b := range ds[x+1:] {
				cand[pair{a, b}] = true
			}
		}
	}
	if q.kinds.Has(engine.Related) {
		posting := map[uint64][]int{}
		for i := range sk {
			if sk[i].noWord {
				continue
			}
			for _, t := range q.relatedTerms(&sk[i].sketch) {
				posting[t] = append(posting[t], i)
			}
		}
		shared := map[pair]int{}
		for _, ds := range posting {
			for x, a := range ds {
				for _, b := range ds[x+1:] {
					shared[pair{a, b}]++
				}
			}
		}
		for p, n := range shared {
			if n >= related.MinShared {
				cand[p] = true
			}
		}
	}
	ps := make([]pair, 0, len(cand))
	for p := range cand {
		if !sk[p.a].noWord && !sk[p.b].noWord && sk[p.a].id != sk[p.b].id {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(x, y pair) int {
		if x.a != y.a {
			return x.a - y.a
		}
		return x.b - y.b
	})
	var out []Match
	for _, p := range ps {
		a, b := &sk[p.a], &sk[p.b]
		v := q.cl.Classify(engine.Side{Sketch: &a.sketch, Set: a.set, Normalized: a.norm}, engine.Side{Sketch: &b.sketch, Set: b.set, Normalized: b.norm})
		if v.Kind != "" && q.kinds.Has(v.Kind) {
			out = append(out, Match{A: a.id, B: b.id, Verdict: v})
		}
	}
	return out
}
