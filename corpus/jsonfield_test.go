package corpus

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"testing"
)

// slowField is the reference: encoding/json, as record.load used it.
func slowField(line []byte, path []string) (string, fieldResult, int) {
	var v json.RawMessage = line
	for i, key := range path {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(v, &obj); err != nil {
			if i == 0 && !json.Valid(v) {
				return "", fieldMalformed, 0
			}
			return "", fieldNotObject, i
		}
		next, ok := obj[key]
		if !ok {
			return "", fieldMissing, i
		}
		v = next
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fieldNotString, len(path)
	}
	return s, fieldString, len(path)
}

func FuzzFindFieldMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"text": "plain"}`, `{"text": "esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud800 x"}`,
		`{"te\u0078t": "escaped key"}`, `{"text": "a", "text": "last wins"}`, `{"text": 1.5e-3}`,
		`{"a": {"text": "nested"}}`, `{"a": [1, {"text": "no"}], "text": null}`, `[1,2]`, `"str"`,
		`{"text": "bad` + "\xff" + `utf8"}`, `{"text": "ctrl` + "\x01" + `"}`, `{"text": "x"} trailing`,
		`{"text": 01}`, `{"text": -0.5E+10}`, `{"text": tru}`, `{}`, `{"a": "str", "text": "t"}`,
		`  {"text" : "spaces" }  `, `{"text": "\u0000"}`, `{"a":{"b":{"text":"deep"}}}`,
	} {
		f.Add([]byte(s), "text")
		f.Add([]byte(s), "a.text")
	}
	f.Fuzz(func(t *testing.T, line []byte, field string) {
		path := bytes.Split([]byte(field), []byte("."))
		p := make([]string, len(path))
		for i, k := range path {
			p[i] = string(k)
		}
		got, r, at := findField(nil, line, p)
		want, wr, wat := slowField(line, p)
		if r != wr || (r == fieldString && string(got) != want) || (r != fieldMalformed && r != fieldString && at != wat) {
			t.Fatalf("findField(%q, %q) = %q, %d, %d; encoding/json %q, %d, %d", line, field, got, r, at, want, wr, wat)
		}
	})
}

// TestSpecialIn checks the eight-byte test against the table, for each byte
// value in each position of a word of plain bytes.
func TestSpecialIn(t *testing.T) {
	for pos := range 8 {
		for c := range 256 {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			x := binary.LittleEndian.Uint64(b)
			if got, want := specialIn(x), !strPlain[c]; got != want {
				t.Fatalf("byte %#x at %d: specialIn %v, want %v", c, pos, got, want)
			}
		}
	}
}
