// Package scan runs the duplicate-finding pipeline over a listing of
// documents: it composes the corpus, shingle and lsh stages and owns the
// concurrency, which the stage packages leave to their caller.
//
// The pipeline, each step a function of its input and [Options] only:
//
//  1. sketch (parallel): load, normalize, shingle, sign each document and
//     cut its signature into band keys; keep only this small sketch.
//  2. exact: group documents whose normalized texts hash alike, and confirm
//     each group by comparing the normalized texts byte for byte.
//  3. candidates: one representative per exact group enters the band index,
//     which yields candidate pairs.
//  4. verify (parallel): re-derive the shingle sets of the documents in
//     candidate pairs and keep the pairs whose exact Jaccard reaches the
//     threshold.
//  5. cluster: connected components over the verified pairs. A near pair
//     between two representatives is reported for every pair of members of
//     their groups, which share its exact scores.
//
// Tasks run in a conc stream, whose callbacks run in submission order, and
// every list is sorted before it is returned, so the result is the same
// whatever the number of workers.
package scan
