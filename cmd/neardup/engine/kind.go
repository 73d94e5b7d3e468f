package engine

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

// Kinds is a set of kinds, a value: copying it copies the set.
type Kinds uint8

// KindsOf returns the set of the given kinds. It panics on an unknown kind.
func KindsOf(ks ...Kind) Kinds {
	var s Kinds
	for _, k := range ks {
		s |= bit(k)
	}
	return s
}

// All is the set of every kind.
var All = KindsOf(AllKinds...)

func bit(k Kind) Kinds {
	for i, x := range AllKinds {
		if x == k {
			return 1 << i
		}
	}
	panic(fmt.Sprintf("engine: unknown kind %q", k))
}

// Has reports whether k is in the set.
func (ks Kinds) Has(k Kind) bool {
	for i, x := range AllKinds {
		if x == k {
			return ks&(1<<i) != 0
		}
	}
	return false
}

// Empty reports whether the set has no kind.
func (ks Kinds) Empty() bool { return ks&All == 0 }

// List returns the kinds of the set, strongest first.
func (ks Kinds) List() []Kind {
	var out []Kind
	for _, k := range AllKinds {
		if ks.Has(k) {
			out = append(out, k)
		}
	}
	return out
}

// String returns the kinds comma-separated, strongest first.
func (ks Kinds) String() string {
	var s []string
	for _, k := range ks.List() {
		s = append(s, string(k))
	}
	return strings.Join(s, ",")
}

// ParseKinds parses a comma-separated list of kinds ("exact,near").
func ParseKinds(v string) (Kinds, error) {
	var ks Kinds
	for _, name := range strings.Split(v, ",") {
		k := Kind(strings.TrimSpace(name))
		switch k {
		case Exact, Near, Related:
			ks |= bit(k)
		case "":
		default:
			return 0, fmt.Errorf("unknown kind %q (want exact, near or related)", k)
		}
	}
	if ks.Empty() {
		return 0, fmt.Errorf("no kinds given")
	}
	return ks, nil
}
