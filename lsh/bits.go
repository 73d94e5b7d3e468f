package lsh

// b-bit MinHash (Li and König, 2010): a signature cut to the low byte of each
// value. Two sets agree on a byte where they agree on the value, and by
// chance on 1 in 256 of the others, so a byte per value estimates the Jaccard
// similarity almost as well as the whole value, in an eighth of the memory: a
// scan keeps it to decide, without reading documents again, which pairs may
// overlap.

// AppendBits appends the low byte of each value of sig to dst.
func AppendBits(dst []byte, sig Signature) []byte {
	for _, v := range sig {
		dst = append(dst, byte(v))
	}
	return dst
}

// EstimateBits estimates the Jaccard similarity of the sets whose signatures'
// bytes (AppendBits) are a and b: the share of agreeing bytes, less the
// share that agree by chance, in [0, 1]. It panics if their lengths differ.
func EstimateBits(a, b []byte) float64 {
	const chance = 1.0 / 256
	j := (agreement(a, b) - chance) / (1 - chance)
	return min(max(j, 0), 1)
}

// Containments returns the containments of two sets of na and nb elements
// whose Jaccard similarity is j: |A∩B|/|A| and |A∩B|/|B|, where
// |A∩B| = j(na+nb)/(1+j). From an estimated j, they are estimates.
func Containments(j float64, na, nb int) (ab, ba float64) {
	if na <= 0 || nb <= 0 {
		return 0, 0
	}
	inter := j * float64(na+nb) / (1 + j)
	return min(inter/float64(na), 1), min(inter/float64(nb), 1)
}
