package dedupe

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/outfile"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// ReadReport reads a scan report in the JSON format (scan.Result), plain or
// compressed (gzip or zstd, by their magic bytes).
func ReadReport(path string) (*scan.Result, error) {
	f, err := outfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r scan.Result
	dec := json.NewDecoder(f)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: not a JSON scan report: %w", path, err)
	}
	if r.Documents == nil || r.Clusters == nil {
		return nil, fmt.Errorf("%s: not a JSON scan report: no documents or clusters", path)
	}
	for _, d := range r.Documents {
		if d.Hash == "" {
			return nil, fmt.Errorf("%s: the report has no content hashes (written by an older neardup): scan again", path)
		}
	}
	return &r, nil
}

// A Refusal is a removal of a report not applied, and why.
type Refusal struct {
	ID     string
	Reason string
}

// Replay returns the plan that applies the removal clusters of the report
// rep to the documents of l, without scanning: a removal is applied only if
// the removed document and the one kept in its place are both in l,
// unchanged since the report (their content hashes agree). The others are
// refused, and their documents kept. Documents the report does not know are
// kept. maxBytes bounds the documents read; isRef tells reference
// documents, which are never removed.
func Replay(rep *scan.Result, l *corpus.Listing, maxBytes int64, isRef func(id string) bool) (*Plan, []Refusal, error) {
	hashes := map[string]string{}
	for _, d := range rep.Documents {
		hashes[d.ID] = d.Hash
	}
	changed := map[string]string{} // id -> why it cannot be trusted
	check := func(id string) string {
		if why, ok := changed[id]; ok {
			return why
		}
		why := ""
		e, ok := l.Lookup(id)
		if !ok {
			why = "not in the input"
		} else if d, err := e.Load(nil, maxBytes); err != nil {
			why = "unreadable: " + err.Error()
		} else if fmt.Sprintf("%016x", d.RawHash) != hashes[id] {
			why = "changed since the report"
		}
		changed[id] = why
		return why
	}
	removals := map[string]Removal{}
	var refusals []Refusal
	for _, c := range rep.Clusters {
		keepWhy := check(c.Keep)
		for _, m := range c.Removed {
			switch {
			case isRef(m.ID):
				continue
			case keepWhy != "":
				refusals = append(refusals, Refusal{m.ID, fmt.Sprintf("the document kept in its place, %s, is %s", c.Keep, keepWhy)})
				continue
			}
			if why := check(m.ID); why != "" {
				refusals = append(refusals, Refusal{m.ID, why})
				continue
			}
			removals[m.ID] = Removal{ID: m.ID, DuplicateOf: c.Keep, Kind: m.Kind, Similarity: m.Similarity}
		}
	}
	slices.SortFunc(refusals, func(a, b Refusal) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	if len(l.Entries) == 0 {
		return nil, nil, errors.New("no documents in the input")
	}
	return newPlan(l, removals, l.Skipped, isRef), refusals, nil
}
