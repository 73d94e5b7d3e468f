//go:build !unix

package main

import "runtime"

// peakRSS approximates the peak resident set size by the memory the Go
// runtime has obtained from the system.
func peakRSS() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.Sys)
}
