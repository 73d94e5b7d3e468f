package terms

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/shingle"
)

// background.tsv.gz is made by gen_background.go; see README.md for its
// source and licence.
//
//go:embed background.tsv.gz
var backgroundData []byte

// Background holds document frequencies from a background corpus: in how
// many of its Docs documents each term occurs.
type Background struct {
	Docs int
	df   shingle.Counts
	sum  uint64
	// seen has bit h>>47 set for the hash h of every term: a term whose
	// bit is clear is not in the background, which most of a document's
	// rare words are not, and is answered without probing df.
	seen [1 << 17 / 64]uint64
}

// Hash returns a hash of the background's data: two backgrounds with the
// same hash give every term the same frequency.
func (b *Background) Hash() uint64 { return b.sum }

// DF returns the number of background documents containing the term with
// the given hash (as made by Term.Hash), 0 if none or fewer than two. It is
// safe for concurrent use.
func (b *Background) DF(hash uint64) int {
	if b.seen[hash>>53]&(1<<(hash>>47&63)) == 0 {
		return 0
	}
	return int(b.df.Get(hash))
}

// DefaultBackground returns the built-in background: 1,649 documents of 300
// tokens cut from the State of the Union addresses of 1946 to 2021. It is
// parsed once, on first use, and must not be modified.
var DefaultBackground = sync.OnceValue(func() *Background {
	b, err := parseBackground(backgroundData)
	if err != nil {
		panic("terms: built-in background: " + err.Error()) // tested
	}
	return b
})

func parseBackground(data []byte) (*Background, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := &Background{sum: xxhash.Sum64(data)}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		term, n, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		v, err := strconv.Atoi(n)
		if err != nil {
			return nil, err
		}
		if term == "#docs" {
			b.Docs = v
			continue
		}
		h := xxhash.Sum64String(term)
		b.df.Add(h, uint32(v))
		b.seen[h>>53] |= 1 << (h >> 47 & 63)
	}
	return b, sc.Err()
}
