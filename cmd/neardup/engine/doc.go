// Package engine is neardup's one engine: a per-document kernel and a
// per-pair classifier that every part of neardup calls, so that a scan,
// `neardup explain`, `neardup dedupe`, an index and a distributed runner give
// the same answers for the same documents.
//
// A [Kernel] turns a document's text into a [Sketch]: the hash of its
// normalized text, its length and number of distinct shingles, the MinHash
// signature of its shingle set (from which band keys are derived), and, for
// the related tier, up to [MaxTerms] candidate terms with their term
// frequencies. A sketch is a value of a few hundred bytes to a few kilobytes,
// with a versioned binary encoding (encoding.go).
//
// [Stats] are the corpus statistics of the related score (document count and
// each term's document frequency), built from sketches alone: they can be
// built document by document and merged.
//
// A [Classifier] decides the kind of a pair (exact, near or related) from the
// two sketches, plus the two shingle sets when the pair is a candidate near
// duplicate, under [Rules] (the kinds searched and their thresholds) and
// Stats. Near duplicates are always decided on exact Jaccard of the shingle
// sets, never on an estimate; related pairs need only the sketches.
//
// Kernels and classifiers reuse buffers and are not safe for concurrent use:
// give each goroutine its own. Nothing here starts goroutines, logs or keeps
// package state.
package engine
