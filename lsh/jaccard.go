package lsh

// Similarity holds the exact overlap measures of two sets A and B.
type Similarity struct {
	Jaccard       float64 // |A∩B| / |A∪B|
	ContainmentAB float64 // |A∩B| / |A|: how much of A is in B
	ContainmentBA float64 // |A∩B| / |B|: how much of B is in A
}

// A Comparer computes exact similarities of sets of hashes, reusing a hash
// table between calls. The zero value is ready; not safe for concurrent use.
type Comparer struct {
	table []uint64 // 0 marks a free slot; the value 0 is tracked apart
}

// Compare returns the exact similarity of a and b, which hold distinct values
// in any order. Two empty sets are identical (Jaccard 1). It costs
// O(|a| + |b|): the smaller set goes into a hash table, the larger probes it.
func (c *Comparer) Compare(a, b []uint64) Similarity {
	if len(a) == 0 && len(b) == 0 {
		return Similarity{1, 1, 1}
	}
	inter := c.intersection(a, b)
	s := Similarity{Jaccard: float64(inter) / float64(len(a)+len(b)-inter)}
	if len(a) > 0 {
		s.ContainmentAB = float64(inter) / float64(len(a))
	}
	if len(b) > 0 {
		s.ContainmentBA = float64(inter) / float64(len(b))
	}
	return s
}

// Compare is [Comparer.Compare] with a table of its own.
func Compare(a, b []uint64) Similarity {
	var c Comparer
	return c.Compare(a, b)
}

func (c *Comparer) intersection(a, b []uint64) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	size := 16
	for size < 2*len(a) {
		size *= 2
	}
	if cap(c.table) < size {
		c.table = make([]uint64, size)
	}
	t := c.table[:size]
	clear(t)
	mask := uint64(size - 1)
	zero := false
	for _, h := range a {
		if h == 0 {
			zero = true
			continue
		}
		i := (h >> 32) & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = h
	}
	n := 0
	for _, h := range b {
		if h == 0 {
			if zero {
				n++
			}
			continue
		}
		for i := (h >> 32) & mask; t[i] != 0; i = (i + 1) & mask {
			if t[i] == h {
				n++
				break
			}
		}
	}
	return n
}
