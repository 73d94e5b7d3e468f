package report

import (
	_ "embed"
	"html/template"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/explain"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/shingle"
)

// Sources is what the HTML report reads beyond the result.
type Sources struct {
	// Text gives a scanned document's text by id; nil leaves texts and
	// titles out.
	Text func(id string) ([]byte, error)
	// Explain accounts for pairs of scanned documents as `neardup
	// explain` does, with the scan's options and statistics; nil leaves
	// out why related pairs are related.
	Explain *explain.Explainer
	// Command is the command line, up to the two ids, that explains a pair
	// of this scan (neardup explain --in PATH...); the page shows it for
	// pairs whose texts it leaves out.
	Command string
}

// HTMLTextBudget bounds the bytes of document text the HTML report
// carries. Texts go first to the pairs of removal clusters, then to the
// other exact and near pairs, then to the related pairs within stories, then
// to the other related pairs, both texts of a pair or neither; pairs left
// out show the command that explains them.
const HTMLTextBudget = 4 << 20

// HTMLTextBytes caps the text of one document in the HTML report.
const HTMLTextBytes = 100 << 10

// HTMLTitleRunes caps a document's title in the HTML report.
const HTMLTitleRunes = 100

// HTMLWhyTerms is the most shared terms shown for a related pair.
const HTMLWhyTerms = 12

//go:embed html.tmpl
var htmlPage string

//go:embed html.js
var htmlScript string

var htmlTemplate = template.Must(template.New("report").Parse(htmlPage))

// page is the data of the HTML report, embedded in it as JSON. Documents
// are those that pairs, clusters and stories name, referred to by index.
type page struct {
	Summary  scan.Summary     `json:"summary"`
	Params   scan.Params      `json:"params"`
	Command  string           `json:"command"`
	Docs     []pageDoc        `json:"docs"`
	Pairs    []pagePair       `json:"pairs"`
	Clusters []pageCluster    `json:"clusters"`
	Stories  []pageStory      `json:"stories"`
	Skipped  []corpus.Skipped `json:"skipped"`
}

type pageDoc struct {
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Bytes     int64  `json:"bytes"`
	Story     int    `json:"story"` // index into stories, -1 for none
	HasText   bool   `json:"has_text,omitempty"`
	Text      string `json:"text,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
}

type pagePair struct {
	Kind          engine.Kind `json:"kind"`
	A             int         `json:"a"` // index into docs
	B             int         `json:"b"`
	Similarity    float64     `json:"similarity,omitempty"`
	Estimate      float64     `json:"estimate,omitempty"`
	ContainmentAB float64     `json:"containment_ab,omitempty"`
	ContainmentBA float64     `json:"containment_ba,omitempty"`
	Compared      bool        `json:"compared,omitempty"`
	Score         float64     `json:"score,omitempty"`
	// Marks are shared passages: UTF-16 offsets [aStart, aEnd, bStart,
	// bEnd] into the two texts, when they are included.
	Marks [][4]int `json:"marks,omitempty"`
	// Why lists the shared terms of a related pair whose texts are
	// included, heaviest first, as explain gives them.
	Why    []whyTerm `json:"why,omitempty"`
	Cosine float64   `json:"cosine,omitempty"`
}

type whyTerm struct {
	Term         string  `json:"term"`
	Contribution float64 `json:"c"`
	WeightA      float64 `json:"wa"`
	WeightB      float64 `json:"wb"`
	Name         bool    `json:"name,omitempty"`
	Number       bool    `json:"number,omitempty"`
	Passage      bool    `json:"passage,omitempty"`
}

type pageCluster struct {
	Kind      engine.Kind   `json:"kind"`
	Keep      int           `json:"keep"`
	Removed   []pageRemoved `json:"removed"`
	KeptApart []pageApart   `json:"kept_apart,omitempty"`
}

type pageRemoved struct {
	Doc        int         `json:"doc"`
	Kind       engine.Kind `json:"kind"`
	Similarity float64     `json:"similarity"`
	Pair       int         `json:"pair"` // index into pairs, -1 if not listed
}

type pageApart struct {
	Doc        int         `json:"doc"`
	Via        int         `json:"via"`
	Kind       engine.Kind `json:"kind"`
	Similarity float64     `json:"similarity"`
}

type pageStory struct {
	ID       string   `json:"id"`
	Headline string   `json:"headline"`
	Terms    []string `json:"terms"`
	Cohesion float64  `json:"cohesion"`
	Members  []int    `json:"members"`
	Pairs    []int    `json:"pairs"` // the pairs between members
}

// WriteHTML writes r as one self-contained HTML page, story first: a summary;
// the removal clusters, each with the document it keeps and those it
// removes; the stories, with their headlines and names; and every pair, with
// filters and sorting. A pair opens side by side with its shared passages
// marked and, for a related pair, the shared terms that make it related.
// Document text is untrusted: it goes into the page only as JSON, which
// html/template escapes, and the page's script puts it in the document as
// text nodes. src may be nil.
func WriteHTML(w io.Writer, r *scan.Result, src *Sources) error {
	if src == nil {
		src = &Sources{}
	}
	p := page{Summary: r.Summary, Params: r.Params, Command: src.Command, Skipped: r.Skipped,
		Docs: []pageDoc{}, Pairs: []pagePair{}, Clusters: []pageCluster{}, Stories: []pageStory{}}
	if p.Skipped == nil {
		p.Skipped = []corpus.Skipped{}
	}

	// The documents the page names, in the result's order (by id).
	byID := map[string]int{}
	for i, d := range r.Documents {
		byID[d.ID] = i
	}
	named := make([]bool, len(r.Documents))
	name := func(id string) {
		if i, ok := byID[id]; ok {
			named[i] = true
		}
	}
	for _, pr := range r.Pairs {
		name(pr.A)
		name(pr.B)
	}
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			name(m)
		}
		for _, k := range c.KeptApart {
			name(k.ID)
		}
	}
	storyOf := map[string]int{}
	for si, st := range r.Stories {
		for _, m := range st.Members {
			name(m)
			storyOf[m] = si
		}
	}
	index := map[string]int{} // id -> index into p.Docs
	for i, d := range r.Documents {
		if !named[i] {
			continue
		}
		index[d.ID] = len(p.Docs)
		st, ok := storyOf[d.ID]
		if !ok {
			st = -1
		}
		p.Docs = append(p.Docs, pageDoc{ID: d.ID, Bytes: d.Bytes, Story: st})
	}
	docOf := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		return -1
	}

	pairAt := map[[2]int]int{}
	for i, pr := range r.Pairs {
		a, b := docOf(pr.A), docOf(pr.B)
		p.Pairs = append(p.Pairs, pagePair{
			Kind: pr.Kind, A: a, B: b, Similarity: pr.Similarity, Estimate: pr.Estimate,
			ContainmentAB: pr.ContainmentAB, ContainmentBA: pr.ContainmentBA, Compared: pr.Compared, Score: pr.Score,
		})
		pairAt[[2]int{a, b}], pairAt[[2]int{b, a}] = i, i
	}
	pairOf := func(a, b int) int {
		if i, ok := pairAt[[2]int{a, b}]; ok {
			return i
		}
		return -1
	}
	for _, c := range r.Clusters {
		pc := pageCluster{Kind: c.Kind, Keep: docOf(c.Keep), Removed: []pageRemoved{}}
		for _, m := range c.Removed {
			d := docOf(m.ID)
			pc.Removed = append(pc.Removed, pageRemoved{Doc: d, Kind: m.Kind, Similarity: m.Similarity, Pair: pairOf(pc.Keep, d)})
		}
		for _, k := range c.KeptApart {
			pc.KeptApart = append(pc.KeptApart, pageApart{Doc: docOf(k.ID), Via: docOf(k.Via), Kind: k.Kind, Similarity: k.Similarity})
		}
		p.Clusters = append(p.Clusters, pc)
	}
	for _, st := range r.Stories {
		ps := pageStory{ID: st.ID, Headline: st.Headline, Terms: st.Terms, Cohesion: st.Cohesion, Pairs: []int{}}
		for _, m := range st.Members {
			ps.Members = append(ps.Members, docOf(m))
		}
		for i, a := range ps.Members {
			for _, b := range ps.Members[i+1:] {
				if k := pairOf(a, b); k >= 0 {
					ps.Pairs = append(ps.Pairs, k)
				}
			}
		}
		slices.Sort(ps.Pairs)
		p.Stories = append(p.Stories, ps)
	}

	// Which documents bring their texts: by the pairs' priority, within
	// the budget.
	withText := make([]bool, len(p.Docs))
	used := 0
	cost := func(d int) int {
		if withText[d] {
			return 0
		}
		return int(min(r.Documents[byID[p.Docs[d].ID]].Text, HTMLTextBytes))
	}
	for _, k := range textOrder(&p) {
		q := p.Pairs[k]
		if need := cost(q.A) + cost(q.B); used+need <= HTMLTextBudget {
			used += need
			withText[q.A], withText[q.B] = true, true
		}
	}

	// Titles for all, texts within the budget.
	var norm shingle.Normalizer
	tokens := make([][]shingle.Token, len(p.Docs))
	raw := make([][]byte, len(p.Docs))
	if src.Text != nil {
		for i := range p.Docs {
			text, err := src.Text(p.Docs[i].ID)
			if err != nil {
				continue
			}
			p.Docs[i].Title = title(text)
			if !withText[i] {
				continue
			}
			if len(text) > HTMLTextBytes {
				// Loaded text is valid UTF-8: cut at most a rune short.
				text = text[:HTMLTextBytes]
				for !utf8.Valid(text) {
					text = text[:len(text)-1]
				}
				p.Docs[i].Truncated = true
			}
			raw[i] = text
			tokens[i] = norm.AppendTokens(nil, text)
			p.Docs[i].HasText, p.Docs[i].Text = true, string(text)
		}
	}
	for i := range p.Pairs {
		q := &p.Pairs[i]
		if q.A < 0 || q.B < 0 || !p.Docs[q.A].HasText || !p.Docs[q.B].HasText {
			continue
		}
		q.Marks = marks(raw[q.A], raw[q.B], tokens[q.A], tokens[q.B])
		if q.Kind == engine.Related && src.Explain != nil {
			e, err := src.Explain.Scores(explain.Doc{ID: p.Docs[q.A].ID, Text: raw[q.A]}, explain.Doc{ID: p.Docs[q.B].ID, Text: raw[q.B]})
			if err != nil {
				return err
			}
			q.Cosine = e.Cosine
			for _, t := range e.Shared[:min(len(e.Shared), HTMLWhyTerms)] {
				q.Why = append(q.Why, whyTerm{Term: written(t.Term, raw[q.A], tokens[q.A]), Contribution: t.Contribution, WeightA: t.WeightA, WeightB: t.WeightB, Name: t.Name, Number: t.Number, Passage: t.Passage})
			}
		}
	}
	return htmlTemplate.Execute(w, struct {
		Data   page
		Script template.JS
	}{p, template.JS(htmlScript)})
}

// title returns a document's title: its headline, cut at HTMLTitleRunes.
func title(text []byte) string {
	h := scan.Headline(text)
	if utf8.RuneCountInString(h) > HTMLTitleRunes {
		h = string([]rune(h)[:HTMLTitleRunes-1]) + "…"
	}
	return h
}

// written returns a normalized term as text writes it ("Mishustin" for
// "mishustin"), from its first occurrence among tokens.
func written(term string, text []byte, tokens []shingle.Token) string {
	for _, tk := range tokens {
		if tk.Text == term {
			return scan.AsWritten(term, text[tk.Start:tk.End])
		}
	}
	return term
}

// textOrder returns the indexes of p's pairs in the order they get texts:
// the pairs of removal clusters (kept and removed document), the other exact
// and near pairs, the related pairs within stories, the other related pairs.
func textOrder(p *page) []int {
	var out []int
	seen := make([]bool, len(p.Pairs))
	add := func(k int) {
		if k >= 0 && !seen[k] && p.Pairs[k].A >= 0 && p.Pairs[k].B >= 0 {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, c := range p.Clusters {
		for _, m := range c.Removed {
			add(m.Pair)
		}
	}
	for k, q := range p.Pairs {
		if q.Kind != engine.Related {
			add(k)
		}
	}
	for _, st := range p.Stories {
		for _, k := range st.Pairs {
			add(k)
		}
	}
	for k := range p.Pairs {
		add(k)
	}
	return out
}

// marks returns the shared passages of two texts as UTF-16 offsets.
func marks(a, b []byte, ta, tb []shingle.Token) [][4]int {
	words := func(ts []shingle.Token) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Text
		}
		return out
	}
	runs := shingle.CommonRuns(words(ta), words(tb), 4)
	slices.SortFunc(runs, func(x, y shingle.Run) int { return x.A - y.A })
	ua, ub := utf16Offsets(a), utf16Offsets(b)
	var out [][4]int
	for _, r := range runs {
		out = append(out, [4]int{
			ua[ta[r.A].Start], ua[ta[r.A+r.Len-1].End],
			ub[tb[r.B].Start], ub[tb[r.B+r.Len-1].End],
		})
	}
	return out
}

// utf16Offsets maps each byte offset of text (at rune boundaries) to the
// offset in UTF-16 code units, which is how JavaScript indexes strings.
func utf16Offsets(text []byte) []int {
	out := make([]int, len(text)+1)
	u := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		for k := 0; k < size; k++ {
			out[i+k] = u
		}
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
		i += size
	}
	out[len(text)] = u
	return out
}
