// Package dedupe decides which documents of a scan to remove: in each cluster
// of exact and near duplicates, all but one. Related pairs remove nothing.
package dedupe

import (
	"fmt"
	"slices"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// Keep is the rule that picks the document to keep; it implements flag.Value.
type Keep string

const (
	Longest  Keep = "longest"  // the longest (the default, as in scan's clusters)
	Shortest Keep = "shortest" // the shortest
	First    Keep = "first"    // the first in input order
	Last     Keep = "last"     // the last in input order
)

func (k *Keep) String() string { return string(*k) }

func (k *Keep) Set(s string) error {
	switch Keep(s) {
	case Longest, Shortest, First, Last:
		*k = Keep(s)
		return nil
	}
	return fmt.Errorf("unknown keep rule %q (want longest, first, last or shortest)", s)
}

// Policy says which document of a cluster stays.
type Policy struct {
	Keep Keep
	// Prefer lists id prefixes whose documents win over all others.
	Prefer []string
	// Reference lists id prefixes of reference documents: never removed,
	// never written out, and winning over all others.
	Reference []string
}

// A Removal is a document to remove, and the document it duplicates.
type Removal struct {
	ID          string      `json:"id"`
	DuplicateOf string      `json:"duplicate_of"`
	Kind        engine.Kind `json:"kind"`
	Similarity  float64     `json:"similarity"`
	// Direct is false when the two documents are in one cluster only
	// through others; Kind and Similarity are then for the pair itself,
	// computed by the caller.
	Direct bool `json:"-"`
}

// hasPrefix reports whether id is under one of prefixes: the id itself, a
// path below a folder ("dir/x.txt" under "dir"), or a record of a JSONL file
// ("a.jsonl:7" under "a.jsonl").
func hasPrefix(id string, prefixes []string) bool {
	for _, p := range prefixes {
		p = strings.TrimSuffix(p, "/")
		if id == p || strings.HasPrefix(id, p+"/") || strings.HasPrefix(id, p+":") {
			return true
		}
	}
	return false
}

// IsReference reports whether id is a reference document under p.
func (p Policy) IsReference(id string) bool { return hasPrefix(id, p.Reference) }

// Plan returns the documents of r to remove, in input order (order maps ids
// to their position in the input). In each cluster it keeps one document:
// among the reference documents if there are any, else among the preferred
// ones if any, else among all, by the Keep rule (ties to the earlier in input
// order); every other member that is not a reference document is removed.
func Plan(r *scan.Result, order map[string]int, p Policy) []Removal {
	bytes := map[string]int64{}
	for _, d := range r.Documents {
		bytes[d.ID] = d.Bytes
	}
	pairs := map[[2]string]scan.Pair{}
	for _, pr := range r.Pairs {
		pairs[[2]string{pr.A, pr.B}] = pr
	}
	better := func(a, b string) bool { // a is a better keeper than b
		switch p.Keep {
		case Shortest:
			if bytes[a] != bytes[b] {
				return bytes[a] < bytes[b]
			}
		case Last:
			return order[a] > order[b]
		case First:
		default:
			if bytes[a] != bytes[b] {
				return bytes[a] > bytes[b]
			}
		}
		return order[a] < order[b]
	}
	var out []Removal
	for _, c := range r.Clusters {
		pool := slices.DeleteFunc(slices.Clone(c.Members), func(id string) bool { return !p.IsReference(id) })
		if len(pool) == 0 {
			pool = slices.DeleteFunc(slices.Clone(c.Members), func(id string) bool { return !hasPrefix(id, p.Prefer) })
		}
		if len(pool) == 0 {
			pool = c.Members
		}
		keep := pool[0]
		for _, id := range pool[1:] {
			if better(id, keep) {
				keep = id
			}
		}
		for _, id := range c.Members {
			if id == keep || p.IsReference(id) {
				continue
			}
			rm := Removal{ID: id, DuplicateOf: keep}
			if pr, ok := pairs[[2]string{min(id, keep), max(id, keep)}]; ok && pr.Kind != engine.Related {
				rm.Kind, rm.Similarity, rm.Direct = pr.Kind, pr.Similarity, true
			}
			out = append(out, rm)
		}
	}
	slices.SortFunc(out, func(a, b Removal) int { return order[a.ID] - order[b.ID] })
	return out
}
