package main

import (
	"fmt"
	"os"

	"github.com/neardup/neardup/bench"
	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/shingle"
)

func runBench(c *command, io streams, args []string) error {
	stdout := io.out
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		args = []string{"gen", "-h"}
	}
	if len(args) == 0 || args[0] != "gen" {
		return usagef("usage: neardup bench gen [--docs N] [--seed S] [--corpus news|pool] [--sentences DIR] OUT")
	}
	fs := newFlags(c)
	docs := fs.Int("docs", 100000, "number of original documents (one copy is planted per ten)")
	seed := fs.Uint64("seed", 1, "generator seed")
	jsonl := fs.Bool("jsonl", false, "write OUT as one JSONL file of {\"id\", \"text\"} records (.gz or .zst to compress), generated a document at a time (different documents from the folder's), with OUT's name plus .planted.tsv beside it")
	sentences := fs.String("sentences", "", "with --corpus pool: draw the pool's sentences from the .txt, .md and .rst files under `DIR` (real text, such as a documentation folder) instead of pseudo-words")
	kind := fs.String("corpus", "news", "`kind` of corpus: news (documents of their own words, framed by sites' boilerplate) or pool (documents assembled from one pool of sentences: shared vocabulary, no shared stories)")
	pos, help, err := parseArgs(fs, c, args[1:], io.out)
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
		return fmt.Errorf("%s exists: bench gen writes a new file or folder", out)
	}
	cfg := gen.News(*seed, *docs)
	switch *kind {
	case "news":
	case "pool":
		cfg = gen.SentencePool(*seed, *docs)
	default:
		return usagef("bench gen: --corpus is news or pool")
	}
	if *sentences != "" {
		if *kind != "pool" {
			return usagef("bench gen: --sentences needs --corpus pool")
		}
		roots, err := corpus.RootsFromArgs([]string{*sentences})
		if err != nil {
			return err
		}
		if cfg.Sentences, err = bench.ReadSentences(roots); err != nil {
			return err
		}
		if len(cfg.Sentences) < 100 {
			return fmt.Errorf("bench gen: %d sentences of 6 to 40 words under %s; a pool needs at least 100", len(cfg.Sentences), *sentences)
		}
	}
	if *jsonl {
		n, size, err := bench.WriteJSONL(out, cfg, shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d documents (%.1f MB) to %s\n", n, float64(size)/1e6, out)
		return nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	corp := gen.Generate(cfg)
	planted, err := bench.Write(out, corp, shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize})
	if err != nil {
		return err
	}
	var size int64
	for _, d := range corp.Docs {
		size += int64(len(d.Text))
	}
	fmt.Fprintf(stdout, "wrote %d documents (%.1f MB) and %d planted pairs to %s\n", len(corp.Docs), float64(size)/1e6, len(planted), out)
	return nil
}
