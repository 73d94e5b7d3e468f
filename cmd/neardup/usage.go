package main

// The commands, with their usage texts. Each run function is in the file
// named after its command.

var scanCmd = &command{
	name:     "scan",
	synopsis: "scan [flags] [PATH...]",
	summary:  "report duplicates and related documents (no PATH: the built-in sample)",
	usage: `Scans the .txt and .md files under each PATH (folders are walked; files, and
JSONL files, are read whatever their extension; - is standard input) and
reports exact duplicates (identical after normalization), near duplicates
(word-shingle Jaccard at or above --threshold, verified exactly), grouped in
removal clusters, and related documents (the same story in other words:
related score at or above --related-threshold). With no PATH, scans the
built-in sample corpus. Files under PATH are only read, never changed.

The report goes to standard output, or atomically to the file -o names; a
name ending in .json, .csv, .html or .txt sets the format, and .gz or .zst
compresses it.

Flags may come before or after the paths.

`,
	run: runScan,
}

var dedupeCmd = &command{
	name:     "dedupe",
	synopsis: "dedupe [flags] --out OUT PATH...",
	summary:  "write the corpus without its duplicates",
	usage: `Scans PATH for exact and near duplicates and keeps one document of each
removal cluster: every document removed is a verified duplicate of the one
kept in its place. Nothing under PATH is changed.

For JSONL input, OUT gets the kept records exactly as they were, in input
order. For files and folders, OUT gets one JSON line per document:
{"id", "status": "kept"|"removed"|"skipped", "duplicate_of", "kind",
"similarity"} (and "reason" for skipped ones). Either way OUT is JSONL: its
name ends in .jsonl or .ndjson, and .gz or .zst compresses it; for Parquet
input, an OUT named .parquet gets the kept rows as Parquet, with the input's
schema. --removed FILE
records each removal as a JSON line. The outputs are written together, to
temporary names renamed when all are complete.

--from REPORT applies the clusters of an earlier 'neardup scan --format json'
report instead of scanning, once each document is checked unchanged.

--index INDEX also removes each document that is an exact or near duplicate
of a document of the index (neardup index), then adds the kept documents to
the index, which is created if missing: a growing corpus keeps only what is
new. A cluster whose kept document is removed that way keeps its other
members unless they too duplicate an indexed document.

`,
	run: runDedupe,
}

var explainCmd = &command{
	name:     "explain",
	synopsis: "explain [flags] [--in PATH]... A B",
	summary:  "explain a pair: every score, shared terms and passages",
	usage: `Explains the pair of documents A and B: the exact shingle Jaccard, its MinHash
estimate and the containments, the related score and the terms it comes
from, and the passages the two share, with their byte offsets in both. A and
B are files, or document ids under the --in paths, whose documents then give
the term statistics of the related score (without --in, A and B alone do).

`,
	run: runExplain,
}

var evalCmd = &command{
	name:     "eval",
	synopsis: "eval --gold FILE [flags] [PATH...]",
	summary:  "score a scan against gold clusters (P/R/F1 per kind)",
	usage: `Scans PATH as 'neardup scan' does and scores the pairs against gold clusters:
every pair of documents in the same gold cluster is a positive, every other
pair a negative. Prints precision, recall and F1 for each kind and for all
kinds together at the given thresholds, and a sweep of the related threshold.
Scanned ids match gold ids as they are or without their extension
("1_10ecb.txt" is "1_10ecb").

`,
	run: runEval,
}

var benchCmd = &command{
	name:     "bench",
	synopsis: "bench gen [flags] OUT",
	summary:  "write a generated corpus with planted near duplicates",
	usage: `Writes a generated corpus with planted near duplicates to the new folder
OUT, in folders of 1,000 documents, and OUT/planted.tsv listing the planted
pairs with their exact word 3-gram Jaccard.

`,
	run: runBench,
}

var indexCmd = &command{
	name:     "index",
	synopsis: "index add|query|remove|stats [flags] INDEX ...",
	summary:  "a persistent index: add documents, query new ones against it",
	usage: `A persistent index of documents in one file, INDEX, for deduplicating new
documents against a corpus without scanning it again:

  neardup index add [flags] INDEX PATH...     add documents (created on first add)
  neardup index query [flags] INDEX PATH...   pairs of these documents with the
                                              indexed ones and among themselves;
                                              adds nothing
  neardup index remove INDEX ID...            remove documents
  neardup index stats [--format json] INDEX   its size and parameters

PATH is read as 'neardup scan' reads it. The index holds each document's
sketch and shingle set: queries verify every candidate exactly, even once
the original files are gone. Adding a document already there with the same
content does nothing; with other content, replaces it. Each batch of
documents is added whole or not at all, so an interrupted add leaves a
usable index, and the same add completes it. Shingles, threshold, signer,
seed and the related parameters are fixed when the index is created: later
flags that conflict with them are refused.

`,
	run: runIndex,
}

var serveCmd = &command{
	name:     "serve",
	synopsis: "serve [--addr 127.0.0.1:7777] INDEX",
	summary:  "an HTTP JSON service over an index",
	usage: `Serves the index INDEX (neardup index) over HTTP, JSON in and out:

  POST   /v1/query            {"text", "id"?}  -> {"matches": [...]}
  POST   /v1/documents        {"id", "text"}   -> {"id", "status", "matches": [...]}
  GET    /v1/documents/{id}   the document's record
  DELETE /v1/documents/{id}   removes it
  GET    /healthz             {"status": "ok", "documents": n}
  GET    /metrics             Prometheus text format

A match is {"id", "kind", "similarity", "estimate", "containment_ab",
"containment_ba", "score"}: a is the document sent, b the indexed one.
Many requests read at once; adds and removes take turns. SIGTERM or
interrupt stops accepting requests, finishes those in flight and exits 0.

`,
	run: runServe,
}

var sketchCmd = &command{
	name:     "sketch",
	synopsis: "sketch [flags] --out FILE.parquet PATH...",
	summary:  "export sketches and band keys as Parquet, for SQL engines",
	usage: `Writes FILE.parquet with one row per document and band: id, band, key (the
band key, a signed 64-bit integer: SQL engines have no unsigned type) and,
on the document's band 0 row, sketch (its Sketch, the engine's versioned
binary encoding). Near candidates are the pairs with a row of equal band and
key, one self-join in any SQL engine:

  SELECT DISTINCT a.id, b.id FROM 'FILE.parquet' a
  JOIN 'FILE.parquet' b ON a.band = b.band AND a.key = b.key AND a.id < b.id

`,
	run: runSketch,
}

var versionCmd = &command{
	name:     "version",
	synopsis: "version",
	summary:  "print the version (also --version)",
	usage:    "Prints the module version and the commit neardup was built from.\n\n",
	run:      runVersion,
}
