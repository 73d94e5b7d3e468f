// Package scan runs the duplicate-finding pipeline over a listing of
// documents: it composes the corpus, shingle and lsh stages and owns the
// concurrency, which the stage packages leave to their caller.
//
// The pipeline, each step a function of its input and [Options] only:
//
//  1. sketch (parallel): load, normalize, shingle, sign each document and
//     cut its signature into band keys; with related pairs, also extract its
//     content terms, count their document frequencies and keep its top
//     terms. Keep only this small sketch.
//  2. exact: group documents whose normalized texts hash alike, and confirm
//     each group by comparing the normalized texts byte for byte.
//  3. candidates: one representative per exact group enters the band index
//     and the term index, which yield candidate pairs.
//  4. verify (parallel): re-read the documents in candidate pairs, in
//     memory-bounded batches, and keep the pairs whose exact Jaccard reaches
//     the near threshold or, failing that, whose related score reaches the
//     related threshold.
//  5. cluster: connected components over the exact and near pairs. A pair
//     between two representatives is reported for every pair of members of
//     their groups, which share its exact scores.
//
// Tasks run in a conc stream, whose callbacks run in submission order, and
// every list is sorted before it is returned, so the result is the same
// whatever the number of workers.
package scan
