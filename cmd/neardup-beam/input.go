package main

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/neardup/neardup/corpus"
)

// An input is what a pipeline reads: the globs it matches, the folder its
// documents' ids are relative to, and the extensions the report records.
type input struct {
	base   string
	globs  []string
	exts   []string
	folder bool // read as neardup reads a folder: by DefaultExtensions
}

// inputOf interprets --input:
//   - a glob, wildcards in its last element ('DIR/*.txt', 'gs://b/d/*.jsonl'):
//     the files it matches, whatever their extension; the report records
//     the glob's extension;
//   - a local folder: walked as `neardup scan DIR` walks it, every folder
//     below it included, reading files with neardup's default extensions
//     and counting the others as ignored;
//   - a gs:// or s3:// folder: the files directly in it, by neardup's
//     default extensions (a bucket is not walked folder by folder);
//   - a file: that file.
func inputOf(in string) (input, error) {
	if in == "" {
		return input{}, fmt.Errorf("no --input")
	}
	dir, last := path.Split(strings.TrimSuffix(in, "/"))
	dir = strings.TrimSuffix(dir, "/")
	if strings.ContainsAny(dir, "*?[") {
		return input{}, fmt.Errorf("--input %s: wildcards only in the last element", in)
	}
	if strings.ContainsAny(last, "*?[") {
		ext := path.Ext(last)
		if ext == "" || strings.ContainsAny(ext, "*?[") {
			ext = "*"
		}
		return input{base: dir, globs: []string{in}, exts: []string{ext}}, nil
	}
	if strings.Contains(in, "://") {
		root := strings.TrimSuffix(in, "/")
		return input{base: root, globs: []string{root + "/*"}, exts: corpus.DefaultExtensions, folder: true}, nil
	}
	info, err := os.Stat(in)
	if err != nil {
		return input{}, err
	}
	if !info.IsDir() {
		return input{base: filepath.ToSlash(filepath.Dir(in)), globs: []string{filepath.ToSlash(in)}, exts: []string{path.Ext(in)}}, nil
	}
	root := filepath.Clean(in)
	var globs []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			globs = append(globs, filepath.ToSlash(filepath.Join(p, "*")))
		}
		return nil
	})
	if err != nil {
		return input{}, err
	}
	slices.Sort(globs)
	return input{base: filepath.ToSlash(root), globs: globs, exts: corpus.DefaultExtensions, folder: true}, nil
}

// compare compares o and p in input order: files in the order a walk of
// their folder finds them (by path element), a file's records in file
// order.
func (o Order) compare(p Order) int {
	if o.File != p.File {
		return slices.Compare(strings.Split(o.File, "/"), strings.Split(p.File, "/"))
	}
	return cmp.Compare(o.Seq, p.Seq)
}
