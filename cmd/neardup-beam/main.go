// Command neardup-beam runs neardup's scan for exact and near duplicates as
// an Apache Beam pipeline: on Prism, in process, by default; on Dataflow,
// Flink or Spark with Beam's flags (README.md, "Scale out"). It is a module
// of its own so that the Beam SDK stays out of neardup's binary and build.
//
// The pipeline reads documents, sketches each with neardup's kernel, groups
// band keys, verifies each candidate pair exactly with neardup's classifier
// from the two documents, and writes the verified pairs in the JSON of
// `neardup scan`'s "pairs".
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
)

var (
	input  = flag.String("input", "", "documents to scan: a glob of files (local, gs:// or s3://), such as 'DIR/*.txt'")
	output = flag.String("output", "", "write the verified pairs to this file, as JSON")
)

func main() {
	// Beam's flags are stdlib flags: parse before anything else, so that
	// a worker started with them by its runner parses the same way.
	flag.Parse()
	beam.Init()
	if *input == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "usage: neardup-beam --input GLOB --output FILE [Beam flags: --runner ...]")
		os.Exit(2)
	}
	p, err := Pipeline(*input, *output)
	if err != nil {
		log.Fatal(err)
	}
	if err := beamx.Run(context.Background(), p); err != nil {
		log.Fatal(err)
	}
}
