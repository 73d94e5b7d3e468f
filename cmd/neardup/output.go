package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/outfile"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/corpus"
)

// checkOutput checks, before any work, that path can be written as an
// output of a command reading roots: a new or regular file in an existing
// folder (or standard output), not one of the inputs, and not a file that
// the walk would read as a document (inside a scanned folder, with an
// extension it reads). Problems are usage errors naming path.
func checkOutput(path string, roots []corpus.Root, walk corpus.WalkOptions) error {
	if path == "" || path == outfile.Stdout {
		return nil
	}
	if err := outfile.Check(path); err != nil {
		return usageError{err.Error()}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return usageError{fmt.Sprintf("%s: %v", path, err)}
	}
	info, statErr := os.Stat(path)
	for _, r := range roots {
		if r.OSPath == "" {
			continue
		}
		rabs, err := filepath.Abs(r.OSPath)
		if err != nil {
			continue
		}
		rinfo, err := os.Stat(r.OSPath)
		if err != nil {
			continue
		}
		if !rinfo.IsDir() {
			if abs == rabs || statErr == nil && os.SameFile(info, rinfo) {
				return usagef("%s: is also an input: write the output to another file", path)
			}
			continue
		}
		rel, err := filepath.Rel(rabs, abs)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && walk.Wants(filepath.Base(path)) {
			return usagef("%s: is inside the scanned folder %s, where a scan reads it as a document: write it elsewhere, or name it with an extension the scan does not read", path, r.OSPath)
		}
	}
	return nil
}

// formatOfName returns the report format a file name asks for by its
// extension (under .gz or .zst), if any.
func formatOfName(name string) (report.Format, bool) {
	switch outfile.BaseExt(name) {
	case ".json":
		return report.JSON, true
	case ".csv":
		return report.CSV, true
	case ".html", ".htm":
		return report.HTML, true
	case ".txt", ".text":
		return report.Text, true
	}
	return "", false
}

// reportFormat returns the format of a report written to output: the one
// given with --format (given says whether it was), or the one output's name
// asks for, or text. A name that asks for another format than the one given
// is a usage error; so is a format not in allowed.
func reportFormat(output string, format report.Format, given bool, allowed ...report.Format) (report.Format, error) {
	if named, ok := formatOfName(output); ok && output != outfile.Stdout {
		if given && named != format {
			return "", usagef("-o %s: the name says %s, but --format is %s: name the file for its format", output, named, format)
		}
		format = named
	}
	for _, a := range allowed {
		if format == a {
			return format, nil
		}
	}
	var names []string
	for _, a := range allowed {
		names = append(names, string(a))
	}
	return "", usagef("--format %s: this command writes %s", format, strings.Join(names, " or "))
}

// jsonlOutput checks that an output that holds JSONL is named so: .jsonl or
// .ndjson, compressed or not.
func jsonlOutput(flag, path string) error {
	if path == outfile.Stdout {
		return nil
	}
	switch outfile.BaseExt(path) {
	case ".jsonl", ".ndjson":
		return nil
	}
	return usagef("%s %s: this output is JSONL: name it .jsonl or .ndjson (add .gz or .zst to compress it)", flag, path)
}
