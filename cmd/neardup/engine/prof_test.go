package engine

import (
	"os"
	"path/filepath"
	"testing"
)

func loadDir(b *testing.B, dir string) [][]byte {
	var out [][]byte
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && filepath.Ext(p) == ".txt" {
			t, _ := os.ReadFile(p)
			out = append(out, t)
		}
		return nil
	})
	if n := len(out); n > 5000 {
		out = out[:5000]
	}
	return out
}

func BenchmarkProfKernel(b *testing.B) {
	texts := loadDir(b, os.Getenv("PROFDIR"))
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	for _, terms := range []bool{false, true} {
		name := "near"
		if terms {
			name = "terms"
		}
		b.Run(name, func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.Terms = terms
			k, _ := NewKernel(cfg)
			var s Sketch
			b.SetBytes(n)
			for b.Loop() {
				for _, t := range texts {
					k.Sketch(&s, t)
				}
			}
		})
	}
}
