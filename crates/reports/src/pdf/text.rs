//! Measuring and breaking text with the real advances of the embedded fonts.
//!
//! Glyphs are placed one after another by their advance widths, without kerning or
//! ligatures: what is measured when breaking a line is then exactly what is drawn, so a
//! right-aligned number ends at its column's edge and no line overruns its width.

use std::sync::Arc;

use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::PdfError;
use crate::fonts;

/// One face of the report's font: the font krilla embeds, and its metrics.
pub(super) struct Face {
    font: Font,
    parsed: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// The glyph and advance (in ems) of each ASCII character, looked up once since
    /// nearly every character of a report is ASCII.
    ascii: [(u16, f32); 128],
    /// The glyph drawn for a character the font lacks: a question mark.
    missing: (u16, f32),
}

impl std::fmt::Debug for Face {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Face").finish_non_exhaustive()
    }
}

impl Face {
    fn load(data: &'static [u8], name: &'static str) -> Result<Self, PdfError> {
        let parsed = ttf_parser::Face::parse(data, 0).map_err(|_| PdfError::Font { face: name })?;
        let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(data);
        let font = Font::new(shared.into(), 0).ok_or(PdfError::Font { face: name })?;
        let units_per_em = f32::from(parsed.units_per_em());
        let mut face = Self {
            font,
            parsed,
            units_per_em,
            ascii: [(0, 0.0); 128],
            missing: (0, 0.0),
        };
        face.missing = face.lookup('?').ok_or(PdfError::Font { face: name })?;
        for code in 0..128u8 {
            let character = char::from(code);
            face.ascii[usize::from(code)] = face.lookup(character).unwrap_or(face.missing);
        }
        Ok(face)
    }

    fn lookup(&self, character: char) -> Option<(u16, f32)> {
        let glyph = self.parsed.glyph_index(character)?;
        let advance = self.parsed.glyph_hor_advance(glyph).unwrap_or(0);
        Some((glyph.0, f32::from(advance) / self.units_per_em))
    }

    /// The glyph and advance in ems of `character`; a question mark if the font lacks
    /// it (so no `.notdef` box reaches the PDF).
    fn glyph(&self, character: char) -> (u16, f32) {
        match u8::try_from(character) {
            Ok(code) if code < 128 => self.ascii[usize::from(code)],
            _ => self.lookup(character).unwrap_or(self.missing),
        }
    }

    /// The font to embed.
    pub(super) fn font(&self) -> Font {
        self.font.clone()
    }

    /// How wide `text` is at `size` points.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// The glyphs that draw `text`, each mapped back to its character so the text can
    /// be copied, searched and read aloud.
    pub(super) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(start, character)| {
                let (glyph, advance) = self.glyph(character);
                KrillaGlyph::new(
                    GlyphId::new(u32::from(glyph)),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    start..start + character.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// `text` with every character the font lacks replaced by a question mark, and
    /// control characters (tabs, line breaks) by spaces.
    pub(super) fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|character| {
                if character.is_control() {
                    ' '
                } else if self.glyph(character) == self.missing && character != '?' {
                    '?'
                } else {
                    character
                }
            })
            .collect()
    }

    /// Breaks `text` into lines no wider than `width` at `size` points: at spaces, and
    /// inside a word only when the word alone is wider than the line. A line broken at
    /// a space ends with that space (it has no width that matters: nothing follows it).
    pub(super) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let text = self.printable(text);
        let space = self.glyph(' ').1 * size;
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in text.split_whitespace() {
            let word_width = self.width(word, size);
            if !line.is_empty() && line_width + space + word_width <= width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                // The space the line breaks at stays at its end, unseen, so the text
                // read aloud or copied keeps its word break.
                line.push(' ');
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
            } else {
                line_width = self.break_word(word, size, width, &mut lines, &mut line);
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Splits a word wider than the line into pieces that fit, pushing all but the
    /// last to `lines`; the last is left in `line` and its width returned.
    fn break_word(
        &self,
        word: &str,
        size: f32,
        width: f32,
        lines: &mut Vec<String>,
        line: &mut String,
    ) -> f32 {
        let mut piece_width = 0.0;
        // Break after a hyphen or slash where one fits, between letters only where not.
        for segment in word.split_inclusive(['-', '/']) {
            let segment_width = self.width(segment, size);
            if piece_width + segment_width <= width {
                line.push_str(segment);
                piece_width += segment_width;
                continue;
            }
            if !line.is_empty() && segment_width <= width {
                lines.push(std::mem::take(line));
                line.push_str(segment);
                piece_width = segment_width;
                continue;
            }
            for character in segment.chars() {
                let advance = self.glyph(character).1 * size;
                if !line.is_empty() && piece_width + advance > width {
                    lines.push(std::mem::take(line));
                    piece_width = 0.0;
                }
                line.push(character);
                piece_width += advance;
            }
        }
        piece_width
    }

    /// The widest word of `text` at `size`: the narrowest a column holding it may be
    /// without breaking a word.
    pub(super) fn widest_word(&self, text: &str, size: f32) -> f32 {
        text.split_whitespace()
            .map(|word| self.width(word, size))
            .fold(0.0, f32::max)
    }
}

/// The regular and bold faces of [`fonts::FAMILY`].
#[derive(Debug)]
pub(super) struct Faces {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

impl Faces {
    pub(super) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Face::load(fonts::regular(), "regular")?,
            bold: Face::load(fonts::bold(), "bold")?,
        })
    }

    /// The face for bold or regular text.
    pub(super) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces() -> Faces {
        Faces::load().expect("the embedded fonts load")
    }

    #[test]
    fn lines_break_at_spaces_and_never_exceed_the_width() {
        let faces = faces();
        let text = "Vacancies fell from 153 FTE at 30 September 2022 to 12 FTE at 30 September 2024, and agency use fell with them.";
        let lines = faces.regular.wrap(text, 11.0, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(
                faces.regular.width(line.trim_end(), 11.0) <= 150.0,
                "{line}"
            );
        }
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with(' ') && !line.ends_with("  "), "{line:?}");
        }
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_inside() {
        let faces = faces();
        let word = "Supercalifragilisticexpialidocious-and-then-some";
        let lines = faces.regular.wrap(word, 11.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(faces.regular.width(line, 11.0) <= 60.0, "{line}");
        }
    }

    #[test]
    fn a_long_hyphenated_word_breaks_after_its_hyphens() {
        let faces = faces();
        let word = "one-two-three-four-five-six-seven-eight-nine-ten";
        let lines = faces.regular.wrap(word, 11.0, 80.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with('-'), "{line}");
        }
    }

    #[test]
    fn bold_text_is_wider_than_regular_and_accents_have_real_widths() {
        let faces = faces();
        assert!(faces.bold.width("Caseloads", 11.0) > faces.regular.width("Caseloads", 11.0));
        assert!(faces.regular.width("é", 11.0) > 0.0);
        assert_eq!(faces.regular.printable("Łódź – ok\t’"), "Łódź – ok ’");
    }
}
