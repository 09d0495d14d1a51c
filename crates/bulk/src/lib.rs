//! The bulk format.
