package main

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/index"
	"github.com/neardup/neardup/cmd/neardup/outfile"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/parquet-go/parquet-go"
	"github.com/sourcegraph/conc/stream"
)

// sketchRow is a row of the sketch export: one per document and band. The
// band key is signed (SQL engines have no unsigned 64-bit type); the sketch
// (engine's encoding) is on the document's band 0 row only.
type sketchRow struct {
	ID     string `parquet:"id,dict"`
	Band   int32  `parquet:"band"`
	Key    int64  `parquet:"key"`
	Sketch []byte `parquet:"sketch,optional"`
}

func runSketch(c *command, io streams, args []string) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: io.in}
	var out string
	fs := newFlags(c)
	fs.StringVar(&out, "out", "", "write the sketches to `FILE` (.parquet)")
	sketchFlags(fs, &opt)
	inputFlags(fs, &walk, &opt)
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if out == "" || len(pos) == 0 {
		return usagef("sketch: give --out FILE.parquet and at least one PATH")
	}
	if !strings.HasSuffix(strings.ToLower(out), ".parquet") {
		return usagef("--out %s: the sketches are Parquet: name the file .parquet", out)
	}
	if err := checkOptions(opt); err != nil {
		return err
	}
	banding, err := opt.Rules().Banding(opt.Perm)
	if err != nil {
		return err
	}
	roots, err := corpus.RootsFromArgs(pos)
	if err != nil {
		return err
	}
	if err := checkOutput(out, roots, walk); err != nil {
		return err
	}
	l, err := corpus.Walk(roots, walk)
	if err != nil {
		return flagError(err)
	}
	defer l.Close()
	g := outfile.NewGroup(io.out)
	f, err := g.Create(out)
	if err != nil {
		return err
	}
	w := parquet.NewGenericWriter[sketchRow](f, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(256<<10))
	cfg := opt.Config()
	cfg.Terms = true
	docs, rowsOut := 0, 0
	var werr error
	st := stream.New().WithMaxGoroutines(runtime.GOMAXPROCS(0))
	skipped, err := loadDocs(l, opt.MaxDocBytes, func(batch []index.Doc) error {
		for lo := 0; lo < len(batch); lo += 64 {
			part := batch[lo:min(lo+64, len(batch))]
			st.Go(func() stream.Callback {
				k, kerr := engine.NewKernel(cfg)
				var rows []sketchRow
				for _, d := range part {
					if kerr != nil {
						break
					}
					var sk engine.Sketch
					if _, err := k.Sketch(&sk, d.Text); err != nil {
						continue // no words: nothing to compare
					}
					enc, err := sk.MarshalBinary()
					if err != nil {
						kerr = err
						break
					}
					for b, key := range sk.BandKeys(nil, banding) {
						r := sketchRow{ID: d.ID, Band: int32(b), Key: int64(key)}
						if b == 0 {
							r.Sketch = enc
						}
						rows = append(rows, r)
					}
				}
				return func() {
					if werr == nil {
						werr = kerr
					}
					if werr == nil && len(rows) > 0 {
						_, werr = w.Write(rows)
						rowsOut += len(rows)
						docs += len(rows) / banding.Bands
					}
				}
			})
		}
		return nil
	})
	st.Wait()
	if err == nil {
		err = werr
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		g.Abort()
		return err
	}
	if err := g.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(io.err, "neardup: %s: %d documents, %d band keys (%d bands of %d rows)\n", out, docs, rowsOut, banding.Bands, banding.Rows)
	return reportDamage(io.err, skipped)
}
