// Command neardup-beam runs neardup's scan as an Apache Beam pipeline: on
// Prism, in process, by default; on Dataflow, Flink or Spark with Beam's
// flags (README.md, "Scale out"). It is a module of its own so that the Beam
// SDK stays out of neardup's binary and build.
//
// The pipeline reads documents, sketches each with neardup's kernel,
// combines the corpus statistics, finds candidate pairs (band keys, and
// shared specific terms), verifies each with neardup's classifier, and
// writes the report of `neardup scan --format json`: exact, near and related
// pairs, removal clusters and stories, the same, byte for byte.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/neardup/neardup/cmd/neardup/engine"
)

var (
	in     = flag.String("input", "", "documents to scan: a folder, walked as neardup walks it; or a glob of files (local, gs:// or s3://), such as 'DIR/*.txt' or 'gs://bucket/data/*.jsonl.gz'")
	output = flag.String("output", "", "write the report to this file: the JSON of `neardup scan --format json`")
	kinds  = flag.String("kinds", "", "comma-separated `kinds` to search and report: exact, near, related (default all)")
	thresh = flag.Float64("threshold", engine.DefaultThreshold, "near duplicates: exact shingle Jaccard at or above this")
	relThr = flag.Float64("related-threshold", 0, "related pairs: score at or above this (default: chosen by the corpus's size, as neardup does)")
	keep   = flag.String("keep", "", "which document a removal cluster keeps: longest (default), shortest, first or last")
	maxDoc = flag.Int64("max-doc-bytes", 0, "skip documents larger than this many `bytes` (default neardup's, 64 MiB)")
)

func main() {
	// Beam's flags are stdlib flags: parse before anything else, so that
	// a worker started with them by its runner parses the same way.
	flag.Parse()
	beam.Init()
	if *in == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "usage: neardup-beam --input FOLDER|GLOB --output FILE [Beam flags: --runner ...]")
		os.Exit(2)
	}
	p, err := Pipeline(*in, *output, Settings{Kinds: *kinds, Threshold: *thresh, RelatedThreshold: *relThr, Keep: *keep, MaxDocBytes: *maxDoc})
	if err != nil {
		fail(err, 2)
	}
	if err := beamx.Run(context.Background(), p); err != nil {
		fail(err, 1)
	}
}

// fail reports err on standard error, not through Beam's log (which gives
// it as INFO), and exits with code.
func fail(err error, code int) {
	fmt.Fprintln(os.Stderr, "neardup-beam:", err)
	os.Exit(code)
}
