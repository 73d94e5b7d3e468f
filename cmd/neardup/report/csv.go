package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// WriteCSV writes one row per verified pair, with the number of its cluster
// (1-based, in the order of the JSON clusters) and the cluster's kept
// document; both are empty for related pairs, which join no cluster, and so
// are their similarity, estimate and containments, which they do not have.
func WriteCSV(w io.Writer, r *scan.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"cluster", "keep", "a", "b", "kind", "similarity", "estimate", "containment_ab", "containment_ba", "score"})
	cluster := clusterOf(r)
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, p := range r.Pairs {
		num, keep := "", ""
		if c, ok := cluster[p.A]; ok && p.Kind != engine.Related {
			num, keep = strconv.Itoa(c+1), r.Clusters[c].Keep
		}
		sims := []string{f(p.Similarity), f(p.Estimate), f(p.ContainmentAB), f(p.ContainmentBA)}
		if p.Kind == engine.Related {
			sims = []string{"", "", "", ""}
		}
		cw.Write(append(append([]string{num, keep, p.A, p.B, string(p.Kind)}, sims...), f(p.Score)))
	}
	cw.Flush()
	return cw.Error()
}

// clusterOf maps each clustered document id to its cluster's index.
func clusterOf(r *scan.Result) map[string]int {
	m := map[string]int{}
	for i, c := range r.Clusters {
		for _, id := range c.Members {
			m[id] = i
		}
	}
	return m
}
