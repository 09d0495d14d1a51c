//! Demo councils.
