// Package bench measures neardup: it writes generated corpora with planted
// near duplicates to disk (also from the command line, `neardup bench gen`),
// and its benchmarks time each stage of the pipeline against a floor, the
// cost of reading every document, normalizing it and hashing every shingle,
// measured in the same run so that results read as ratios.
//
//	go test ./bench -run XXX -bench . -count 6 | tee new.txt
//	benchstat new.txt
//
// The benchmark corpus has 2,000 news-length documents by default; -docs N
// generates another size, and -corpus DIR reuses a corpus written by
// `neardup bench gen`.
package bench
