package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/neardup/neardup/shingle"
)

// buildBackground writes term\tdf for post-1945 SOTU in 300-word chunks.
func buildBackground(dir, out string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	df := map[string]int{}
	chunks := 0
	for _, f := range files {
		y, _ := strconv.Atoi(filepath.Base(f)[:4])
		if y < 1946 {
			continue
		}
		b, _ := os.ReadFile(f)
		var s struct{ Text string }
		json.Unmarshal(b, &s)
		toks := strings.Fields(string(shingle.Normalize([]byte(s.Text))))
		for i := 0; i < len(toks); i += 300 {
			seen := map[string]bool{}
			for _, t := range toks[i:min(i+300, len(toks))] {
				seen[t] = true
			}
			for t := range seen {
				df[t]++
			}
			chunks++
		}
	}
	var keys []string
	for t, c := range df {
		if c >= 2 {
			keys = append(keys, t)
		}
	}
	sort.Strings(keys)
	w, _ := os.Create(out)
	fmt.Fprintf(w, "#docs\t%d\n", chunks)
	for _, t := range keys {
		fmt.Fprintf(w, "%s\t%d\n", t, df[t])
	}
	w.Close()
	fmt.Println("background chunks", chunks, "terms", len(keys))
}
