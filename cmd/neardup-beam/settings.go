package main

import (
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// Settings are what a pipeline's scan may change of neardup's defaults, as
// neardup's flags of the same names do. The pipeline's DoFns carry them:
// Beam sends DoFns to workers as JSON, which scan.Options, with its
// functions, cannot be.
type Settings struct {
	Kinds            string  // comma-separated kinds to search; "" for all
	Threshold        float64 // near threshold; 0 for neardup's default
	RelatedThreshold float64 // related threshold; 0 for the automatic one
	Keep             string  // keep rule; "" for longest
	MaxDocBytes      int64   // larger documents are skipped; 0 for neardup's default
}

// Options returns the scan options of the settings, validated.
func (st Settings) Options() (scan.Options, error) {
	opt := scan.DefaultOptions()
	if st.Kinds != "" {
		ks, err := engine.ParseKinds(st.Kinds)
		if err != nil {
			return opt, err
		}
		opt.Kinds = ks
	}
	if st.Threshold != 0 {
		opt.Threshold = st.Threshold
	}
	opt.RelatedThreshold = st.RelatedThreshold
	if st.Keep != "" {
		if err := opt.Keep.Rule.Set(st.Keep); err != nil {
			return opt, err
		}
	}
	if st.MaxDocBytes != 0 {
		opt.MaxDocBytes = st.MaxDocBytes
	}
	return opt, opt.Validate()
}

// options returns the options of settings already validated by Pipeline.
func (st Settings) options() scan.Options {
	opt, err := st.Options()
	if err != nil {
		panic(err) // Pipeline refuses settings that fail here
	}
	return opt
}
