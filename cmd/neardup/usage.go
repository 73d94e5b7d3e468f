package main

const usage = `neardup finds exact and near-duplicate documents in a corpus.

Usage:
  neardup scan [flags] [PATH...]   scan folders and files (no PATH: the built-in sample)
  neardup dedupe --out OUT PATH... write the corpus without its duplicates
  neardup explain [--in PATH] A B  explain a pair: every score, shared terms and passages
  neardup eval --gold FILE [PATH...] score a scan against gold clusters (P/R/F1 per kind)
  neardup bench gen [--docs N] OUT write a generated corpus with planted near duplicates
  neardup help                     show this help

Run 'neardup scan -h' for the scan flags. Exit status: 0 on success (whether
or not duplicates were found), 1 on failure, 2 on a usage error.
`

const scanUsage = `Usage: neardup scan [flags] [PATH...]

Scans the .txt and .md files under each PATH (folders are walked, files are
read whatever their extension) and reports exact duplicates (identical after
normalization), near duplicates (word-shingle Jaccard at or above
--threshold, verified exactly), grouped in clusters, and related documents
(the same story in other words: related score at or above
--related-threshold). With no PATH, scans the built-in sample corpus. Files
under PATH are only read, never changed.

Flags may come before or after the paths.

`

const evalUsage = `Usage: neardup eval --gold clusters.tsv [flags] [PATH...]

Scans PATH as 'neardup scan' does and scores the pairs against gold clusters:
every pair of documents in the same gold cluster is a positive, every other
pair a negative. Prints precision, recall and F1 for each kind and for all
kinds together at the given thresholds, and a sweep of the related threshold.
Scanned ids match gold ids as they are or without their extension
("1_10ecb.txt" is "1_10ecb").

`

const explainUsage = `Usage: neardup explain [flags] [--in PATH]... A B

Explains the pair of documents A and B: the exact shingle Jaccard, its MinHash
estimate and the containments, the related score and the terms it comes
from, and the passages the two share, with their byte offsets in both. A and
B are files, or document ids under the --in paths, whose documents then give
the term statistics of the related score (without --in, A and B alone do).

`

const dedupeUsage = `Usage: neardup dedupe [flags] --out OUT PATH...

Scans PATH for exact and near duplicates, keeps one document of each cluster
and removes the others. For JSONL input, OUT gets the kept records exactly
as they were, in input order (compressed if OUT ends in .gz or .zst); for
other input, OUT lists the kept, removed and skipped files (nothing is
deleted or moved). --removed FILE records each removal as a JSON line.
Outputs are written to a temporary name and renamed when complete.

`
