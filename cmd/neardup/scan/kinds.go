package scan

import (
	"fmt"
	"strings"
)

// Kind is the kind of a finding.
type Kind string

const (
	Exact   Kind = "exact"   // identical after normalization
	Near    Kind = "near"    // exact shingle Jaccard at or above the threshold
	Related Kind = "related" // the same story told differently: related score at or above its threshold
)

// AllKinds lists the kinds, strongest first.
var AllKinds = []Kind{Exact, Near, Related}

// Kinds is a set of kinds; it implements flag.Value ("exact,near,related").
type Kinds map[Kind]bool

// Has reports whether k is in the set.
func (ks Kinds) Has(k Kind) bool { return ks[k] }

// List returns the kinds of the set, strongest first.
func (ks Kinds) List() []Kind {
	var out []Kind
	for _, k := range AllKinds {
		if ks[k] {
			out = append(out, k)
		}
	}
	return out
}

func (ks Kinds) String() string {
	var s []string
	for _, k := range ks.List() {
		s = append(s, string(k))
	}
	return strings.Join(s, ",")
}

// Set parses a comma-separated list of kinds, replacing the set.
func (ks Kinds) Set(v string) error {
	clear(ks)
	for _, name := range strings.Split(v, ",") {
		k := Kind(strings.TrimSpace(name))
		switch k {
		case Exact, Near, Related:
			ks[k] = true
		case "":
		default:
			return fmt.Errorf("unknown kind %q (want exact, near or related)", k)
		}
	}
	if len(ks) == 0 {
		return fmt.Errorf("no kinds given")
	}
	return nil
}
