package bench

import (
	"slices"
	"strings"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/corpus"
)

// ReadSentences returns the sentences of the .txt, .md and .rst files under
// roots (gen.SplitSentences), each once, sorted: the stock of a sentence-pool
// corpus of real text. Files that cannot be read are passed over.
func ReadSentences(roots []corpus.Root) ([][]string, error) {
	l, err := corpus.Walk(roots, corpus.WalkOptions{Extensions: []string{".txt", ".md", ".rst"}})
	if err != nil {
		return nil, err
	}
	defer l.Close()
	seen := map[string][]string{}
	var r corpus.Reader
	for _, e := range l.Entries {
		d, err := r.Load(e, corpus.DefaultMaxBytes)
		if err != nil {
			continue
		}
		for _, s := range gen.SplitSentences(string(d.Text)) {
			seen[strings.Join(s, " ")] = s
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([][]string, len(keys))
	for i, k := range keys {
		out[i] = seen[k]
	}
	return out, nil
}
