//! chambers
