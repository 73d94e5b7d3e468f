package scan

import (
	"fmt"
	"strings"
)

// KeepRule is the rule by which a cluster's document to keep is chosen; it
// implements flag.Value.
type KeepRule string

const (
	Longest  KeepRule = "longest"  // the longest text (the default)
	Shortest KeepRule = "shortest" // the shortest text
	First    KeepRule = "first"    // the first in input order
	Last     KeepRule = "last"     // the last in input order
)

func (k *KeepRule) String() string { return string(*k) }

// Set parses a keep rule.
func (k *KeepRule) Set(s string) error {
	switch KeepRule(s) {
	case Longest, Shortest, First, Last:
		*k = KeepRule(s)
		return nil
	}
	return fmt.Errorf("unknown keep rule %q (want longest, shortest, first or last)", s)
}

// Keep says which documents clusters keep. Documents are ranked: reference
// documents first, then preferred ones, then the others; within each rank,
// by Rule, and ties go to the earlier in input order (roots in the order
// given, files in walk order, records in file order). Lengths are those of
// the documents' texts (after decoding and extraction from markup), not of
// the files or records that hold them.
type Keep struct {
	Rule KeepRule
	// Prefer lists id prefixes whose documents rank before all others but
	// reference documents.
	Prefer []string
	// Reference lists id prefixes of reference documents: they rank first
	// and are never removed, so that the others are deduplicated against
	// them.
	Reference []string
}

// IsReference reports whether id is a reference document.
func (k Keep) IsReference(id string) bool { return underPrefix(id, k.Reference) }

// IsPreferred reports whether id is under a Prefer prefix.
func (k Keep) IsPreferred(id string) bool { return underPrefix(id, k.Prefer) }

// underPrefix reports whether id is under one of prefixes: the id itself, a
// path below a folder ("dir/x.txt" under "dir"), or a record of a JSONL file
// ("a.jsonl:7" under "a.jsonl").
func underPrefix(id string, prefixes []string) bool {
	for _, p := range prefixes {
		p = strings.TrimSuffix(p, "/")
		if id == p || strings.HasPrefix(id, p+"/") || strings.HasPrefix(id, p+":") {
			return true
		}
	}
	return false
}

// rank returns 0 for reference documents, 1 for preferred ones, 2 for the
// others.
func (k Keep) rank(id string) int {
	switch {
	case k.IsReference(id):
		return 0
	case k.IsPreferred(id):
		return 1
	}
	return 2
}

// member returns document d as removal clustering sees it.
func (s *state) member(d int) Member {
	return Member{ID: s.name(d), Text: s.docs[d].text, Seq: s.entry(d).Seq()}
}
