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

// An Index holds the band keys of documents and finds those that share one.
// It keeps 12 bytes per document and band, in one sorted table per band, and
// no per-document allocation. Not safe for concurrent use.
type Index struct {
	bands  [][]entry
	sorted bool
}

type entry struct {
	key uint64
	id  uint32
}

// NewIndex returns an empty index of the given number of bands.
func NewIndex(bands int) *Index {
	return &Index{bands: make([][]entry, bands)}
}

// Add records the band keys of document id, as made by [AppendBandKeys]. It
// panics if the number of keys is not the number of bands.
func (ix *Index) Add(id uint32, keys []uint64) {
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
	for _, band := range ix.bands {
		slices.SortFunc(band, func(x, y entry) int {
			return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.id, y.id))
		})
	}
	ix.sorted = true
}

// Query returns the documents that share at least one band key with keys,
// sorted, without duplicates.
func (ix *Index) Query(keys []uint64) []uint32 {
	ix.sort()
	var out []uint32
	for b, k := range keys {
		band := ix.bands[b]
		i, _ := slices.BinarySearchFunc(band, k, func(e entry, k uint64) int { return cmp.Compare(e.key, k) })
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
	}
	slices.SortFunc(out, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return slices.Compact(out)
}
