package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing/fstest"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"

	"github.com/neardup/neardup/corpus"
)

// readFn reads a file as neardup reads it: package corpus walks the file
// alone, in memory, under its id (its path under Base), and loads its
// documents (decoded, repaired, HTML extracted; a JSONL or Parquet file's
// records with ids file:line, its bad lines skipped with neardup's reasons).
type readFn struct {
	Base     string
	Folder   bool // read only files with neardup's default extensions
	MaxBytes int64
}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Doc), skip func(Skip), ignore func(string)) error {
	id := strings.TrimPrefix(strings.TrimPrefix(file.Metadata.Path, f.Base), "/")
	if !strings.Contains(file.Metadata.Path, "://") {
		// A local glob matches folders too: not documents (a folder
		// input's globs list the files of each folder).
		if info, err := os.Stat(file.Metadata.Path); err == nil && info.IsDir() {
			return nil
		}
	}
	if f.Folder && !(corpus.WalkOptions{}).Wants(id) {
		ignore(id)
		return nil
	}
	records := corpus.IsJSONL(id) || corpus.IsParquet(id)
	if !records && file.Metadata.Size > f.MaxBytes {
		// Not read at all: the reason corpus gives when it loads it.
		skip(Skip{ID: id, Reason: fmt.Sprintf("too large: %d bytes, over the limit of %d", file.Metadata.Size, f.MaxBytes), Cause: string(corpus.TooLarge)})
		return nil
	}
	data, err := file.Read(ctx)
	if err != nil {
		return err
	}
	l, err := corpus.Walk([]corpus.Root{{FS: fstest.MapFS{id: {Data: data}}, Path: "."}}, corpus.WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		return err
	}
	defer l.Close()
	for _, s := range l.Skipped {
		skip(Skip{ID: s.ID, Reason: s.Reason, Cause: string(s.Cause), File: s.File})
	}
	for _, e := range l.Entries {
		d, err := e.Load(nil, f.MaxBytes)
		if err != nil {
			var se *corpus.SkipError
			if !errors.As(err, &se) {
				return err
			}
			skip(Skip{ID: e.Name, Reason: se.Reason, Cause: string(se.Cause), File: se.File})
			continue
		}
		emit(Doc{ID: e.Name, Text: bytes.Clone(d.Text), Bytes: d.Bytes, RawHash: d.RawHash, Repaired: d.Repaired, Order: Order{File: id, Seq: e.Seq()}})
	}
	return nil
}
