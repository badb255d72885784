//! Statistics for the chambers workspace.
