// Command shinglesize measures how the word shingle size trades the
// detection of edited copies against false matches between different news
// stories, on a labeled corpus: a folder of .txt documents and a
// clusters.tsv (doc, story) file, such as the ECB+ sample in shared/.
//
//	go run ./bench/shinglesize -corpus ../shared/corpora/ecbplus_public
//
// For each n it prints, over all pairs of documents about different stories,
// the largest Jaccard and how many pairs reach 0.5 and 0.8, and for copies of
// every document with p% of words replaced (p = 1, 3, 5, 10; fixed seed) the
// mean and 5th-percentile Jaccard with the original.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
)

func main() {
	dir := flag.String("corpus", "../shared/corpora/ecbplus_public", "folder with docs/ and clusters.tsv")
	flag.Parse()
	story := readClusters(filepath.Join(*dir, "clusters.tsv"))
	var ids []string
	for id := range story {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	texts := make([]string, len(ids))
	var vocab []string
	for i, id := range ids {
		b, err := os.ReadFile(filepath.Join(*dir, "docs", id+".txt"))
		if err != nil {
			log.Fatal(err)
		}
		texts[i] = string(b)
		vocab = append(vocab, strings.Fields(texts[i])...)
	}
	fmt.Printf("%d documents, %d stories\n\n", len(ids), len(distinct(story)))
	fmt.Println("n | different stories: max J, pairs J>=0.5, J>=0.8 | edited copies, mean J (5th pct): 1%, 3%, 5%, 10% words replaced")
	for n := 1; n <= 7; n++ {
		sh := shingle.New(shingle.Options{Unit: shingle.Words, Size: n})
		sets := make([][]uint64, len(ids))
		for i, t := range texts {
			sets[i] = shingle.Set(sh.AppendHashes(nil, shingle.Normalize([]byte(t))))
		}
		maxJ, over5, over8 := 0.0, 0, 0
		for i := range sets {
			for j := i + 1; j < len(sets); j++ {
				if story[ids[i]] == story[ids[j]] {
					continue
				}
				jac := lsh.Compare(sets[i], sets[j]).Jaccard
				maxJ = max(maxJ, jac)
				if jac >= 0.5 {
					over5++
				}
				if jac >= 0.8 {
					over8++
				}
			}
		}
		fmt.Printf("%d | %.3f %d %d |", n, maxJ, over5, over8)
		for _, p := range []float64{0.01, 0.03, 0.05, 0.10} {
			rng := rand.New(rand.NewPCG(uint64(n), uint64(p*1000)))
			var js []float64
			for i, t := range texts {
				w := strings.Fields(t)
				if len(w) < 100 {
					continue
				}
				for _, k := range rng.Perm(len(w))[:int(p*float64(len(w))+0.5)] {
					w[k] = vocab[rng.IntN(len(vocab))]
				}
				ed := shingle.Set(sh.AppendHashes(nil, shingle.Normalize([]byte(strings.Join(w, " ")))))
				js = append(js, lsh.Compare(sets[i], ed).Jaccard)
			}
			slices.Sort(js)
			sum := 0.0
			for _, j := range js {
				sum += j
			}
			fmt.Printf(" %.3f (%.3f)", sum/float64(len(js)), js[len(js)/20])
		}
		fmt.Println()
	}
}

func readClusters(path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		doc, st, ok := strings.Cut(sc.Text(), "\t")
		if ok && doc != "doc" {
			m[doc] = st
		}
	}
	return m
}

func distinct(m map[string]string) map[string]bool {
	s := map[string]bool{}
	for _, v := range m {
		s[v] = true
	}
	return s
}
