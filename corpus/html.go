package corpus

import (
	"bytes"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// IsHTML reports whether a file name says HTML.
func IsHTML(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

// dropped are the elements whose content is not the page's text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Form: true, atom.Svg: true, atom.Iframe: true, atom.Button: true, atom.Select: true,
}

// blocks are the elements that start a new line.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Article: true, atom.Section: true, atom.Main: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dd: true, atom.Dt: true,
	atom.Figcaption: true, atom.Hr: true, atom.Td: true, atom.Th: true,
}

// ExtractHTML returns the readable text of an HTML page: its title on the
// first line, then the text of the page, a line for each block element, with
// scripts, styles, navigation, headers, footers, asides and forms dropped.
// Entities are decoded; runs of white space become one space.
func ExtractHTML(page []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(page))
	var title, body strings.Builder
	depth := 0 // inside dropped elements
	inTitle := false
	line := func(b *strings.Builder) {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			out := strings.TrimSpace(title.String())
			if out != "" {
				out += "\n"
			}
			return []byte(out + strings.TrimSpace(body.String()))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = true
			}
			if dropped[a] && z.Token().Type == html.StartTagToken {
				depth++
			}
			if blocks[a] {
				line(&body)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = false
			}
			if dropped[a] && depth > 0 {
				depth--
			}
			if blocks[a] {
				line(&body)
			}
		case html.TextToken:
			if depth > 0 {
				continue
			}
			text := strings.Join(strings.Fields(string(z.Text())), " ")
			if text == "" {
				continue
			}
			b := &body
			if inTitle {
				b = &title
			}
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte(' ')
			}
			b.WriteString(text)
		}
	}
}
