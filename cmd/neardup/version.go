package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/neardup/neardup/cmd/neardup/scan"
)

// toolInfo describes this build of neardup, as reports record it: its
// module version ("(devel)" for a build from a checkout) and the commit it
// was built from, when the build recorded one.
var toolInfo = sync.OnceValue(func() scan.Tool {
	t := scan.Tool{Name: "neardup", Version: "(devel)"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return t
	}
	if v := info.Main.Version; v != "" {
		t.Version = v
	}
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			t.Commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && t.Commit != "" {
		t.Commit += "+modified"
	}
	return t
})

func runVersion(c *command, io streams, args []string) error {
	fs := newFlags(c)
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version: takes no arguments")
	}
	t := toolInfo()
	fmt.Fprintf(io.out, "neardup %s", t.Version)
	if t.Commit != "" {
		fmt.Fprintf(io.out, " (commit %s)", t.Commit)
	}
	fmt.Fprintf(io.out, " %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
