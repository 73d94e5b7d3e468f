// Package explain says why two documents are, or are not, duplicates or
// related: every score of the pair, the parts of the related score, and the
// passages the two share, with their places in both documents.
package explain

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

// A Doc is a document to explain.
type Doc struct {
	ID   string
	Text []byte
}

// Stats are the term statistics of the corpus the documents belong to: its
// size and each term's document frequency. Without them, the two documents
// are taken as the corpus.
type Stats struct {
	Docs int
	DF   func(hash uint64) int
}

// Explanation is the account of a pair. Its JSON form is what `neardup
// explain --format json` prints.
type Explanation struct {
	A             DocInfo    `json:"a"`
	B             DocInfo    `json:"b"`
	Kind          scan.Kind  `json:"kind,omitempty"` // "" when the pair is none of the kinds
	Similarity    float64    `json:"similarity"`     // exact shingle Jaccard
	Estimate      float64    `json:"estimate"`       // MinHash estimate of it
	ContainmentAB float64    `json:"containment_ab"`
	ContainmentBA float64    `json:"containment_ba"`
	Score         float64    `json:"score"` // related score
	Shared        []Term     `json:"shared_terms"`
	Passages      []Passage  `json:"passages"`
	Params        Thresholds `json:"thresholds"`
}

// DocInfo describes one document of the pair.
type DocInfo struct {
	ID       string `json:"id"`
	Bytes    int    `json:"bytes"`
	Shingles int    `json:"shingles"`
	Terms    int    `json:"terms"`
}

// Thresholds are those the kind was decided by.
type Thresholds struct {
	Near    float64 `json:"near"`
	Related float64 `json:"related"`
}

// A Term is a term both documents have among their top terms: its part of the
// related score, its weights in the two (unit) vectors, and what they come
// from.
type Term struct {
	Term         string  `json:"term"`
	Contribution float64 `json:"contribution"` // WeightA * WeightB
	WeightA      float64 `json:"weight_a"`
	WeightB      float64 `json:"weight_b"`
	TFA          int     `json:"tf_a"`
	TFB          int     `json:"tf_b"`
	Name         bool    `json:"name,omitempty"`
	Number       bool    `json:"number,omitempty"`
	DF           int     `json:"df"`            // in the corpus
	BackgroundDF int     `json:"background_df"` // in the background corpus
}

// A Passage is a run of words the two documents share.
type Passage struct {
	Words int    `json:"words"`
	Text  string `json:"text"` // as it reads in A
	A     Span   `json:"in_a"`
	B     Span   `json:"in_b"`
}

// Span places a passage in a document: its first token's index and its byte
// range in the original text.
type Span struct {
	Token int `json:"token"`
	Start int `json:"start"`
	End   int `json:"end"`
}

// MinPassage is the fewest words a shared passage has, of which at least
// two are not stopwords.
const MinPassage = 4

// MaxPassages is the most passages reported, longest first.
const MaxPassages = 20

// Explain explains the pair a, b under the scan options opt (shingles,
// signer, thresholds) and corpus statistics st (nil: the two documents).
func Explain(a, b Doc, opt scan.Options, st *Stats) Explanation {
	e := Explanation{Params: Thresholds{opt.Threshold, opt.RelatedThreshold}}
	var norm shingle.Normalizer
	sh := shingle.New(opt.Shingle)
	var dd shingle.Deduper
	signer, err := lsh.NewSigner(opt.Signer, opt.Perm, opt.Seed)
	if err != nil {
		panic(err) // options are checked by the caller
	}
	type side struct {
		norm  []byte
		set   []uint64
		sig   lsh.Signature
		terms []terms.Term
		toks  []shingle.Token
	}
	var x terms.Extractor
	load := func(d Doc) side {
		var s side
		s.terms, s.norm = x.Analyze(nil, nil, d.Text)
		s.norm = bytes.Clone(s.norm)
		s.set = dd.Unique(nil, sh.AppendHashes(nil, s.norm))
		s.sig = signer.Sign(nil, s.set)
		s.toks = norm.AppendTokens(nil, d.Text)
		return s
	}
	sa, sb := load(a), load(b)
	e.A = DocInfo{ID: a.ID, Bytes: len(a.Text), Shingles: len(sa.set), Terms: len(sa.terms)}
	e.B = DocInfo{ID: b.ID, Bytes: len(b.Text), Shingles: len(sb.set), Terms: len(sb.terms)}
	sim := lsh.Compare(sa.set, sb.set)
	e.Similarity, e.ContainmentAB, e.ContainmentBA = sim.Jaccard, sim.ContainmentAB, sim.ContainmentBA
	e.Estimate = lsh.Estimate(sa.sig, sb.sig)

	// Related score and its parts.
	if st == nil {
		df := shingle.Counts{}
		for _, t := range sa.terms {
			df.Add(t.Hash, 1)
		}
		for _, t := range sb.terms {
			df.Add(t.Hash, 1)
		}
		st = &Stats{Docs: 2, DF: func(h uint64) int { return int(df.Get(h)) }}
	}
	bg := terms.DefaultBackground()
	w := related.Weigher{Docs: st.Docs, DF: st.DF, BackgroundDocs: bg.Docs, BackgroundDF: bg.DF}
	vector := func(ts []terms.Term) related.Vector {
		entries := make([]related.Entry, len(ts))
		for i, t := range ts {
			entries[i] = related.Entry{Hash: t.Hash, Weight: w.Weight(t.Hash, t.TF, t.Name, t.Number)}
		}
		return related.Top(entries, related.K)
	}
	va, vb := vector(sa.terms), vector(sb.terms)
	e.Score = related.Cosine(va, vb)
	words := map[uint64]string{}
	for _, s := range []side{sa, sb} {
		for _, tk := range s.toks {
			words[xxhash.Sum64String(tk.Text)] = tk.Text
		}
	}
	termOf := func(ts []terms.Term, h uint64) terms.Term {
		for _, t := range ts {
			if t.Hash == h {
				return t
			}
		}
		return terms.Term{}
	}
	weightIn := func(v related.Vector, h uint64) float64 {
		i, _ := slices.BinarySearchFunc(v, h, func(e related.Entry, h uint64) int {
			switch {
			case e.Hash < h:
				return -1
			case e.Hash > h:
				return 1
			}
			return 0
		})
		return v[i].Weight
	}
	for _, s := range related.Shared(va, vb) {
		ta, tb := termOf(sa.terms, s.Hash), termOf(sb.terms, s.Hash)
		e.Shared = append(e.Shared, Term{
			Term: words[s.Hash], Contribution: s.Weight,
			WeightA: weightIn(va, s.Hash), WeightB: weightIn(vb, s.Hash),
			TFA: ta.TF, TFB: tb.TF, Name: ta.Name || tb.Name, Number: ta.Number,
			DF: st.DF(s.Hash), BackgroundDF: bg.DF(s.Hash),
		})
	}

	// Shared passages.
	textsOf := func(toks []shingle.Token) []string {
		out := make([]string, len(toks))
		for i, t := range toks {
			out[i] = t.Text
		}
		return out
	}
	ta, tb := textsOf(sa.toks), textsOf(sb.toks)
	for _, r := range shingle.CommonRuns(ta, tb, MinPassage) {
		content := 0
		for _, t := range ta[r.A : r.A+r.Len] {
			if utf8.RuneCountInString(t) > 1 && !terms.IsStopword(t) {
				content++
			}
		}
		if content < 2 {
			continue
		}
		first, last := sa.toks[r.A], sa.toks[r.A+r.Len-1]
		e.Passages = append(e.Passages, Passage{
			Words: r.Len,
			Text:  string(a.Text[first.Start:last.End]),
			A:     Span{Token: r.A, Start: first.Start, End: last.End},
			B:     Span{Token: r.B, Start: sb.toks[r.B].Start, End: sb.toks[r.B+r.Len-1].End},
		})
		if len(e.Passages) == MaxPassages {
			break
		}
	}

	switch {
	case bytes.Equal(sa.norm, sb.norm):
		e.Kind = scan.Exact
	case e.Similarity >= opt.Threshold:
		e.Kind = scan.Near
	case e.Score >= opt.RelatedThreshold:
		e.Kind = scan.Related
	}
	return e
}
