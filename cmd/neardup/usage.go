package main

const usage = `neardup finds exact and near-duplicate documents in a corpus.

Usage:
  neardup scan [flags] [PATH...]   scan folders and files (no PATH: the built-in sample)
  neardup bench gen [--docs N] OUT write a generated corpus with planted near duplicates
  neardup help                     show this help

Run 'neardup scan -h' for the scan flags. Exit status: 0 on success (whether
or not duplicates were found), 1 on failure, 2 on a usage error.
`

const scanUsage = `Usage: neardup scan [flags] [PATH...]

Scans the .txt and .md files under each PATH (folders are walked, files are
read whatever their extension) and reports exact duplicates (identical after
normalization) and near duplicates (word-shingle Jaccard at or above
--threshold, verified exactly), grouped in clusters. With no PATH, scans the
built-in sample corpus. Files under PATH are only read, never changed.

Flags may come before or after the paths.

`
