//! An `.xlsx` workbook upload, read as `pathway import` and the import page read it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: pathway_fuzz::let_caught_panics_pass(), |input: &[u8]| {
    pathway_fuzz::read_upload(&pathway_fuzz::scratch_file("upload.xlsx", input));
});
