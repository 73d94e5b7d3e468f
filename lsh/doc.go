// Package lsh estimates and verifies the Jaccard similarity of shingle sets:
// MinHash signatures, banded locality-sensitive hashing to find candidate
// pairs, and exact Jaccard and containment to verify them.
//
// # Signatures
//
// A [Signer] maps a set of 64-bit shingle hashes to a [Signature] of k values.
// For two sets A and B, each position agrees with probability J(A,B) =
// |A∩B|/|A∪B|, so the fraction of agreeing positions, [Estimate], is an
// unbiased estimate of J with standard error sqrt(J(1-J)/k).
//
// [OnePerm], the default, is one-permutation MinHash with per-bin MinHash
// filling of empty bins: O(1) per shingle, unbiased, and with no more variance
// than MinWise at any set size (see its documentation for the measurements).
// [MinWise] is the classic k-permutation MinHash of
// github.com/dgryski/go-minhash, permutation i of shingle x being
// h1(x) + i*h2(x); it costs O(k) per shingle and is the reference in tests.
//
// All hash functions are XXH64 under seeds derived from an explicit seed,
// never a per-process random one, so signatures are the same in every run and
// every process, and comparable only between signers of one kind, size and
// seed.
//
// # Banding
//
// A signature of k values is cut into b bands of r rows ([Params]); two
// documents are a candidate pair if any band agrees in all r rows, which
// happens with probability 1-(1-J^r)^b. [Optimal] chooses b and r for a
// threshold. An [Index] holds the band keys of many documents and lists
// candidate pairs.
//
// # Verification
//
// [Compare] computes the exact Jaccard similarity of two sorted shingle sets
// and how much of each lies in the other. Estimates only find candidates;
// what is reported is verified.
//
// Nothing in this package starts goroutines or keeps package state; types are
// not safe for concurrent use unless their documentation says so.
package lsh
