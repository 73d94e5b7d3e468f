package lsh

// Intersection returns |a ∩ b| for sets given as sorted slices without
// duplicates. It costs O(|a| + |b|).
func Intersection(a, b []uint64) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Similarity holds the exact overlap measures of two sets A and B.
type Similarity struct {
	Jaccard       float64 // |A∩B| / |A∪B|
	ContainmentAB float64 // |A∩B| / |A|: how much of A is in B
	ContainmentBA float64 // |A∩B| / |B|: how much of B is in A
}

// Compare returns the exact similarity of two sorted, duplicate-free sets.
// Two empty sets are identical (Jaccard 1).
func Compare(a, b []uint64) Similarity {
	if len(a) == 0 && len(b) == 0 {
		return Similarity{1, 1, 1}
	}
	inter := Intersection(a, b)
	s := Similarity{Jaccard: float64(inter) / float64(len(a)+len(b)-inter)}
	if len(a) > 0 {
		s.ContainmentAB = float64(inter) / float64(len(a))
	}
	if len(b) > 0 {
		s.ContainmentBA = float64(inter) / float64(len(b))
	}
	return s
}
