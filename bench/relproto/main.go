package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/neardup/neardup/shingle"
)

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having do does did doing a an the and but if or because as until while of at by for with about against between into through during before after above below to from up down in out on off over under again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very s t can will just don should now said says say also would could one two new last first year years told mr ms mrs people according`) {
		stop[w] = true
	}
}

type doc struct {
	id    string
	story string
	toks  []string
	names map[string]bool
}

func main() {
	dir := "../shared/corpora/ecbplus_public"
	if len(os.Args) > 2 && os.Args[1] == "bg" {
		buildBackground(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "seeds" {
		seeds(os.Args[2])
		return
	}
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	story := map[string]string{}
	f, _ := os.Open(filepath.Join(dir, "clusters.tsv"))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		a, b, _ := strings.Cut(sc.Text(), "\t")
		if a != "doc" {
			story[a] = b
		}
	}
	var docs []doc
	for id, st := range story {
		b, _ := os.ReadFile(filepath.Join(dir, "docs", id+".txt"))
		d := doc{id: id, story: st, toks: strings.Fields(string(shingle.Normalize(content(b)))), names: map[string]bool{}}
		if altNames {
			lower := map[string]bool{}
			capd := map[string]bool{}
			for _, w := range strings.Fields(string(content(b))) {
				r := []rune(w)
				k := strings.ToLower(strings.Trim(w, ".,;:\"'()’“”"))
				if len(r) > 0 && unicode.IsUpper(r[0]) {
					capd[k] = true
				} else {
					lower[k] = true
				}
			}
			for k := range capd {
				if !lower[k] {
					d.names[k] = true
				}
			}
		} else {
			prevEnd := true
			for _, w := range strings.Fields(string(b)) {
				r := []rune(w)
				if len(r) > 1 && unicode.IsUpper(r[0]) && !prevEnd {
					d.names[strings.ToLower(strings.Trim(w, ".,;:\"'()’“”"))] = true
				}
				prevEnd = strings.HasSuffix(w, ".") || strings.HasSuffix(w, "\"") || strings.HasSuffix(w, "”")
			}
		}
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].id < docs[j].id })
	loadBG("/tmp/bg.tsv")
	mode = "product"
	topK = 50
	evaluate("product uni n2 num2 top50", docs, vectors(docs, false, 2, 2))
	mode = ""
	return
	for _, v := range []struct {
		name           string
		bigrams        bool
		nameBoost, num float64
		minus          bool
	}{{"unigram", false, 1, 1, false}, {"uni+bigram", true, 1, 1, false}, {"unigram names x2", false, 2, 1, false}, {"uni+bi names x2", true, 2, 1, false}, {"uni+bi names x2 num x2", true, 2, 2, false}, {"uni+bi names x1.5", true, 1.5, 1, false}} {
		vecs := vectors(docs, v.bigrams, v.nameBoost, v.num)
		evaluate(v.name, docs, vecs)
	}
}

type vec map[string]float64

func terms(d doc, bigrams bool) []string {
	var out []string
	var prev string
	for _, t := range d.toks {
		if stop[t] || len([]rune(t)) < 2 {
			prev = ""
			continue
		}
		out = append(out, t)
		if bigrams && prev != "" {
			out = append(out, prev+"_"+t)
		}
		prev = t
	}
	return out
}

func vectors(docs []doc, bigrams bool, nameBoost, numBoost float64) []vec {
	df := map[string]int{}
	tfs := make([]map[string]int, len(docs))
	for i, d := range docs {
		tf := map[string]int{}
		for _, t := range terms(d, bigrams) {
			tf[t]++
		}
		for t := range tf {
			df[t]++
		}
		tfs[i] = tf
	}
	n := float64(len(docs))
	out := make([]vec, len(docs))
	for i, tf := range tfs {
		v := vec{}
		norm := 0.0
		for t, c := range tf {
			w := (1 + math.Log(float64(c))) * idf(t, df[t], n)
			if docs[i].names[t] {
				w *= nameBoost
			}
			if t[0] >= '0' && t[0] <= '9' {
				w *= numBoost
			}
			v[t] = w
			norm += w * w
		}
		if topK > 0 && len(v) > topK {
			type tw struct {
				t string
				w float64
			}
			var l []tw
			for t, w := range v {
				l = append(l, tw{t, w})
			}
			sort.Slice(l, func(a, b int) bool { return l[a].w > l[b].w || l[a].w == l[b].w && l[a].t < l[b].t })
			v = vec{}
			norm = 0
			for _, x := range l[:topK] {
				v[x.t] = x.w
				norm += x.w * x.w
			}
		}
		norm = math.Sqrt(norm)
		for t := range v {
			v[t] /= norm
		}
		out[i] = v
	}
	return out
}

func evaluate(name string, docs []doc, vecs []vec) {
	type sp struct {
		s   float64
		pos bool
	}
	var all []sp
	pos := 0
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			s := 0.0
			a, b := vecs[i], vecs[j]
			if len(a) > len(b) {
				a, b = b, a
			}
			for t, w := range a {
				s += w * b[t]
			}
			p := docs[i].story == docs[j].story
			if p {
				pos++
			}
			if s > 0.02 {
				all = append(all, sp{s, p})
			}
		}
	}
	slices.SortFunc(all, func(x, y sp) int {
		if x.s > y.s {
			return -1
		}
		if x.s < y.s {
			return 1
		}
		return 0
	})
	best, bt := 0.0, 0.0
	tp := 0
	marks := []float64{0.25, 0.22, 0.20, 0.18, 0.16, 0.15, 0.14, 0.12, 0.10}
	curve := ""
	for k, x := range all {
		if x.pos {
			tp++
		}
		p := float64(tp) / float64(k+1)
		r := float64(tp) / float64(pos)
		f := 2 * p * r / (p + r)
		if f > best {
			best, bt = f, x.s
		}
		if len(marks) > 0 && (k+1 == len(all) || all[k+1].s < marks[0]) && x.s >= marks[0] {
			curve += fmt.Sprintf(" %.2f:%.3f(p%.2f r%.2f)", marks[0], f, p, r)
			marks = marks[1:]
		}
	}
	fmt.Println("   ", curve)
	fmt.Printf("%-28s best F1 %.4f at %.3f (positives %d)\n", name, best, bt, pos)
}

var prior float64
var bgDF = map[string]float64{}
var bgN float64

func loadBG(p string) {
	b, _ := os.ReadFile(p)
	for _, l := range strings.Split(string(b), "\n") {
		t, c, ok := strings.Cut(l, "\t")
		if !ok {
			continue
		}
		var v float64
		fmt.Sscan(c, &v)
		if t == "#docs" {
			bgN = v
		} else {
			bgDF[t] = v
		}
	}
}

var mode string

func idf(t string, df int, n float64) float64 {
	if mode == "product" {
		b := 0.0
		if !strings.Contains(t, "_") {
			b = bgDF[t]
		}
		ib := math.Log((bgN + 1) / (b + 0.5))
		g := math.Log((n+1)/float64(df)) / math.Log(n+1)
		return ib * g
	}
	if prior == 0 {
		return math.Log(n / float64(df))
	}
	b := 0.0
	if !strings.Contains(t, "_") {
		b = (bgDF[t] + 0.5) / (bgN + 1) * prior
	}
	return math.Max(0, math.Log((n+prior+1)/(float64(df)+b+1)))
}

func seeds(dir string) {
	loadBG("/tmp/bg.tsv")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var docs []doc
	for _, f := range files {
		b, _ := os.ReadFile(f)
		d := doc{id: filepath.Base(f)[:3], toks: strings.Fields(string(shingle.Normalize(content(b)))), names: map[string]bool{}}
		prevEnd := true
		for _, w := range strings.Fields(string(b)) {
			r := []rune(w)
			if len(r) > 1 && unicode.IsUpper(r[0]) && !prevEnd {
				d.names[strings.ToLower(strings.Trim(w, ".,;:\"'()’“”"))] = true
			}
			prevEnd = strings.HasSuffix(w, ".") || strings.HasSuffix(w, "\"") || strings.HasSuffix(w, "”")
		}
		docs = append(docs, d)
	}
	mode = "product"
	for _, k := range []int{40, 50, 64} {
		topK = k
		vecs := vectors(docs, false, 2, 2)
		fmt.Printf("top%d:", k)
		for i := range docs {
			for j := i + 1; j < len(docs); j++ {
				s := 0.0
				for t, w := range vecs[i] {
					s += w * vecs[j][t]
				}
				fmt.Printf("  %s-%s %.3f", docs[i].id, docs[j].id, s)
			}
		}
		fmt.Println()
	}
}

// content drops short lines (4 words or fewer) except the first non-empty one.
func content(b []byte) []byte {
	var out []string
	first := true
	for _, l := range strings.Split(string(b), "\n") {
		n := len(strings.Fields(l))
		if n == 0 {
			continue
		}
		if first || n > 4 {
			out = append(out, l)
		}
		first = false
	}
	return []byte(strings.Join(out, "\n"))
}

var topK int

var altNames = os.Getenv("ALTNAMES") != ""
