package shingle

import (
	"encoding/binary"
	"math/bits"

	"github.com/cespare/xxhash/v2"
)

// XXH64 (seed 0), written out for the two inputs the shingler hashes most:
// short tokens and runs of token hashes. Tests pin both to the xxhash
// package: they are the same function, faster for these inputs because they
// inline and need no buffer.

const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261
)

func round(acc, input uint64) uint64 {
	return bits.RotateLeft64(acc+input*prime2, 31) * prime1
}

func mergeRound(acc, val uint64) uint64 {
	return (acc^round(0, val))*prime1 + prime4
}

// lane folds one 8-byte lane, already passed through round(0, ·), into h,
// as XXH64 does with the tail of its input.
func lane(h, k uint64) uint64 {
	return bits.RotateLeft64(h^k, 27)*prime1 + prime4
}

func avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// hashBytes returns xxhash.Sum64(b).
func hashBytes(b []byte) uint64 {
	if len(b) >= 32 {
		return xxhash.Sum64(b)
	}
	h := prime5 + uint64(len(b))
	for ; len(b) >= 8; b = b[8:] {
		h = lane(h, round(0, binary.LittleEndian.Uint64(b)))
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * prime5
		h = bits.RotateLeft64(h, 11) * prime1
	}
	return avalanche(h)
}

// hashLanes returns xxhash.Sum64 of the little-endian bytes of hs, given
// ks[i] = round(0, hs[i]) for the lanes that fall in the tail (all of them
// when there are fewer than four).
func hashLanes(hs, ks []uint64) uint64 {
	n := len(hs)
	if n < 4 {
		h := prime5 + uint64(8*n)
		for _, k := range ks[:n] {
			h = lane(h, k)
		}
		return avalanche(h)
	}
	p1 := prime1
	v1, v2, v3, v4 := p1+prime2, prime2, uint64(0), -p1
	i := 0
	for ; i+4 <= n; i += 4 {
		v1 = round(v1, hs[i])
		v2 = round(v2, hs[i+1])
		v3 = round(v3, hs[i+2])
		v4 = round(v4, hs[i+3])
	}
	h := bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
	h = mergeRound(h, v1)
	h = mergeRound(h, v2)
	h = mergeRound(h, v3)
	h = mergeRound(h, v4)
	h += uint64(8 * n)
	for ; i < n; i++ {
		h = lane(h, ks[i])
	}
	return avalanche(h)
}
