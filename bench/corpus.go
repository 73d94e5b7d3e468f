package bench

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
)

// PerFolder is the number of documents written to each shard folder.
const PerFolder = 1000

// A Planted pair is a planted near duplicate as a scan of the written corpus
// names it, with its exact shingle Jaccard.
type Planted struct {
	A, B    string // document ids, A < B
	Edit    float64
	Jaccard float64
}

// ID returns the id under which a scan of a written corpus sees document i.
func ID(i int, name string) string {
	return fmt.Sprintf("%03d/%s", i/PerFolder, name)
}

// Write writes c's documents under dir in shard folders of PerFolder
// documents, and dir/planted.tsv listing the planted pairs with their exact
// Jaccard under opt. It returns the planted pairs.
func Write(dir string, c gen.Corpus, opt shingle.Options) ([]Planted, error) {
	ids := map[string]string{}
	for i, d := range c.Docs {
		id := ID(i, d.Name)
		ids[d.Name] = id
		p := filepath.Join(dir, filepath.FromSlash(id))
		if i%PerFolder == 0 {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return nil, err
			}
		}
		if err := os.WriteFile(p, []byte(d.Text), 0o644); err != nil {
			return nil, err
		}
	}
	planted := PlantedPairs(c, opt)
	for i := range planted {
		planted[i].A, planted[i].B = ids[planted[i].A], ids[planted[i].B]
		if planted[i].A > planted[i].B {
			planted[i].A, planted[i].B = planted[i].B, planted[i].A
		}
	}
	f, err := os.Create(filepath.Join(dir, "planted.tsv"))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "a\tb\tedit\tjaccard\n")
	for _, p := range planted {
		fmt.Fprintf(w, "%s\t%s\t%.4f\t%.6f\n", p.A, p.B, p.Edit, p.Jaccard)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return planted, f.Close()
}

// PlantedPairs returns c's planted pairs, by document name, with their exact
// shingle Jaccard under opt.
func PlantedPairs(c gen.Corpus, opt shingle.Options) []Planted {
	text := map[string]string{}
	for _, d := range c.Docs {
		text[d.Name] = d.Text
	}
	sh := shingle.New(opt)
	set := func(s string) []uint64 {
		return shingle.Set(sh.AppendHashes(nil, shingle.Normalize([]byte(s))))
	}
	var out []Planted
	for _, p := range c.Plants {
		j := lsh.Compare(set(text[p.Source]), set(text[p.Copy])).Jaccard
		out = append(out, Planted{A: p.Source, B: p.Copy, Edit: p.Edit, Jaccard: j})
	}
	return out
}

// WriteJSONL streams the corpus c describes (gen.Stream) into the JSONL file
// path, one {"id", "text"} record a document, compressed if path ends in .gz
// or .zst, and its planted pairs, with their exact Jaccard under opt, into
// path's name without its extensions plus ".planted.tsv". It holds one
// document at a time: corpora of millions of documents need not fit on disk
// twice. It returns the numbers of documents and bytes of text written.
func WriteJSONL(path string, c gen.Config, opt shingle.Options) (docs int, bytes int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var w io.Writer = f
	var closer io.Closer
	switch {
	case strings.HasSuffix(path, ".gz"):
		zw := gzip.NewWriter(f)
		w, closer = zw, zw
	case strings.HasSuffix(path, ".zst"):
		zw, err := zstd.NewWriter(f)
		if err != nil {
			return 0, 0, err
		}
		w, closer = zw, zw
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	base := path
	for ext := filepath.Ext(base); ext != ""; ext = filepath.Ext(base) {
		base = strings.TrimSuffix(base, ext)
	}
	pf, err := os.Create(base + ".planted.tsv")
	if err != nil {
		return 0, 0, err
	}
	defer pf.Close()
	pw := bufio.NewWriter(pf)
	fmt.Fprintf(pw, "a\tb\tedit\tjaccard\n")
	sh := shingle.New(opt)
	set := func(s string) []uint64 {
		return shingle.Set(sh.AppendHashes(nil, shingle.Normalize([]byte(s))))
	}
	err = gen.Stream(c, func(d gen.Doc, p *gen.Plant, source string) error {
		line, err := json.Marshal(map[string]string{"id": d.Name, "text": d.Text})
		if err != nil {
			return err
		}
		bw.Write(append(line, '\n'))
		docs++
		bytes += int64(len(d.Text))
		if p != nil {
			a, b := p.Source, p.Copy
			j := lsh.Compare(set(source), set(d.Text)).Jaccard
			fmt.Fprintf(pw, "%s\t%s\t%.4f\t%.6f\n", min(a, b), max(a, b), p.Edit, j)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, 0, err
	}
	if closer != nil {
		if err := closer.Close(); err != nil {
			return 0, 0, err
		}
	}
	if err := pw.Flush(); err != nil {
		return 0, 0, err
	}
	return docs, bytes, f.Close()
}
