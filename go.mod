module github.com/neardup/neardup

go 1.26.8

require (
	github.com/cespare/xxhash/v2 v2.3.0
	golang.org/x/text v0.43.0
)

require (
	github.com/dgryski/go-minhash v0.0.0-20170608043002-7fe510aff544 // indirect
	github.com/sourcegraph/conc v0.3.0 // indirect
)
