package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Parquet input: a .parquet file is a table whose rows are documents, read
// like JSONL records (--text-field and --id-field name its columns, dotted
// paths reach into nested ones). Its rows are streamed, a row group at a
// time, into a temporary JSONL file of one JSON object per row (its columns
// by name, in sorted order), removed by Listing.Close; from there on a row is
// a JSONL record: its id is file:row (rows numbered from 1) unless
// --id-field names a column, a row without the text column or whose text is
// not a string is skipped and reported with its row, and its bytes as read
// are its JSON line. A file that cannot be read as Parquet is skipped, and so
// are its rows from the first that cannot be read, reported with the row.

// IsParquet reports whether a file name says Parquet.
func IsParquet(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".parquet") }

// addParquet lists the rows of the Parquet file at p under root r, with id
// as the file's id.
func (w *walker) addParquet(r Root, p, id string) {
	f, err := r.FS.Open(p)
	if err != nil {
		w.skip(id, Unreadable, "unreadable file: "+errText(err))
		return
	}
	w.l.closers = append(w.l.closers, f)
	ra, ok := f.(io.ReaderAt)
	size, sized := fileSize(f)
	if !ok || !sized {
		w.skip(id, Unreadable, "unreadable Parquet: not a regular file that can be read at any offset")
		return
	}
	pf, err := parquet.OpenFile(ra, size)
	if err != nil {
		w.skip(id, Unreadable, "unreadable Parquet: "+err.Error())
		return
	}
	tmp, err := os.CreateTemp("", "neardup-*.jsonl")
	if err != nil {
		w.fatal = err
		return
	}
	w.l.closers = append(w.l.closers, tmp, removeFile(tmp.Name()))
	bw := bufio.NewWriterSize(tmp, 1<<20)
	rows := parquet.NewReader(pf)
	defer rows.Close()
	for n := int64(1); ; n++ {
		row := map[string]any{}
		err := rows.Read(&row)
		if err == io.EOF {
			break
		}
		var line []byte
		if err == nil {
			line, err = json.Marshal(row)
		}
		if err != nil {
			w.skip(fmt.Sprintf("%s:%d", id, n), Unreadable, fmt.Sprintf("row %d and after: unreadable Parquet: %v", n, err))
			break
		}
		bw.Write(line)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		w.fatal = err
		return
	}
	info, err := tmp.Stat()
	if err != nil {
		w.fatal = err
		return
	}
	src := &jsonlSource{name: id, field: strings.Split(w.field(), "."), data: tmp, parquet: &parquetOrigin{fsys: r.FS, path: p}}
	w.findFile(&source{jsonl: src}, id, info.Size())
}

// parquetOrigin is the Parquet file a JSONL source was made from.
type parquetOrigin struct {
	fsys fs.FS
	path string
}

// IsParquetRow reports whether the entry is a row of a Parquet file.
func (e Entry) IsParquetRow() bool {
	return e.src != nil && e.src.jsonl != nil && e.src.jsonl.parquet != nil
}

// WriteParquet writes the rows of entries that keep keeps, to w as one
// Parquet file with their files' schema (files of other schemas are an
// error); entries are rows of Parquet files, in input order. Each file is
// read again, a row group at a time.
func WriteParquet(w io.Writer, entries []Entry, keep func(Entry) bool) error {
	var out *parquet.Writer
	var schema *parquet.Schema
	for lo := 0; lo < len(entries); {
		e := entries[lo]
		if !e.IsParquetRow() {
			return fmt.Errorf("%s: not a row of a Parquet file", e.Name)
		}
		origin := e.src.jsonl.parquet
		want := map[int64]bool{}
		hi := lo
		for ; hi < len(entries) && entries[hi].IsParquetRow() && entries[hi].src.jsonl.parquet == origin; hi++ {
			if keep(entries[hi]) {
				want[int64(entries[hi].line)-1] = true
			}
		}
		f, err := origin.fsys.Open(origin.path)
		if err != nil {
			return err
		}
		size, _ := fileSize(f)
		ra, ok := f.(io.ReaderAt)
		if !ok {
			f.Close()
			return fmt.Errorf("%s: cannot be read at any offset", e.src.jsonl.name)
		}
		pf, err := parquet.OpenFile(ra, size)
		if err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", e.src.jsonl.name, err)
		}
		if out == nil {
			schema = pf.Schema()
			out = parquet.NewWriter(w, schema, parquet.Compression(&parquet.Zstd))
		} else if !parquet.EqualNodes(schema, pf.Schema()) {
			f.Close()
			return fmt.Errorf("%s: its schema is not that of the first Parquet file", e.src.jsonl.name)
		}
		rows := parquet.NewReader(pf)
		buf := make([]parquet.Row, 256)
		index := int64(0)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				if want[index] {
					if _, err := out.WriteRows([]parquet.Row{row}); err != nil {
						f.Close()
						return err
					}
				}
				index++
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", e.src.jsonl.name, err)
			}
		}
		rows.Close()
		f.Close()
		lo = hi
	}
	if out == nil {
		return errors.New("no Parquet rows to write")
	}
	return out.Close()
}
