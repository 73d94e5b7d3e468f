package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/corpus"
)

// readFn reads a file as neardup does (corpus.Decode, HTML extraction); its
// id is its path under Base.
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
	if file.Metadata.Size > f.MaxBytes {
		skip(Skip{ID: id, Reason: fmt.Sprintf("too large: %d bytes, over the limit of %d", file.Metadata.Size, f.MaxBytes), Cause: string(corpus.TooLarge)})
		return nil
	}
	data, err := file.Read(ctx)
	if err != nil {
		return err
	}
	if corpus.IsJSONL(id) || corpus.IsParquet(id) {
		return f.records(id, data, emit, skip)
	}
	raw, hash := int64(len(data)), xxhash.Sum64(data)
	d, err := corpus.Decode(id, data)
	if err == nil && corpus.IsHTML(id) {
		if d.Text = corpus.ExtractHTML(d.Text); len(d.Text) == 0 {
			err = &corpus.SkipError{Name: id, Reason: "no text in the HTML page", Cause: corpus.Empty}
		}
	}
	if err != nil {
		var se *corpus.SkipError
		if !errors.As(err, &se) {
			return err
		}
		skip(Skip{ID: id, Reason: se.Reason, Cause: string(se.Cause)})
		return nil
	}
	emit(Doc{ID: id, Text: d.Text, Bytes: raw, RawHash: hash, Repaired: d.Repaired, Order: Order{File: id}})
	return nil
}

// records reads the records of a JSONL or Parquet file, as neardup reads
// them: the file is written under its id in a temporary folder, walked and
// loaded by package corpus, so that ids (file:line), texts and the reasons
// for skipped lines are a scan's.
func (f *readFn) records(id string, data []byte, emit func(Doc), skip func(Skip)) error {
	dir, err := os.MkdirTemp("", "neardup-beam")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, filepath.FromSlash(id))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	l, err := corpus.Walk([]corpus.Root{{FS: os.DirFS(dir), Path: "."}}, corpus.WalkOptions{Extensions: []string{"*"}})
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
