package scan

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/story"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
)

// Story is a group of documents that report one story: found from the
// verified pairs and the candidates' similarities (package story). Each
// document is in at most one story.
type Story struct {
	ID      string   `json:"id"`      // s1, s2, ...: largest first
	Members []string `json:"members"` // sorted
	// Headline is the first line of the story's most central member: the
	// one whose related vector is most similar to the story's centroid.
	Headline string `json:"headline"`
	// Terms are the terms that define the story: its centroid's heaviest
	// terms that at least two members have, names capitalized.
	Terms []string `json:"terms"`
	// Cohesion is the members' mean similarity to the centroid, in [0, 1].
	Cohesion float64 `json:"cohesion"`
	central  int
}

// MaxStoryTerms is the most terms a story lists.
const MaxStoryTerms = 8

// maxHeadline bounds a headline, in runes.
const maxHeadline = 160

// stories groups the scan's documents into stories and describes them (on
// the worker pool); it returns them sorted, as Stories does.
func (s *state) stories(found []verified, sims []story.Pair) ([]Story, error) {
	start := time.Now()
	defer s.stats.stage("stories", start)
	if !s.cfg.Terms {
		return nil, nil
	}
	links := make([]Found, len(found))
	for i, f := range found {
		links[i] = Found{A: f.a, B: f.b, Copy: f.v.Kind != engine.Related || f.v.Overlaps()}
	}
	// The related vectors of the documents that take part, computed once,
	// as grouping asks for them (on this goroutine); then read by describe
	// on several.
	vecs := make([]related.Vector, len(s.docs))
	vector := func(w *worker, d int) related.Vector {
		sk := s.sketch(d, w.terms[:0], true)
		w.terms = sk.Terms
		return w.classifier.Vector(&sk)
	}
	w := <-s.workers
	groups, report := groupStories(len(s.docs), links, sims, s.relatedThreshold(), func(d int) related.Vector {
		if vecs[d] == nil {
			vecs[d] = vector(w, d)
		}
		return vecs[d]
	})
	s.workers <- w
	out := make([]Story, 0, len(groups))
	var err error
	each(s, len(groups), func(w *worker, i int) (Story, error) {
		return describe(groups[i], report, func(d int) related.Vector {
			if v := vecs[d]; v != nil { // every member's is, in fact
				return v
			}
			return vector(w, d)
		}, s.name, func(d int) ([]byte, error) {
			doc, err := w.load(s.entry(d), s.opt.MaxDocBytes)
			if err != nil {
				return nil, changed(s.entry(d), err)
			}
			return doc.Text, nil
		})
	}, func(i int, st Story, e error) {
		if e != nil {
			err = cmp.Or(err, e)
		} else {
			out = append(out, st)
		}
	})
	if err != nil {
		return nil, err
	}
	return sortStories(out), nil
}

// A Found is a verified pair of documents, by index in input order, as
// stories see it: Copy says the two are one report (an exact or near pair,
// or a related pair whose documents overlap).
type Found struct {
	A, B int
	Copy bool
}

// StoryDocs is what stories read of documents 0 .. n-1, in input order:
// their ids, related vectors (engine.Classifier.Vector) and texts.
type StoryDocs interface {
	Name(d int) string
	Vector(d int) related.Vector
	Text(d int) ([]byte, error)
}

// Stories groups documents 0 .. n-1 into stories, as a scan does, from the
// verified pairs and the related scores of the classified pairs (sims), and
// describes them; it returns them sorted (largest first, then by first
// member), with their ids. A story needs two reports: a document and its
// copies (exact and near duplicates, and documents that overlap it,
// transitively) are one report, which removal clusters deal with.
// threshold is the related threshold in force. The scan calls its parts on
// its worker pool; a caller with the pairs alone (the Beam pipeline) calls
// this.
func Stories(n int, found []Found, sims []story.Pair, threshold float64, docs StoryDocs) ([]Story, error) {
	vecs := map[int]related.Vector{}
	vector := func(d int) related.Vector {
		v, ok := vecs[d]
		if !ok {
			v = docs.Vector(d)
			vecs[d] = v
		}
		return v
	}
	groups, report := groupStories(n, found, sims, threshold, vector)
	out := make([]Story, 0, len(groups))
	for _, g := range groups {
		st, err := describe(g, report, vector, docs.Name, docs.Text)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return sortStories(out), nil
}

// groupStories groups documents into stories (story.Group) and returns the
// groups of two reports or more, and each document's report.
func groupStories(n int, found []Found, sims []story.Pair, threshold float64, vector func(int) related.Vector) ([][]int, []int32) {
	// Only documents tied to another report can be in a story: by a
	// candidate pair or a related pair. They take part with their copies;
	// the other documents' groups are copies alone.
	report := reports(n, found)
	tied := make([]bool, n) // by report
	for _, p := range sims {
		if report[p.A] != report[p.B] {
			tied[report[p.A]], tied[report[p.B]] = true, true
		}
	}
	takes := func(d int) bool { return tied[report[d]] }
	in := story.Input{Docs: n, Report: report, Vector: vector}
	for _, p := range sims {
		if takes(int(p.A)) {
			in.Similar = append(in.Similar, p)
		}
	}
	for _, f := range found {
		if takes(f.A) {
			in.Verified = append(in.Verified, story.Pair{A: int32(min(f.A, f.B)), B: int32(max(f.A, f.B))})
		}
	}
	if len(in.Similar) == 0 {
		return nil, report
	}
	// In one order, whatever order the pairs were classified in: sums of
	// similarities do not depend on it then, to the last bit.
	slices.SortFunc(in.Similar, func(x, y story.Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	var out [][]int
	for _, g := range story.Group(in, story.ParamsFor(threshold)) {
		distinct := map[int32]bool{}
		for _, d := range g {
			distinct[report[d]] = true
		}
		if len(distinct) >= 2 {
			out = append(out, g)
		}
	}
	return out, report
}

// sortStories sorts stories, largest first, then by first member, and
// numbers them.
func sortStories(out []Story) []Story {
	slices.SortFunc(out, func(a, b Story) int {
		return cmp.Or(cmp.Compare(len(b.Members), len(a.Members)), cmp.Compare(a.Members[0], b.Members[0]))
	})
	for i := range out {
		out[i].ID = fmt.Sprintf("s%d", i+1)
	}
	return out
}

// describe makes the Story of the documents g: its members, centroid,
// central member, headline, terms and cohesion. report gives each
// document's report; vector, name and load a document's related vector, id
// and text.
func describe(g []int, report []int32, vector func(int) related.Vector, name func(int) string, load func(int) ([]byte, error)) (Story, error) {
	vecs := make([]related.Vector, len(g))
	for i, d := range g {
		vecs[i] = vector(d)
	}
	cent := story.Centroid(vecs)
	st := Story{central: -1}
	best, sum := -1.0, 0.0
	for i, d := range g {
		sim := related.Cosine(vecs[i], cent)
		sum += sim
		if sim > best || sim == best && name(d) < name(st.central) {
			best, st.central = sim, d
		}
	}
	st.Cohesion = round6(sum / float64(len(g)))
	for _, d := range g {
		st.Members = append(st.Members, name(d))
	}
	slices.Sort(st.Members)

	// The centroid's heaviest terms that two reports or more have.
	held := map[uint64]map[int32]bool{}
	for i, v := range vecs {
		for _, e := range v {
			if held[e.Hash] == nil {
				held[e.Hash] = map[int32]bool{}
			}
			held[e.Hash][report[g[i]]] = true
		}
	}
	heavy := slices.Clone(cent)
	slices.SortFunc(heavy, func(a, b related.Entry) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Hash, b.Hash))
	})
	var want []uint64
	for _, e := range heavy {
		if len(held[e.Hash]) >= 2 {
			want = append(want, e.Hash)
			if len(want) == MaxStoryTerms {
				break
			}
		}
	}
	// Read the central member, then others, for the headline and the
	// terms as they are written.
	order := append([]int{st.central}, g...)
	shown := map[uint64]string{}
	var norm shingle.Normalizer
	var tokens []shingle.Token
	for i, d := range order {
		if i > 0 && (d == st.central || len(shown) == len(want) || i > 3) {
			continue
		}
		text, err := load(d)
		if err != nil {
			return st, err
		}
		if i == 0 {
			st.Headline = Headline(text)
		}
		// Line by line, until every term is found.
		for len(text) > 0 && len(shown) < len(want) {
			line := text
			if i := bytes.IndexByte(text, '\n'); i >= 0 {
				line, text = text[:i], text[i+1:]
			} else {
				text = nil
			}
			tokens = norm.AppendTokens(tokens[:0], line)
			for _, tk := range tokens {
				h := xxhash.Sum64String(tk.Text)
				if _, ok := shown[h]; !ok && slices.Contains(want, h) {
					shown[h] = AsWritten(tk.Text, line[tk.Start:tk.End])
				}
			}
		}
	}
	for _, h := range want {
		if t, ok := shown[h]; ok {
			st.Terms = append(st.Terms, t)
		}
	}
	if st.Terms == nil {
		st.Terms = []string{}
	}
	return st, nil
}

// reports returns each document's report: the smallest document of its
// component under exact, near and overlapping pairs (its copies).
func reports(n int, found []Found) []int32 {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, f := range found {
		if !f.Copy {
			continue
		}
		a, b := find(int32(f.A)), find(int32(f.B))
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	for i := range parent {
		parent[i] = find(int32(i))
	}
	return parent
}

// Headline returns the first line of text of headlineWords words or more
// that is not a menu (a site's name, a date or a menu above the title is
// passed over), else its first line with a letter or digit: its white space
// collapsed, cut at maxHeadline runes.
func Headline(text []byte) string {
	first := ""
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		if bytes.IndexFunc(line, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue
		}
		words := strings.Fields(string(bytes.ToValidUTF8(line, []byte("\uFFFD"))))
		h := strings.Join(words, " ")
		if utf8.RuneCountInString(h) > maxHeadline {
			h = string([]rune(h)[:maxHeadline-1]) + "…"
		}
		if len(words) >= headlineWords && !navigation(words) {
			return h
		}
		if first == "" {
			first = h
		}
	}
	return first
}

// navigation reports whether a line's words are a menu: "Home | World |
// Business", two separators or more.
func navigation(words []string) bool {
	n := 0
	for _, w := range words {
		if w == "|" || w == "•" || w == "·" || w == "»" {
			n++
		}
	}
	return n >= 2
}

// headlineWords is the fewest words a headline has, unless no line has as
// many.
const headlineWords = 5

// AsWritten returns a normalized token as the word it came from writes it,
// when the word holds it up to case ("Mishustin" for "mishustin" in
// "Mishustin’s"), and the token otherwise.
func AsWritten(token string, word []byte) string {
	w := string(word)
	for i := 0; i+len(token) <= len(w); i++ {
		if strings.EqualFold(w[i:i+len(token)], token) {
			return w[i : i+len(token)]
		}
	}
	return token
}
