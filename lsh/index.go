package lsh

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// AppendBandKeys appends one key per band of sig to dst: 32 bits of the
// xxhash of the band's Rows values. Two signatures that agree on a band have
// equal keys for it; two that do not collide with probability 2^-32, which
// only adds a candidate pair for verification to reject (about one pair per
// band among 100,000 documents). 32-bit keys halve the memory of the keys and
// of the index. It panics if sig is shorter than Bands*Rows.
func AppendBandKeys(dst []uint32, sig Signature, p Params) []uint32 {
	if len(sig) < p.Bands*p.Rows {
		panic(fmt.Sprintf("lsh: signature of %d values, banding needs %d", len(sig), p.Bands*p.Rows))
	}
	var buf [8 * 64]byte
	for b := 0; b < p.Bands; b++ {
		d := xxhash.New()
		row := sig[b*p.Rows : (b+1)*p.Rows]
		for len(row) > 0 {
			n := min(len(row), 64)
			for i, v := range row[:n] {
				binary.LittleEndian.PutUint64(buf[8*i:], v)
			}
			d.Write(buf[:8*n])
			row = row[n:]
		}
		dst = append(dst, uint32(d.Sum64()>>32))
	}
	return dst
}

// A Pair is a candidate pair of document ids, A < B.
type Pair struct{ A, B uint32 }

// ComparePairs orders pairs by (A, B).
func ComparePairs(x, y Pair) int {
	return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
}

// An Index holds the band keys of documents and finds those that share one.
// It keeps 8 bytes per document and band, in one sorted table per band, and
// no per-document allocation. Not safe for concurrent use.
type Index struct {
	bands  [][]entry
	sorted bool
}

type entry struct {
	key uint32
	id  uint32
}

// NewIndex returns an empty index of the given number of bands.
func NewIndex(bands int) *Index {
	return &Index{bands: make([][]entry, bands)}
}

// Grow makes room for n more documents, so that adding them does not
// reallocate the tables.
func (ix *Index) Grow(n int) {
	for b := range ix.bands {
		ix.bands[b] = slices.Grow(ix.bands[b], n)
	}
}

// Add records the band keys of document id, as made by [AppendBandKeys]. It
// panics if the number of keys is not the number of bands.
func (ix *Index) Add(id uint32, keys []uint32) {
	if len(keys) != len(ix.bands) {
		panic(fmt.Sprintf("lsh: %d band keys for an index of %d bands", len(keys), len(ix.bands)))
	}
	for b, k := range keys {
		ix.bands[b] = append(ix.bands[b], entry{k, id})
	}
	ix.sorted = false
}

func (ix *Index) sort() {
	if ix.sorted {
		return
	}
	var tmp []entry
	for _, band := range ix.bands {
		tmp = sortEntries(band, tmp)
	}
	ix.sorted = true
}

// sortEntries sorts entries by (key, id), using tmp (grown as needed, and
// returned for reuse) as scratch. It is a least-significant-digit radix sort,
// a byte a pass: over the id (unless the entries are already in id order, as
// when documents are added in order), then over the key; a pass whose byte is
// the same in every entry is skipped. On the hundreds of thousands of entries
// of a large scan it is several times faster than a comparison sort.
func sortEntries(e, tmp []entry) []entry {
	if len(e) < 256 {
		slices.SortFunc(e, func(x, y entry) int {
			return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.id, y.id))
		})
		return tmp
	}
	if cap(tmp) < len(e) {
		tmp = make([]entry, len(e))
	}
	tmp = tmp[:len(e)]
	src, dst := e, tmp
	inOrder := slices.IsSortedFunc(e, func(x, y entry) int { return cmp.Compare(x.id, y.id) })
	var count [256]int
	for pass := 0; pass < 8; pass++ {
		if pass < 4 && inOrder {
			continue
		}
		clear(count[:])
		if pass < 4 {
			shift := 8 * pass
			for _, x := range src {
				count[uint8(x.id>>shift)]++
			}
			if !prefixSums(&count, len(src)) {
				continue
			}
			for _, x := range src {
				d := uint8(x.id >> shift)
				dst[count[d]] = x
				count[d]++
			}
		} else {
			shift := 8 * (pass - 4)
			for _, x := range src {
				count[uint8(x.key>>shift)]++
			}
			if !prefixSums(&count, len(src)) {
				continue
			}
			for _, x := range src {
				d := uint8(x.key >> shift)
				dst[count[d]] = x
				count[d]++
			}
		}
		src, dst = dst, src
	}
	if &src[0] != &e[0] {
		copy(e, src)
	}
	return tmp
}

// prefixSums turns digit counts into starting offsets. It reports false, and
// leaves the counts alone, when every one of the n entries has the same digit,
// so the pass can be skipped.
func prefixSums(count *[256]int, n int) bool {
	sum := 0
	for i, c := range count {
		if c == n {
			return false
		}
		count[i] = sum
		sum += c
	}
	return true
}

// Query returns the documents that share at least one band key with keys,
// sorted, without duplicates.
func (ix *Index) Query(keys []uint32) []uint32 {
	ix.sort()
	var out []uint32
	for b, k := range keys {
		band := ix.bands[b]
		i, _ := slices.BinarySearchFunc(band, k, func(e entry, k uint32) int { return cmp.Compare(e.key, k) })
		for ; i < len(band) && band[i].key == k; i++ {
			out = append(out, band[i].id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Pairs returns every candidate pair: each pair of documents that share a key
// in some band, once, sorted by (A, B). A bucket of n documents contributes
// n(n-1)/2 pairs.
func (ix *Index) Pairs() []Pair {
	ix.sort()
	var out []Pair
	for _, band := range ix.bands {
		out = appendBucketPairs(out, band)
	}
	slices.SortFunc(out, ComparePairs)
	return slices.Compact(out)
}

// BandPairs returns the pairs Pairs would return for an index of documents
// 0, 1, ... whose band keys are keys, bands to a document as AppendBandKeys
// appends them, leaving out the documents for which skip is true (skip may
// be nil). It holds one band's table at a time, 8 bytes per document, where
// an Index holds 8 bytes per document and band.
func BandPairs(keys []uint32, bands int, skip func(id uint32) bool) []Pair {
	if bands <= 0 || len(keys)%bands != 0 {
		panic(fmt.Sprintf("lsh: %d band keys for documents of %d bands", len(keys), bands))
	}
	n := len(keys) / bands
	band := make([]entry, 0, n)
	var tmp []entry
	var out []Pair
	for b := range bands {
		band = band[:0]
		for i := range n {
			if skip == nil || !skip(uint32(i)) {
				band = append(band, entry{keys[i*bands+b], uint32(i)})
			}
		}
		tmp = sortEntries(band, tmp)
		out = appendBucketPairs(out, band)
	}
	slices.SortFunc(out, ComparePairs)
	return slices.Compact(out)
}

// appendBucketPairs appends the pairs of each bucket of a band's table,
// sorted by (key, id).
func appendBucketPairs(out []Pair, band []entry) []Pair {
	for lo := 0; lo < len(band); {
		hi := lo + 1
		for hi < len(band) && band[hi].key == band[lo].key {
			hi++
		}
		for i := lo; i < hi; i++ {
			for j := i + 1; j < hi; j++ {
				if band[i].id != band[j].id { // ids within a bucket are sorted
					out = append(out, Pair{band[i].id, band[j].id})
				}
			}
		}
		lo = hi
	}
	return out
}
