package gen

import (
	"fmt"
	"math/rand/v2"
)

// Stream generates a corpus of the kind c describes without holding it:
// emit is called with each document in turn, the originals and then the
// copies, and for a copy with its plant and its source's text. Each document comes from a random
// source of its own, and a copy makes its source again, so memory stays
// small whatever the size: what a benchmark of millions of documents needs.
// Copies are made of originals only. Its documents are not those Generate
// makes from the same Config. Stream returns the first error emit returns.
func Stream(c Config, emit func(d Doc, p *Plant, source string) error) error {
	base := rand.New(rand.NewPCG(c.Seed, 0x6e656172))
	vocab := vocabulary(rand.New(rand.NewPCG(c.Seed, 1)))
	shared := rand.NewZipf(rand.New(rand.NewPCG(c.Seed, 2)), 1.1, 2, vocabSize-1)
	sites := make([]site, c.Sites)
	for i := range sites {
		sites[i] = newSite(i, func() string { return vocab[shared.Uint64()] }, base)
	}
	pool := c.pool(base, func() string { return vocab[shared.Uint64()] })
	// original returns the words, frame and text of original i.
	original := func(i int) ([]string, int, string) {
		rng := rand.New(rand.NewPCG(c.Seed^0x6f726967, uint64(i)))
		zipf := rand.NewZipf(rng, 1.1, 2, vocabSize-1)
		w := c.draw(rng, pool, func() string { return vocab[zipf.Uint64()] })
		frame := -1
		text := c.prose(w, rng)
		if len(sites) > 0 {
			frame = rng.IntN(len(sites))
			text = sites[frame].header + text + sites[frame].footer
		}
		return w, frame, text
	}
	name := func(i int) string { return fmt.Sprintf("doc%07d.txt", i) }
	for i := 0; i < c.Docs; i++ {
		_, _, text := original(i)
		if err := emit(Doc{Name: name(i), Text: text}, nil, ""); err != nil {
			return err
		}
	}
	for j := 0; j < c.Copies; j++ {
		rng := rand.New(rand.NewPCG(c.Seed^0x636f7079, uint64(j)))
		zipf := rand.NewZipf(rng, 1.1, 2, vocabSize-1)
		src := rng.IntN(c.Docs)
		w, frame, srcText := original(src)
		edit := rng.Float64() * c.MaxEdit
		var out []string
		for _, x := range w {
			if rng.Float64() >= edit {
				out = append(out, x)
				continue
			}
			switch rng.IntN(3) {
			case 0:
				out = append(out, vocab[zipf.Uint64()])
			case 1:
			case 2:
				out = append(out, x, vocab[zipf.Uint64()])
			}
		}
		text := c.prose(out, rng)
		if len(sites) > 0 {
			// Two thirds keep the source's frame; the rest are
			// syndicated under another site's.
			f := frame
			if rng.IntN(3) == 0 {
				f = rng.IntN(len(sites))
			}
			text = sites[f].header + text + sites[f].footer
		}
		copyName := fmt.Sprintf("copy%07d.txt", j)
		if err := emit(Doc{Name: copyName, Text: text}, &Plant{Source: name(src), Copy: copyName, Edit: edit}, srcText); err != nil {
			return err
		}
	}
	return nil
}
