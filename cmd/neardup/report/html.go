package report

import (
	_ "embed"
	"html/template"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/shingle"
)

// A Source gives the text of a scanned document by id, for the HTML
// report's side-by-side views.
type Source func(id string) ([]byte, error)

// HTMLTexts is the number of pairs, in report order, whose documents' texts
// the HTML report includes for side-by-side reading; later pairs show their
// scores only, which keeps the file small (`neardup explain` shows any pair).
const HTMLTexts = 1000

// HTMLTextBytes caps the text of one document in the HTML report.
const HTMLTextBytes = 100 << 10

//go:embed html.tmpl
var htmlPage string

var htmlTemplate = template.Must(template.New("report").Parse(htmlPage))

// page is the data of the HTML report, embedded in it as JSON.
type page struct {
	Summary  scan.Summary   `json:"summary"`
	Params   scan.Params    `json:"params"`
	Docs     []pageDoc      `json:"docs"`
	Pairs    []pagePair     `json:"pairs"`
	Clusters []scan.Cluster `json:"clusters"`
	Skipped  any            `json:"skipped"`
}

type pageDoc struct {
	ID        string `json:"id"`
	Bytes     int64  `json:"bytes"`
	Text      string `json:"text,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
}

type pagePair struct {
	Pair scan.Pair `json:"pair"`
	Ai   int       `json:"ai"` // index into docs
	Bi   int       `json:"bi"`
	// Marks are shared passages: UTF-16 offsets [aStart, aEnd, bStart,
	// bEnd] into the two texts, when they are included.
	Marks [][4]int `json:"marks,omitempty"`
}

// WriteHTML writes r as one self-contained HTML page: a summary, the
// clusters, and the pairs with filters, sorting, pages, and a side-by-side
// view of both documents with their shared passages marked. Document text
// is untrusted: it goes into the page only as JSON, which html/template
// escapes, and the page's script puts it in the document as text nodes.
func WriteHTML(w io.Writer, r *scan.Result, src Source) error {
	p := page{Summary: r.Summary, Params: r.Params, Clusters: r.Clusters, Skipped: r.Skipped}
	index := map[string]int{}
	for i, d := range r.Documents {
		index[d.ID] = i
		p.Docs = append(p.Docs, pageDoc{ID: d.ID, Bytes: d.Bytes})
	}
	var norm shingle.Normalizer
	tokens := map[int][]shingle.Token{}
	raw := map[int][]byte{}
	load := func(i int) bool {
		if _, ok := raw[i]; ok {
			return raw[i] != nil
		}
		raw[i] = nil
		if src == nil {
			return false
		}
		text, err := src(p.Docs[i].ID)
		if err != nil {
			return false
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
		p.Docs[i].Text = string(text)
		return true
	}
	for n, pr := range r.Pairs {
		pp := pagePair{Pair: pr, Ai: index[pr.A], Bi: index[pr.B]}
		if n < HTMLTexts && load(pp.Ai) && load(pp.Bi) {
			pp.Marks = marks(raw[pp.Ai], raw[pp.Bi], tokens[pp.Ai], tokens[pp.Bi])
		}
		p.Pairs = append(p.Pairs, pp)
	}
	return htmlTemplate.Execute(w, p)
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
