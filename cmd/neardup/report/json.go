package report

import (
	"encoding/json"
	"io"

	"github.com/neardup/neardup/cmd/neardup/scan"
)

// WriteJSON writes r as indented JSON: the contract documented in README.md.
func WriteJSON(w io.Writer, r *scan.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
