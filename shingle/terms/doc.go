// Package terms extracts the content terms of a document, for telling whether
// two differently worded documents report the same story: the words that
// carry its content, with their frequencies, and whether each reads as a name
// or a number.
//
// Extraction:
//
//   - Boilerplate lines go: a line of four words or fewer ("Leave a Reply",
//     "Read more:", "Advertisement", a masthead) is dropped, except the first
//     line with words, the headline.
//   - The rest is normalized as package shingle does, keeping case, and cut
//     into tokens; a token's term is its case-folded form.
//   - English stopwords and one-character tokens are dropped.
//   - A term is a name if it appears capitalized and never in lower case in
//     the document ("Mishustin", "Shanghai", but not "Officials" at the start
//     of a sentence when "officials" also occurs), and a number if it starts
//     with a digit.
//
// [Background] holds document frequencies from a background corpus, the
// State of the Union addresses since 1946, so that small scans can still tell
// common English words from rare ones.
package terms
