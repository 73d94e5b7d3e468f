// Package explain says why two documents are, or are not, duplicates or
// related: every score of the pair, the parts of the related score, and the
// passages the two share, with their places in both documents.
package explain

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

// A Doc is a document to explain.
type Doc struct {
	ID   string
	Text []byte
}

// Explanation is the account of a pair. Its JSON form is what `neardup
// explain --format json` prints.
type Explanation struct {
	A             DocInfo     `json:"a"`
	B             DocInfo     `json:"b"`
	Kind          engine.Kind `json:"kind,omitempty"` // "" when the pair is none of the kinds
	Similarity    float64     `json:"similarity"`     // exact shingle Jaccard
	Estimate      float64     `json:"estimate"`       // MinHash estimate of it
	ContainmentAB float64     `json:"containment_ab"`
	ContainmentBA float64     `json:"containment_ba"`
	Score         float64     `json:"score"`  // related score: shared terms outside shared passages
	Cosine        float64     `json:"cosine"` // cosine of the related vectors, shared passages included
	Shared        []Term      `json:"shared_terms"`
	Passages      []Passage   `json:"passages"`
	Params        Thresholds  `json:"thresholds"`
}

// DocInfo describes one document of the pair.
type DocInfo struct {
	ID       string `json:"id"`
	Bytes    int    `json:"bytes"`
	Shingles int    `json:"shingles"`
	Terms    int    `json:"terms"`
	// Story is the story the document is in among the documents it was
	// explained with (--in), and its headline; empty if none.
	Story         string `json:"story,omitempty"`
	StoryHeadline string `json:"story_headline,omitempty"`
}

// NameStories sets the stories of A and B from r, a scan of the documents
// they belong to.
func (e *Explanation) NameStories(r *scan.Result) {
	for _, d := range []*DocInfo{&e.A, &e.B} {
		for _, st := range r.Stories {
			if slices.Contains(st.Members, d.ID) {
				d.Story, d.StoryHeadline = st.ID, st.Headline
			}
		}
	}
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
	// Passage says that the term occurs in a passage both documents hold
	// (the same context in both): it counts in the cosine, not in the
	// related score.
	Passage bool `json:"passage,omitempty"`
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
// signer, kinds and thresholds) with the corpus statistics st, the
// statistics of the corpus a and b belong to (nil: the two documents alone).
// The kind and scores are the engine's, as a scan computes them: a pair that
// a scan reports has the same kind and scores here, given the scan's
// statistics. The related score is computed even when related pairs are not
// searched. It fails only on unusable options.
func Explain(a, b Doc, opt scan.Options, st *engine.Stats) (Explanation, error) {
	x, err := NewExplainer(opt, st)
	if err != nil {
		return Explanation{}, err
	}
	return x.Explain(a, b)
}

// An Explainer explains pairs of documents of one corpus, as Explain does,
// reading each document once: it keeps what it computed of each, by id.
// It is for one goroutine.
type Explainer struct {
	opt   scan.Options
	st    *engine.Stats
	k     *engine.Kernel
	x     terms.Extractor
	norm  shingle.Normalizer
	sides map[string]*side
	// classify decides kinds, score scores related pairs (also when they
	// are not searched): made once with the corpus's statistics.
	classify, score *engine.Classifier
}

// classifiers returns the classifiers of a pair under the statistics st:
// the explainer's own when st is its corpus's.
func (x *Explainer) classifiers(st *engine.Stats) (classify, score *engine.Classifier) {
	if st == x.st && x.classify != nil {
		return x.classify, x.score
	}
	rules := x.opt.Rules()
	classify, score = engine.NewClassifier(rules, st), nil
	if rules.Kinds.Has(engine.Related) {
		score = classify
	} else {
		rules.Kinds |= engine.KindsOf(engine.Related)
		score = engine.NewClassifier(rules, st)
	}
	if st == x.st {
		x.classify, x.score = classify, score
	}
	return classify, score
}

// side is what an Explainer computed of one document.
type side struct {
	doc   Doc
	sk    engine.Sketch
	set   []uint64
	norm  []byte
	terms int
	toks  []shingle.Token
	words map[uint64]string // its tokens by hash
}

// NewExplainer returns an Explainer under the scan options opt with the
// corpus statistics st (nil: each pair's two documents alone).
func NewExplainer(opt scan.Options, st *engine.Stats) (*Explainer, error) {
	cfg := opt.Config()
	cfg.Terms = true
	k, err := engine.NewKernel(cfg)
	if err != nil {
		return nil, err
	}
	return &Explainer{opt: opt, st: st, k: k, sides: map[string]*side{}}, nil
}

// load returns what the explainer computed of d, computing it the first
// time it sees d's id.
func (x *Explainer) load(d Doc) (*side, error) {
	if s, ok := x.sides[d.ID]; ok && bytes.Equal(s.doc.Text, d.Text) {
		return s, nil
	}
	s := &side{doc: d}
	an, err := x.k.Sketch(&s.sk, d.Text)
	if err != nil && !errors.Is(err, engine.ErrNoWords) {
		return nil, err
	}
	s.sk.Terms = slices.Clone(s.sk.Terms)
	s.sk.Signature = slices.Clone(s.sk.Signature)
	s.set, s.norm = slices.Clone(an.Set), bytes.Clone(an.Normalized)
	if s.set == nil {
		s.set = []uint64{}
	}
	s.terms = len(x.x.Extract(nil, d.Text))
	s.toks = x.norm.AppendTokens(nil, d.Text)
	s.words = map[uint64]string{}
	for _, tk := range s.toks {
		s.words[xxhash.Sum64String(tk.Text)] = tk.Text
	}
	x.sides[d.ID] = s
	return s, nil
}

// Explain explains the pair a, b.
func (x *Explainer) Explain(a, b Doc) (Explanation, error) {
	e, sa, sb, err := x.scores(a, b)
	if err != nil {
		return e, err
	}
	e.Passages = passages(a, sa, sb)
	return e, nil
}

// Scores explains the pair a, b but for its shared passages, which cost
// the most to find.
func (x *Explainer) Scores(a, b Doc) (Explanation, error) {
	e, _, _, err := x.scores(a, b)
	return e, err
}

// scores explains the pair a, b but for its shared passages; it returns
// what it computed of the two documents.
func (x *Explainer) scores(a, b Doc) (Explanation, *side, *side, error) {
	opt := x.opt
	e := Explanation{Params: Thresholds{opt.Threshold, opt.RelatedThreshold}}
	sa, err := x.load(a)
	if err != nil {
		return e, nil, nil, err
	}
	sb, err := x.load(b)
	if err != nil {
		return e, nil, nil, err
	}
	e.A = DocInfo{ID: a.ID, Bytes: len(a.Text), Shingles: len(sa.set), Terms: sa.terms}
	e.B = DocInfo{ID: b.ID, Bytes: len(b.Text), Shingles: len(sb.set), Terms: sb.terms}
	st := x.st
	if st == nil {
		st = &engine.Stats{}
		st.Add(&sa.sk)
		st.Add(&sb.sk)
	}
	c, scorer := x.classifiers(st)
	v := c.Classify(engine.Side{Sketch: &sa.sk, Set: sa.set, Normalized: sa.norm}, engine.Side{Sketch: &sb.sk, Set: sb.set, Normalized: sb.norm})
	e.Kind = v.Kind
	e.Similarity, e.ContainmentAB, e.ContainmentBA = v.Similarity.Jaccard, v.Similarity.ContainmentAB, v.Similarity.ContainmentBA
	e.Estimate = v.Estimate

	// The related score and its parts, also when related pairs are not
	// searched.
	c = scorer
	va, vb := c.Vector(&sa.sk), c.Vector(&sb.sk)
	e.Score, e.Cosine = related.Score(va, vb), related.Cosine(va, vb)
	e.Params.Related = c.RelatedThreshold()
	word := func(h uint64) string {
		if w, ok := sa.words[h]; ok {
			return w
		}
		return sb.words[h]
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
		i, _ := slices.BinarySearchFunc(v, h, func(e related.Entry, h uint64) int { return cmp.Compare(e.Hash, h) })
		return v[i].Weight
	}
	bg := terms.DefaultBackground()
	for _, s := range related.Shared(va, vb) {
		ta, tb := termOf(sa.sk.Terms, s.Hash), termOf(sb.sk.Terms, s.Hash)
		e.Shared = append(e.Shared, Term{
			Term: word(s.Hash), Contribution: s.Contribution, Passage: s.Passage,
			WeightA: weightIn(va, s.Hash), WeightB: weightIn(vb, s.Hash),
			TFA: ta.TF, TFB: tb.TF, Name: ta.Name || tb.Name, Number: ta.Number,
			DF: st.DF(s.Hash), BackgroundDF: bg.DF(s.Hash),
		})
	}
	return e, sa, sb, nil
}

// passages returns the passages documents a and b share, longest first, at
// most MaxPassages.
func passages(a Doc, sa, sb *side) []Passage {
	var out []Passage
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
		out = append(out, Passage{
			Words: r.Len,
			Text:  string(a.Text[first.Start:last.End]),
			A:     Span{Token: r.A, Start: first.Start, End: last.End},
			B:     Span{Token: r.B, Start: sb.toks[r.B].Start, End: sb.toks[r.B+r.Len-1].End},
		})
		if len(out) == MaxPassages {
			break
		}
	}
	return out
}
