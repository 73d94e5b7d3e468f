package scan

import (
	"strings"
	"testing"
)

func TestHeadline(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Xi Jinping: Russia, China should bolster ties\nBEIJING: ...", "Xi Jinping: Russia, China should bolster ties"},
		// A site's name, a date and a menu above the title.
		{"Bojaishea Post\nMonday, 4 December\nHome | World | Business | Politics | Tech\n\nThe  prime minister\tvisits Beijing today\n", "The prime minister visits Beijing today"},
		// A title with one separator is a title.
		{"Microsoft releases emergency patch | Reuters\n", "Microsoft releases emergency patch | Reuters"},
		// No line of five words: the first line with a letter.
		{"\n--\nShort title\nand more\n", "Short title"},
		{"", ""},
		{strings.Repeat("word ", 100), strings.TrimSpace(strings.Repeat("word ", 32)) + "…"},
	} {
		if got := Headline([]byte(c.text)); got != c.want {
			t.Errorf("Headline(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestAsWritten(t *testing.T) {
	for _, c := range [][3]string{
		{"mishustin", "Mishustin’s", "Mishustin"},
		{"li", "Li", "Li"},
		{"nato", "N.A.T.O", "nato"},
	} {
		if got := AsWritten(c[0], []byte(c[1])); got != c[2] {
			t.Errorf("AsWritten(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
