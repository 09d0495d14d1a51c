//! Rules between records.
