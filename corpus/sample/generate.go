//go:build ignore

// generate.go derives the sample's variant documents from the seed articles
// in docs/. Run with `go generate` in this folder; the output is committed.
// It uses a fixed seed, so it writes the same files every time.
package main

import (
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func read(name string) string {
	b, err := os.ReadFile(filepath.Join("docs", name))
	if err != nil {
		log.Fatal(err)
	}
	return string(b)
}

func write(name, text string) {
	if err := os.WriteFile(filepath.Join("docs", name), []byte(text), 0o644); err != nil {
		log.Fatal(err)
	}
}

// body returns the text after the first line (the headline).
func body(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return rest
}

func main() {
	rng := rand.New(rand.NewPCG(2026, 11))

	// A syndicated copy: new headline, a publisher's header and footer.
	write("010_syndicated_copy_of_004.txt",
		"Beijing and Moscow vow to coordinate against 'hegemony' in talks between foreign ministers\n\n"+
			"WORLD DESK | Asia Wire Service | Updated 3 hours ago\nShare on Facebook | Share on X | Email this story\n"+
			body(read("004_5f2e6780d2df67cc.txt"))+
			"\nThis article was originally published by a partner outlet and is republished with permission.\n"+
			"Sign up for our daily briefing. Follow us for more world news. © Asia Wire Service. All rights reserved.\n")

	// A lightly edited copy: new headline, 3% of the words replaced.
	words := strings.Fields(body(read("002_8877f4eaf635df03.txt")))
	vocab := []string{"officials", "reportedly", "also", "major", "new", "key", "said", "recent", "further", "broad"}
	edits := len(words) * 3 / 100
	for _, i := range rng.Perm(len(words))[:edits] {
		words[i] = vocab[rng.IntN(len(vocab))]
	}
	write("011_edited_copy_of_002.txt",
		"Xi and Putin pledge mutual support in phone call amid global turbulence\n"+strings.Join(words, " ")+"\n")

	// An exact copy.
	write("012_exact_copy_of_001.txt", read("001_8b95919d7c02db6a.txt"))

	// A copy that differs only in what normalization removes.
	src := read("000_899089616a540f22.txt")
	head, rest, _ := strings.Cut(src, "\n")
	rest = strings.NewReplacer("’", "'", "“", "\"", "”", "\"", ". ", ".\n  ").Replace(rest)
	write("013_reformatted_copy_of_000.txt", strings.ToUpper(head)+"\n"+rest)
}
