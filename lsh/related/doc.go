// Package related scores whether two documents report the same story,
// however differently worded, from their content terms.
//
// A document is represented by its K most distinctive terms, weighted
//
//	w(t) = (1 + ln tf) × ln((B+1)/(bdf+0.5)) × ln((N+1)/df)/ln(N+1) × boosts
//
// where tf is the term's count in the document, bdf its document frequency in
// a background corpus of B documents, df its document frequency in the
// scanned corpus of N documents, and the boosts double the weight of names
// and of numbers. The background factor says how rare the term is in English
// at large, which keeps small scans meaningful; the corpus factor, between 0
// and 1, says how rare it is among the scanned documents, so that the topic
// words every document shares, and repeated boilerplate, count for little.
// Keeping the top K terms represents long and short documents alike by what
// they are about. The score of two documents is the cosine of their
// L2-normalized top-K vectors: 1 for the same terms in the same proportions,
// 0 for no term in common.
//
// An [Index] of each document's top terms gives the candidate pairs, those
// that share a term, and skips terms shared by too many documents to be
// specific.
package related
