package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"reflect"

	"github.com/neardup/neardup/cmd/neardup/scan"
)

// WriteJSON writes r as indented JSON: the contract documented in README.md.
// It writes the bytes encoding/json would (SetIndent("", "  "), no HTML
// escaping; TestWriteJSONMatchesEncoder checks), but streams the large
// lists element by element, so that a report of millions of documents is
// never held in memory whole.
func WriteJSON(w io.Writer, r *scan.Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	// elem writes v, indented as a member of a top-level list.
	elem := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return nil
	}
	// value writes v as a top-level member's value.
	var vbuf bytes.Buffer
	venc := json.NewEncoder(&vbuf)
	venc.SetEscapeHTML(false)
	venc.SetIndent("  ", "  ")
	value := func(v any) error {
		vbuf.Reset()
		if err := venc.Encode(v); err != nil {
			return err
		}
		bw.Write(bytes.TrimSuffix(vbuf.Bytes(), []byte("\n")))
		return nil
	}
	bw.WriteString("{")
	first := true
	rv := reflect.ValueOf(r).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, omitEmpty := jsonName(f)
		if name == "" {
			continue
		}
		fv := rv.Field(i)
		if omitEmpty && fv.IsZero() {
			continue
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		bw.WriteString("\n  ")
		key, _ := json.Marshal(name)
		bw.Write(key)
		bw.WriteString(": ")
		if fv.Kind() != reflect.Slice || fv.IsNil() || fv.Len() == 0 {
			if err := value(fv.Interface()); err != nil {
				return err
			}
			continue
		}
		bw.WriteString("[\n")
		for j := range fv.Len() {
			if j > 0 {
				bw.WriteString(",\n")
			}
			if err := elem(fv.Index(j).Interface()); err != nil {
				return err
			}
		}
		bw.WriteString("\n  ]")
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// jsonName returns the JSON name of a struct field and whether it is
// omitted when empty; "" for a field not encoded.
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" || !f.IsExported() {
		return "", false
	}
	name, opts, _ := cutComma(tag)
	if name == "" {
		name = f.Name
	}
	return name, opts == "omitempty"
}

func cutComma(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
