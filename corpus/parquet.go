package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
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
	src := &jsonlSource{name: id, field: strings.Split(w.field(), "."), data: tmp}
	w.findFile(&source{jsonl: src}, id, info.Size())
}
