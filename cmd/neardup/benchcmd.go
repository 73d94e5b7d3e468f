package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/neardup/neardup/bench"
	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/shingle"
)

func runBench(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "gen" {
		return usagef("usage: neardup bench gen [--docs N] [--seed S] OUT")
	}
	fs := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	docs := fs.Int("docs", 100000, "number of original documents (one copy is planted per ten)")
	seed := fs.Uint64("seed", 1, "generator seed")
	kind := fs.String("corpus", "news", "`kind` of corpus: news (documents of their own words, framed by sites' boilerplate) or pool (documents assembled from one pool of sentences: shared vocabulary, no shared stories)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: neardup bench gen [flags] OUT\n\nWrites a generated corpus with planted near duplicates to the new folder\nOUT, in folders of 1,000 documents, and OUT/planted.tsv listing the planted\npairs with their exact word 3-gram Jaccard.\n\n")
		fs.PrintDefaults()
	}
	pos, help, err := parseArgs(fs, args[1:])
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("bench gen: give one output folder")
	}
	if *docs < 1 {
		return usagef("bench gen: --docs must be positive")
	}
	out := pos[0]
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists: bench gen writes a new folder", out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	cfg := gen.News(*seed, *docs)
	switch *kind {
	case "news":
	case "pool":
		cfg = gen.SentencePool(*seed, *docs)
	default:
		return usagef("bench gen: --corpus is news or pool")
	}
	c := gen.Generate(cfg)
	planted, err := bench.Write(out, c, shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize})
	if err != nil {
		return err
	}
	var size int64
	for _, d := range c.Docs {
		size += int64(len(d.Text))
	}
	fmt.Fprintf(stdout, "wrote %d documents (%.1f MB) and %d planted pairs to %s\n", len(c.Docs), float64(size)/1e6, len(planted), out)
	return nil
}
