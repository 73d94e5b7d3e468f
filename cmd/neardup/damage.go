package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/neardup/neardup/corpus"
)

// reportDamage names on w, one line each, the input files that were
// damaged, unreadable or malformed in part (corpus.Cause.Damaged): a file
// skipped whole, or a JSONL file some of whose records were skipped, with
// their count and the first. It returns a partialError if there was any,
// for exit status 3, and nil otherwise.
func reportDamage(w io.Writer, skipped []corpus.Skipped) error {
	type file struct {
		name    string
		records int
		first   corpus.Skipped
		causes  map[corpus.Cause]int
	}
	files := map[string]*file{}
	var order []string
	for _, s := range skipped {
		if !s.Cause.Damaged() {
			continue
		}
		name := s.File
		if name == "" {
			name = s.ID
		}
		f := files[name]
		if f == nil {
			f = &file{name: name, first: s, causes: map[corpus.Cause]int{}}
			files[name] = f
			order = append(order, name)
		}
		if s.File != "" {
			f.records++
		}
		f.causes[s.Cause]++
	}
	slices.Sort(order)
	for _, name := range order {
		f := files[name]
		if f.records == 0 {
			fmt.Fprintf(w, "neardup: %s input: %s: %s\n", f.first.Cause, name, f.first.Reason)
			continue
		}
		var causes []string
		for _, c := range []corpus.Cause{corpus.Malformed, corpus.NoField, corpus.DuplicateID, corpus.Unreadable} {
			if n := f.causes[c]; n > 0 {
				causes = append(causes, fmt.Sprintf("%d %s", n, strings.ReplaceAll(string(c), "_", " ")))
			}
		}
		fmt.Fprintf(w, "neardup: damaged input: %s: %d record(s) skipped (%s); first %s: %s\n",
			name, f.records, strings.Join(causes, ", "), f.first.ID, f.first.Reason)
	}
	if len(order) > 0 {
		return partialError{fmt.Sprintf("input damaged, unreadable or malformed in %d file(s), listed above: the output is complete without what could not be read", len(order))}
	}
	return nil
}
