package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// WriteCSV writes one row per verified pair, with the number of the cluster
// (1-based, in the order of the JSON clusters) whose kept document and
// removed member it joins, and that kept document; both are empty for other
// pairs (related pairs, which join no cluster, and links of a chain). The
// similarity, estimate and containments of related pairs whose sets were not
// compared, which they do not have, are empty too. story_a and story_b name
// the stories of the pair's documents. Then one row per member of each
// story, of kind "story", with the story's id in the cluster column and the
// member in a.
func WriteCSV(w io.Writer, r *scan.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"cluster", "keep", "a", "b", "kind", "similarity", "estimate", "containment_ab", "containment_ba", "score", "story_a", "story_b"})
	storyOf := map[string]string{}
	for _, d := range r.Documents {
		storyOf[d.ID] = d.Story
	}
	cluster := map[[2]string]int{} // (a, b) of a kept document and a removed member
	for i, c := range r.Clusters {
		for _, m := range c.Removed {
			cluster[[2]string{min(c.Keep, m.ID), max(c.Keep, m.ID)}] = i
		}
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, p := range r.Pairs {
		num, keep := "", ""
		if c, ok := cluster[[2]string{p.A, p.B}]; ok && p.Kind != engine.Related {
			num, keep = strconv.Itoa(c+1), r.Clusters[c].Keep
		}
		sims := []string{f(p.Similarity), f(p.Estimate), f(p.ContainmentAB), f(p.ContainmentBA)}
		if p.Kind == engine.Related && !p.Compared {
			sims = []string{"", "", "", ""}
		}
		cw.Write(append(append([]string{num, keep, p.A, p.B, string(p.Kind)}, sims...), f(p.Score), storyOf[p.A], storyOf[p.B]))
	}
	for _, st := range r.Stories {
		for _, m := range st.Members {
			cw.Write([]string{st.ID, "", m, "", "story", "", "", "", "", "", st.ID, ""})
		}
	}
	cw.Flush()
	return cw.Error()
}
