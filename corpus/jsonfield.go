package corpus

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// fieldResult is the outcome of looking up a field of a JSON line.
type fieldResult uint8

const (
	fieldString    fieldResult = iota // found, a string
	fieldMalformed                    // the line is not valid JSON
	fieldNotObject                    // the line, or a value on the path, is not an object
	fieldMissing                      // no field of that name
	fieldNotString                    // found, not a string
)

// findField validates a JSON line and finds the string at path in one pass,
// the work encoding/json does in three (validate, decode into a map, decode
// the string). It agrees with encoding/json (a differential fuzz test checks
// this): the last of repeated keys wins, keys are compared unescaped, and
// invalid UTF-8 and lone surrogates in strings become U+FFFD. at reports
// where on the path the lookup stopped, for messages. The string is appended
// to dst.
func findField(dst, line []byte, path []string) (out []byte, r fieldResult, at int) {
	v, r, at := findValue(line, path)
	if r != fieldString {
		return dst, r, at
	}
	if bytes.Equal(v, []byte("null")) {
		return dst, fieldString, at // as encoding/json: null leaves a string empty
	}
	if len(v) == 0 || v[0] != '"' {
		return dst, fieldNotString, at
	}
	out, ok := unquote(dst, v)
	if !ok {
		return dst, fieldMalformed, 0
	}
	return out, fieldString, at
}

// findID returns the id at path of a JSON line: a string that is not empty,
// or a number as it is written.
func findID(line []byte, path []string) (string, bool) {
	v, r, _ := findValue(line, path)
	if r != fieldString || len(v) == 0 {
		return "", false
	}
	switch c := v[0]; {
	case c == '"':
		var buf [64]byte
		out, ok := unquote(buf[:0], v)
		return string(out), ok && len(out) > 0
	case c == '-' || '0' <= c && c <= '9':
		return string(v), true
	}
	return "", false
}

// findValue validates a JSON line and returns the raw value at path, with
// fieldString if there is one, whatever its kind.
func findValue(line []byte, path []string) (v []byte, r fieldResult, at int) {
	s := jscan{b: line, path: path}
	s.ws()
	if !s.value(0) {
		return nil, fieldMalformed, 0
	}
	s.ws()
	if s.i != len(s.b) {
		return nil, fieldMalformed, 0
	}
	if s.depthFound < len(path) {
		if s.notObject {
			return nil, fieldNotObject, s.depthFound
		}
		return nil, fieldMissing, s.depthFound
	}
	return line[s.start:s.end], fieldString, len(path)
}

// jscan is a validating JSON scanner that notes where the value at path is.
type jscan struct {
	b    []byte
	i    int
	path []string
	// The deepest match of the path so far: depthFound keys matched, the
	// value's bounds when all matched, and whether the value where the
	// lookup stopped is not an object.
	depthFound int
	start, end int
	notObject  bool
	key        []byte
}

const maxJSONDepth = 10000 // as encoding/json

func (s *jscan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value validates the value at s.i; onPath is the number of path keys that
// lead to it (-1 if it is off the path).
func (s *jscan) value(onPath int) bool {
	return s.valueDepth(onPath, 0)
}

func (s *jscan) valueDepth(onPath, depth int) bool {
	if depth > maxJSONDepth || s.i >= len(s.b) {
		return false
	}
	if onPath >= 0 && onPath < len(s.path) && s.b[s.i] != '{' {
		// The lookup needs an object here.
		if onPath >= s.depthFound {
			s.depthFound, s.notObject = onPath, true
		}
		onPath = -1
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.object(onPath, depth)
	case c == '[':
		s.i++
		s.ws()
		if s.i < len(s.b) && s.b[s.i] == ']' {
			s.i++
			return true
		}
		for {
			s.ws()
			if !s.valueDepth(-1, depth+1) {
				return false
			}
			s.ws()
			if s.i >= len(s.b) {
				return false
			}
			if s.b[s.i] == ']' {
				s.i++
				return true
			}
			if s.b[s.i] != ',' {
				return false
			}
			s.i++
		}
	case c == '"':
		_, ok := s.str()
		return ok
	case c == 't':
		return s.lit("true")
	case c == 'f':
		return s.lit("false")
	case c == 'n':
		return s.lit("null")
	default:
		return s.number()
	}
}

func (s *jscan) object(onPath, depth int) bool {
	s.i++
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return true
	}
	for {
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return false
		}
		raw, ok := s.str()
		if !ok {
			return false
		}
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return false
		}
		s.i++
		s.ws()
		next := -1
		if onPath >= 0 && onPath < len(s.path) && s.keyIs(raw, s.path[onPath]) {
			next = onPath + 1
			if next > s.depthFound || next == s.depthFound {
				// A later repeated key replaces an earlier one.
				s.depthFound, s.notObject = next, false
			}
		}
		start := s.i
		if !s.valueDepth(next, depth+1) {
			return false
		}
		if next == len(s.path) {
			s.start, s.end = start, s.i
		}
		s.ws()
		if s.i >= len(s.b) {
			return false
		}
		if s.b[s.i] == '}' {
			s.i++
			return true
		}
		if s.b[s.i] != ',' {
			return false
		}
		s.i++
	}
}

// keyIs compares a raw JSON string (with its quotes) to a key.
func (s *jscan) keyIs(raw []byte, key string) bool {
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body) == key
	}
	var ok bool
	s.key, ok = unquote(s.key[:0], raw)
	return ok && string(s.key) == key
}

// strPlain marks the bytes a JSON string holds as they are: all but the
// quote, the backslash and control characters.
var strPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return t
}()

// specialIn reports whether one of the eight bytes of x is not plain in a
// JSON string: a quote, a backslash or a control character (below 0x20).
func specialIn(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) &^ v & highs }
	return (x-0x20*ones)&^x&highs|zero(x^'"'*ones)|zero(x^'\\'*ones) != 0
}

// str validates the string at s.i and returns it raw, quotes included.
func (s *jscan) str() ([]byte, bool) {
	start := s.i
	s.i++
	for s.i < len(s.b) {
		// Runs of plain bytes, most of a text: eight at a time while
		// none of them is special, then one at a time.
		for s.i+8 <= len(s.b) && !specialIn(binary.LittleEndian.Uint64(s.b[s.i:])) {
			s.i += 8
		}
		for s.i < len(s.b) && strPlain[s.b[s.i]] {
			s.i++
		}
		if s.i == len(s.b) {
			break
		}
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[start:s.i], true
		case c == '\\':
			if s.i+1 >= len(s.b) {
				return nil, false
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) {
					return nil, false
				}
				for _, h := range s.b[s.i+2 : s.i+6] {
					if !isHex(h) {
						return nil, false
					}
				}
				s.i += 6
			default:
				return nil, false
			}
		case c < 0x20:
			return nil, false
		default:
			s.i++
		}
	}
	return nil, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (s *jscan) lit(word string) bool {
	if !bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		return false
	}
	s.i += len(word)
	return true
}

// number validates -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (s *jscan) number() bool {
	digits := func() int {
		n := 0
		for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case digits() == 0:
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// unquote appends the value of a valid JSON string (quotes included) to dst,
// as encoding/json decodes it.
func unquote(dst, raw []byte) ([]byte, bool) {
	b := raw[1 : len(raw)-1]
	for i := 0; i < len(b); {
		// Copy the run up to the next escape at once (when it is valid
		// UTF-8, as it almost always is).
		if j := bytes.IndexByte(b[i:], '\\'); j != 0 {
			if j < 0 {
				j = len(b) - i
			}
			dst = appendValidUTF8(dst, b[i:i+j])
			i += j
			continue
		}
		// An escape.
		switch b[i+1] {
		case '"', '\\', '/':
			dst = append(dst, b[i+1])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(b[i+2 : i+6])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
					if r2 := hex4(b[i+2 : i+6]); utf16.DecodeRune(r, r2) != utf8.RuneError {
						dst = utf8.AppendRune(dst, utf16.DecodeRune(r, r2))
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		}
		i += 2
	}
	return dst, true
}

// appendValidUTF8 appends run to dst, each invalid UTF-8 sequence replaced
// by U+FFFD, as encoding/json decodes strings.
func appendValidUTF8(dst, run []byte) []byte {
	if utf8.Valid(run) {
		return append(dst, run...)
	}
	for i := 0; i < len(run); {
		r, size := utf8.DecodeRune(run[i:])
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, run[i:i+size]...)
		}
		i += size
	}
	return dst
}

func hex4(h []byte) rune {
	var r rune
	for _, c := range h {
		r <<= 4
		switch {
		case '0' <= c && c <= '9':
			r |= rune(c - '0')
		case 'a' <= c && c <= 'f':
			r |= rune(c-'a') + 10
		default:
			r |= rune(c-'A') + 10
		}
	}
	return r
}
