//! A `.zip` upload of CSV files, read as `pathway import` and the import page read it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    pathway_fuzz::read_upload(&pathway_fuzz::scratch_file("upload.zip", input));
});
