// Package corpus finds and reads the documents of a scan.
//
// [Walk] lists documents under one or more roots (folders or single files),
// in a deterministic order, without reading them; [Entry.Load] reads one. The
// two are separate so that a caller can load documents concurrently, and load
// one again later (for verification) without keeping its text in memory.
//
// Roots are [fs.FS] values: [os.DirFS] for the file system, an embedded file
// system for the built-in sample, or a fault-injecting one in tests.
//
// Nothing here writes to the file system. Problems with single files or
// folders do not stop a walk: they are returned as [Skipped] records with a
// reason, and the walk goes on.
package corpus
