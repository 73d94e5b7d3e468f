// Package gen generates synthetic corpora with planted near duplicates, for
// tests and benchmarks. Output depends only on the Config, seed included.
//
// Text is prose-like: sentences of pseudo-words drawn from a Zipf
// distribution over a fixed vocabulary (so a few words are very common and
// most are rare, as in news text), with capitals and full stops. With Sites
// set, each document is framed by the header and footer of one of that many
// sites (navigation, share links, a copyright line), so unrelated documents
// of a site share boilerplate, as crawled news does.
//
// A planted near duplicate is a copy of another document with a fraction of
// its words replaced, deleted or followed by an inserted word; a third of
// copies are syndicated, framed by another site's boilerplate.
package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Config describes a corpus to generate.
type Config struct {
	Seed     uint64
	Docs     int     // originals
	Copies   int     // planted near duplicates, each of a random earlier document
	MinWords int     // length of an original, in words
	MaxWords int     //
	MaxEdit  float64 // a copy edits a fraction of words uniform in [0, MaxEdit]
	Sites    int     // boilerplate templates; 0: no boilerplate
	// Pool, if not 0, is the number of sentences in a shared pool from
	// which every original is assembled, sentence by sentence: documents
	// then share most of their vocabulary and many sentences, but no two
	// tell one story, except planted copies.
	Pool int
	// Sentences, if not nil, are real sentences (each its words, with
	// their punctuation) from which the Pool sentences are drawn, instead
	// of sentences of pseudo-words; documents keep their sentences'
	// punctuation and case.
	Sentences [][]string
}

// News returns a configuration of news-length documents (3 to 6 KB) with
// boilerplate, docs originals and one planted copy per ten originals, edited
// up to 15%.
func News(seed uint64, docs int) Config {
	return Config{Seed: seed, Docs: docs, Copies: docs / 10, MinWords: 420, MaxWords: 850, MaxEdit: 0.15, Sites: 50}
}

// SentencePool returns a configuration of documents assembled from a pool of
// sentences (see Config.Pool): a null corpus for the related tier, in which
// every pair sharing rare words does so by chance, like a folder of technical
// documentation or a crawl of one site. Sizes and copies are as in News,
// without boilerplate.
func SentencePool(seed uint64, docs int) Config {
	c := News(seed, docs)
	c.Sites = 0
	c.Pool = max(1000, docs)
	return c
}

// A Doc is a generated document.
type Doc struct {
	Name string
	Text string
}

// A Plant records a planted near duplicate: Copy was made from Source by
// editing about Edit of its words.
type Plant struct {
	Source, Copy string
	Edit         float64
}

// Corpus is a generated corpus.
type Corpus struct {
	Docs   []Doc // originals first, then copies
	Plants []Plant
}

// vocabSize is the number of distinct words.
const vocabSize = 20000

// Generate returns the corpus described by c.
func Generate(c Config) Corpus {
	rng := rand.New(rand.NewPCG(c.Seed, 0x6e656172))
	vocab := vocabulary(rand.New(rand.NewPCG(c.Seed, 1)))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(c.Seed, 2)), 1.1, 2, vocabSize-1)
	word := func() string { return vocab[zipf.Uint64()] }

	sites := make([]site, c.Sites)
	for i := range sites {
		sites[i] = newSite(i, word, rng)
	}
	frame := func(text string) string {
		if len(sites) == 0 {
			return text
		}
		s := sites[rng.IntN(len(sites))]
		return s.header + text + s.footer
	}

	pool := c.pool(rng, word)

	var out Corpus
	words := make([][]string, 0, c.Docs+c.Copies)
	for i := 0; i < c.Docs; i++ {
		w := c.draw(rng, pool, word)
		words = append(words, w)
		out.Docs = append(out.Docs, Doc{Name: fmt.Sprintf("doc%06d.txt", i), Text: frame(c.prose(w, rng))})
	}
	for i := 0; i < c.Copies; i++ {
		src := rng.IntN(len(words))
		edit := rng.Float64() * c.MaxEdit
		var w []string
		for _, x := range words[src] {
			if rng.Float64() >= edit {
				w = append(w, x)
				continue
			}
			switch rng.IntN(3) {
			case 0: // replace
				w = append(w, word())
			case 1: // delete
			case 2: // insert after
				w = append(w, x, word())
			}
		}
		words = append(words, w)
		name := fmt.Sprintf("copy%06d.txt", i)
		text := c.prose(w, rng)
		if src < c.Docs && len(sites) > 0 && rng.IntN(3) > 0 {
			// Two thirds keep the source's frame; the rest are
			// syndicated under another site's.
			text = frameOf(out.Docs[src].Text, text, sites)
		} else {
			text = frame(text)
		}
		out.Docs = append(out.Docs, Doc{Name: name, Text: text})
		out.Plants = append(out.Plants, Plant{Source: out.Docs[src].Name, Copy: name, Edit: edit})
	}
	return out
}

// A site is a boilerplate frame.
type site struct{ header, footer string }

func newSite(i int, word func() string, rng *rand.Rand) site {
	name := strings.ToUpper(word()[:1]) + word()[1:] + " " + []string{"News", "Times", "Post", "Daily", "Wire"}[i%5]
	var h, f strings.Builder
	h.WriteString(name + "\nHome | World | Business | Politics | Tech | Sport | Opinion | Video\n")
	for j := 0; j < 5+rng.IntN(10); j++ {
		h.WriteString(word() + " | ")
	}
	h.WriteString("Subscribe | Sign in\n\n")
	f.WriteString("\nShare this article: Facebook | X | Email | Copy link\nRead more: ")
	for j := 0; j < 10+rng.IntN(20); j++ {
		f.WriteString(word() + " ")
	}
	fmt.Fprintf(&f, "\nLeave a comment. Your email address will not be published.\n© 2026 %s. All rights reserved.\n", name)
	return site{h.String(), f.String()}
}

// frameOf frames text with the frame of the source document, whose frame is
// one of sites.
func frameOf(source, text string, sites []site) string {
	for _, s := range sites {
		if strings.HasPrefix(source, s.header) && strings.HasSuffix(source, s.footer) {
			return s.header + text + s.footer
		}
	}
	return text
}

// vocabulary makes vocabSize distinct pseudo-words of 1 to 4 syllables.
func vocabulary(rng *rand.Rand) []string {
	cons := []string{"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st", "tr", "ch", "sh"}
	vows := []string{"a", "e", "i", "o", "u", "ai", "ou", "ea"}
	seen := map[string]bool{}
	var v []string
	for len(v) < vocabSize {
		var b strings.Builder
		for s := 1 + rng.IntN(4); s > 0; s-- {
			b.WriteString(cons[rng.IntN(len(cons))])
			b.WriteString(vows[rng.IntN(len(vows))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			v = append(v, w)
		}
	}
	return v
}

// pool returns the pool of sentences documents are assembled from, if any:
// Pool sentences of 6 to 24 pseudo-words, or Pool of the real Sentences
// drawn without replacement (all of them if there are fewer).
func (c Config) pool(rng *rand.Rand, word func() string) [][]string {
	var pool [][]string
	if c.Sentences != nil {
		if c.Pool == 0 {
			return nil
		}
		for _, i := range rng.Perm(len(c.Sentences))[:min(c.Pool, len(c.Sentences))] {
			pool = append(pool, c.Sentences[i])
		}
		return pool
	}
	for range c.Pool {
		s := make([]string, 6+rng.IntN(19))
		for j := range s {
			s[j] = word()
		}
		pool = append(pool, s)
	}
	return pool
}

// prose formats a document's words: real sentences as they are, in
// paragraphs of 2 to 6 sentences; pseudo-words with prose.
func (c Config) prose(words []string, rng *rand.Rand) string {
	if c.Sentences == nil {
		return prose(words, rng)
	}
	var b strings.Builder
	left := 2 + rng.IntN(5) // sentences left in the paragraph
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if strings.ContainsAny(w[len(w)-1:], ".!?") {
			if left--; left == 0 {
				b.WriteString("\n\n")
				left = 2 + rng.IntN(5)
			}
		}
	}
	b.WriteByte('\n')
	return strings.ReplaceAll(b.String(), "\n\n ", "\n\n")
}

// draw returns the words of an original: MinWords to MaxWords of them, drawn
// as whole sentences of pool when there is one, else one at a time by word.
func (c Config) draw(rng *rand.Rand, pool [][]string, word func() string) []string {
	n := c.MinWords + rng.IntN(c.MaxWords-c.MinWords+1)
	var w []string
	if len(pool) > 0 {
		for len(w) < n {
			w = append(w, pool[rng.IntN(len(pool))]...)
		}
	} else {
		w = make([]string, n)
		for j := range w {
			w[j] = word()
		}
	}
	return w
}

// SplitSentences splits text into sentences of 6 to 40 words: runs of words
// ending with one that ends in '.', '!' or '?'. Shorter and longer runs
// (headings, lists, code) are dropped.
func SplitSentences(text string) [][]string {
	var out [][]string
	var cur []string
	for _, w := range strings.Fields(text) {
		cur = append(cur, w)
		if strings.ContainsAny(w[len(w)-1:], ".!?") {
			if len(cur) >= 6 && len(cur) <= 40 {
				out = append(out, cur)
			}
			cur = nil
		}
	}
	return out
}

// prose joins words into sentences of 6 to 24 words and paragraphs of 2 to 6
// sentences.
func prose(words []string, rng *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < len(words); {
		for s := 2 + rng.IntN(5); s > 0 && i < len(words); s-- {
			n := min(6+rng.IntN(19), len(words)-i)
			for j, w := range words[i : i+n] {
				if j == 0 {
					b.WriteString(strings.ToUpper(w[:1]) + w[1:])
				} else {
					b.WriteString(" " + w)
				}
			}
			b.WriteString(". ")
			i += n
		}
		b.WriteString("\n\n")
	}
	return b.String()
}
