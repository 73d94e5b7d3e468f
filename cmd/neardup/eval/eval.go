// Package eval scores a scan's pairs against gold clusters: every pair of
// documents in the same gold cluster is a positive, every other pair a
// negative, as ../shared/eval/eval_pairs.py does.
package eval

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// Gold maps document ids to their cluster.
type Gold map[string]string

// ReadGold reads a TSV of "doc<TAB>cluster" lines; a header line "doc..."
// and lines starting with # are skipped.
func ReadGold(r io.Reader) (Gold, error) {
	g := Gold{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimRight(sc.Text(), "\r")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		doc, cluster, ok := strings.Cut(t, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: want doc<TAB>cluster, got %q", line, t)
		}
		if line == 1 && doc == "doc" {
			continue
		}
		g[doc] = strings.Split(cluster, "\t")[0]
	}
	return g, sc.Err()
}

// Positives returns the number of positive pairs.
func (g Gold) Positives() int {
	size := map[string]int{}
	for _, c := range g {
		size[c]++
	}
	n := 0
	for _, s := range size {
		n += s * (s - 1) / 2
	}
	return n
}

// Clusters returns the number of gold clusters.
func (g Gold) Clusters() int {
	seen := map[string]bool{}
	for _, c := range g {
		seen[c] = true
	}
	return len(seen)
}

// Match maps scanned document ids to gold ids: the id itself, or the id
// without its extension ("1_10ecb.txt" is gold's "1_10ecb"). Documents that
// are not in the gold are left out.
func (g Gold) Match(ids []string) map[string]string {
	m := map[string]string{}
	for _, id := range ids {
		switch {
		case g[id] != "":
			m[id] = id
		case g[strings.TrimSuffix(id, path.Ext(id))] != "":
			m[id] = strings.TrimSuffix(id, path.Ext(id))
		}
	}
	return m
}

// Score is precision, recall and F1 of a set of flagged pairs.
type Score struct {
	Flagged, TP, FP, FN int
	Precision, Recall   float64
	F1                  float64
}

func score(tp, flagged, positives int) Score {
	s := Score{Flagged: flagged, TP: tp, FP: flagged - tp, FN: positives - tp}
	if flagged > 0 {
		s.Precision = float64(tp) / float64(flagged)
	}
	if positives > 0 {
		s.Recall = float64(tp) / float64(positives)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// A Judged pair is a scanned pair between gold documents, with whether it is
// positive.
type Judged struct {
	scan.Pair
	Positive bool
}

// Judge returns the pairs of r between documents of the gold, each once.
func (g Gold) Judge(r *scan.Result) []Judged {
	ids := make([]string, len(r.Documents))
	for i, d := range r.Documents {
		ids[i] = d.ID
	}
	m := g.Match(ids)
	var out []Judged
	for _, p := range r.Pairs {
		a, okA := m[p.A]
		b, okB := m[p.B]
		if okA && okB && a != b {
			out = append(out, Judged{p, g[a] == g[b]})
		}
	}
	return out
}

// Thresholds decide which scanned pairs are flagged: exact pairs always,
// near pairs whose similarity reaches Near, related pairs whose score reaches
// Related or that overlap (engine.OverlapContainment).
type Thresholds struct{ Near, Related float64 }

// kindAt returns the kind a judged pair has under thresholds t, or "" if it
// is not flagged.
func kindAt(p Judged, t Thresholds) engine.Kind {
	switch {
	case p.Kind == engine.Exact:
		return engine.Exact
	case p.Kind == engine.Near && p.Similarity >= t.Near:
		return engine.Near
	case p.Kind != engine.Exact && (p.Score >= t.Related && p.Score > 0 || max(p.ContainmentAB, p.ContainmentBA) >= engine.OverlapContainment):
		return engine.Related
	}
	return ""
}

// Evaluate returns the score of each kind, and of all kinds together (the
// key ""), under thresholds t. A kind's recall is against all positives.
func Evaluate(judged []Judged, positives int, t Thresholds) map[engine.Kind]Score {
	flagged := map[engine.Kind]int{}
	tp := map[engine.Kind]int{}
	for _, p := range judged {
		k := kindAt(p, t)
		if k == "" {
			continue
		}
		for _, key := range []engine.Kind{k, ""} {
			flagged[key]++
			if p.Positive {
				tp[key]++
			}
		}
	}
	out := map[engine.Kind]Score{}
	for _, k := range append(slices.Clone(engine.AllKinds), "") {
		out[k] = score(tp[k], flagged[k], positives)
	}
	return out
}

// Stories scores a scan's stories as clusters of the documents in the gold:
// every pair of documents in one story is flagged (pairwise precision,
// recall and F1 against the gold's positives), and each document's story is
// compared with its gold cluster (B-cubed). A document in no story is a
// cluster of its own.
func (g Gold) Stories(r *scan.Result) (pairs Score, bcubed BCubed) {
	ids := make([]string, len(r.Documents))
	story := map[string]string{}
	for i, d := range r.Documents {
		ids[i] = d.ID
		if d.Story != "" {
			story[d.ID] = d.Story
		}
	}
	m := g.Match(ids)
	docs := make([]string, 0, len(m))
	for id := range m {
		docs = append(docs, id)
	}
	slices.Sort(docs)
	label := func(id string) string {
		if s, ok := story[id]; ok {
			return "story " + s
		}
		return "alone " + id
	}
	predicted := map[string]int{}
	gold := map[string]int{}
	joint := map[[2]string]int{}
	for _, id := range docs {
		p, c := label(id), g[m[id]]
		predicted[p]++
		gold[c]++
		joint[[2]string{p, c}]++
	}
	flagged, tp := 0, 0
	for _, n := range predicted {
		flagged += n * (n - 1) / 2
	}
	for _, n := range joint {
		tp += n * (n - 1) / 2
	}
	pairs = score(tp, flagged, g.Positives())
	for _, id := range docs {
		p, c := label(id), g[m[id]]
		both := float64(joint[[2]string{p, c}])
		bcubed.Precision += both / float64(predicted[p])
		bcubed.Recall += both / float64(gold[c])
	}
	if n := float64(len(docs)); n > 0 {
		bcubed.Precision /= n
		bcubed.Recall /= n
	}
	if bcubed.Precision+bcubed.Recall > 0 {
		bcubed.F1 = 2 * bcubed.Precision * bcubed.Recall / (bcubed.Precision + bcubed.Recall)
	}
	return pairs, bcubed
}

// BCubed is the B-cubed precision, recall and F1 of a clustering: the mean,
// over documents, of the share of a document's cluster in its gold cluster,
// and of its gold cluster in its cluster.
type BCubed struct {
	Precision, Recall, F1 float64
}
