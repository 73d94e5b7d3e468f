// Package shingle turns raw document bytes into a canonical word form and cuts
// that form into hashed shingles.
//
// # Normalization
//
// [Normalizer.Append] maps text to its normalized form: Unicode NFKC, full case
// folding, NFKC again (so the result is stable under a second pass), then
// tokenization. The normalized form is the tokens joined by single spaces, so
// two texts that differ only in case, width, ligatures, curly versus straight
// quotes, punctuation or white space normalize to the same bytes. Exact
// duplicates are found by comparing normalized forms.
//
// # Tokens
//
// A token is a maximal run of letters, digits and combining marks, in any
// script, with these refinements:
//
//   - Apostrophes (' ’ ‘ ʼ) inside a word are kept, as ', so "don’t" and
//     "don't" are the same token; leading and trailing apostrophes are dropped.
//   - A trailing possessive "'s" is dropped: "Mishustin’s" becomes "mishustin".
//   - '.' and ',' between two digits are kept: "9.6", "1,000".
//   - Han, Hiragana and Katakana characters, written without spaces, are one
//     token each, the usual unigram segmentation for CJK text.
//   - Everything else (punctuation, symbols, white space, invalid UTF-8) only
//     separates tokens; hyphenated words split: "China-Russia" is two tokens.
//
// # Shingles
//
// A [Shingler] cuts normalized text into word n-grams (the default) or
// character n-grams and hashes each shingle once, with xxhash, in place: a
// word n-gram is a contiguous slice of the normalized text, so no shingle is
// ever copied or allocated. A document with fewer than n tokens yields a single
// shingle of all its tokens, so short documents still compare.
//
// Hashes are 64-bit; two distinct shingles collide with probability about
// 2^-64, so a set of shingle hashes stands for the set of shingles.
//
// Nothing in this package is safe for concurrent use except the package-level
// functions; give each goroutine its own [Normalizer] and [Shingler].
package shingle
