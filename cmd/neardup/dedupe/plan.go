// Package dedupe turns a scan's removal clusters into the outputs of
// `neardup dedupe`: the documents to remove, each with the document it
// duplicates.
package dedupe

import (
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// A Removal is a document to remove, and the document kept in its place, of
// which it is a verified duplicate.
type Removal struct {
	ID          string      `json:"id"`
	DuplicateOf string      `json:"duplicate_of"`
	Kind        engine.Kind `json:"kind"`
	Similarity  float64     `json:"similarity"` // exact Jaccard with DuplicateOf
}

// Plan returns the documents the clusters of r remove, in input order
// (order maps ids to their position in the input). The scan's star clusters
// make every removal a direct, verified pair with the kept document, at or
// above the threshold; reference documents are never in a cluster's removed
// members.
func Plan(r *scan.Result, order map[string]int) []Removal {
	var out []Removal
	for _, c := range r.Clusters {
		for _, m := range c.Removed {
			out = append(out, Removal{ID: m.ID, DuplicateOf: c.Keep, Kind: m.Kind, Similarity: m.Similarity})
		}
	}
	slices.SortFunc(out, func(a, b Removal) int { return order[a.ID] - order[b.ID] })
	return out
}
