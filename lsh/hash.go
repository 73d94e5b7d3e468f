package lsh

import "math/bits"

// XXH64 primes.
const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261
)

// hash64 is XXH64 with the given seed of the 8 little-endian bytes of x,
// written out for that one input length so that it inlines: the signers call
// it once or twice per shingle. A test pins it to the xxhash package.
func hash64(x, seed uint64) uint64 {
	h := seed + prime5 + 8
	k := bits.RotateLeft64(x*prime2, 31) * prime1
	h ^= k
	h = bits.RotateLeft64(h, 27)*prime1 + prime4
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// splitmix is the SplitMix64 finalizer, used to spread a user's seed (often
// a small number) into well-mixed 64-bit seeds.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// reduce maps a uniform 64-bit hash onto [0, n) without division (Lemire's
// multiply-shift).
func reduce(h uint64, n int) int {
	hi, _ := bits.Mul64(h, uint64(n))
	return int(hi)
}
