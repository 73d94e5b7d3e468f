// Package report writes scan results for people (text) and machines (JSON,
// CSV). Every writer is a function of the result alone, so equal results
// give byte-identical reports.
package report

import (
	"fmt"
	"io"

	"github.com/neardup/neardup/cmd/neardup/scan"
)

// Format is an output format; it implements flag.Value.
type Format string

const (
	Text Format = "text"
	JSON Format = "json"
	CSV  Format = "csv"
	HTML Format = "html"
)

func (f *Format) String() string { return string(*f) }

// Set parses a format name.
func (f *Format) Set(s string) error {
	switch Format(s) {
	case Text, JSON, CSV, HTML:
		*f = Format(s)
		return nil
	}
	return fmt.Errorf("unknown format %q (want text, json, csv or html)", s)
}

// Write writes r to w in format f; src gives the HTML report the documents'
// texts and the accounts of pairs, and may be nil.
func Write(w io.Writer, f Format, r *scan.Result, src *Sources) error {
	switch f {
	case HTML:
		return WriteHTML(w, r, src)
	case JSON:
		return WriteJSON(w, r)
	case CSV:
		return WriteCSV(w, r)
	default:
		return WriteText(w, r)
	}
}
