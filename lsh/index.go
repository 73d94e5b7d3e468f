package lsh

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// AppendBandKeys appends one key per band of sig to dst: the xxhash of the
// band's Rows values. Two signatures agree on a band exactly when their keys
// for it are equal (up to 64-bit hash collisions). It panics if sig is shorter
// than Bands*Rows.
func AppendBandKeys(dst []uint64, sig Signature, p Params) []uint64 {
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
		dst = append(dst, d.Sum64())
	}
	return dst
}

// A Pair is a candidate pair of document ids, A < B.
type Pair struct{ A, B uint32 }

// An Index maps band keys to the documents that have them. Not safe for
// concurrent use.
type Index struct {
	bands []map[uint64][]uint32
}

// NewIndex returns an empty index of the given number of bands.
func NewIndex(bands int) *Index {
	ix := &Index{bands: make([]map[uint64][]uint32, bands)}
	for i := range ix.bands {
		ix.bands[i] = make(map[uint64][]uint32)
	}
	return ix
}

// Add records the band keys of document id, as made by [AppendBandKeys]. It
// panics if the number of keys is not the number of bands.
func (ix *Index) Add(id uint32, keys []uint64) {
	if len(keys) != len(ix.bands) {
		panic(fmt.Sprintf("lsh: %d band keys for an index of %d bands", len(keys), len(ix.bands)))
	}
	for b, k := range keys {
		ix.bands[b][k] = append(ix.bands[b][k], id)
	}
}

// Query returns the documents that share at least one band key with keys,
// sorted, without duplicates.
func (ix *Index) Query(keys []uint64) []uint32 {
	var out []uint32
	for b, k := range keys {
		out = append(out, ix.bands[b][k]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Pairs returns every candidate pair: each pair of documents that share a key
// in some band, once, sorted by (A, B). A bucket of n documents contributes
// n(n-1)/2 pairs.
func (ix *Index) Pairs() []Pair {
	seen := make(map[Pair]struct{})
	for _, band := range ix.bands {
		for _, ids := range band {
			for i := 0; i < len(ids); i++ {
				for j := i + 1; j < len(ids); j++ {
					a, b := ids[i], ids[j]
					if a > b {
						a, b = b, a
					}
					if a != b {
						seen[Pair{a, b}] = struct{}{}
					}
				}
			}
		}
	}
	out := make([]Pair, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y Pair) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return out
}
