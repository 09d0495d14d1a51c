//! Text made safe for XML: escaped, and without the control characters XML 1.0
//! cannot hold at all (a stray one would make Word refuse the whole file).

use crate::charts::escape;

/// `text` escaped for XML content or a double-quoted attribute, with characters XML
/// forbids dropped.
pub(super) fn text(text: &str) -> String {
    if text.chars().all(allowed) {
        escape(text)
    } else {
        escape(&text.chars().filter(|c| allowed(*c)).collect::<String>())
    }
}

/// Characters XML 1.0 allows in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_forbidden_controls_dropped() {
        assert_eq!(
            text("Tom & Jerry's <b> \"x\" \u{0B}é ł – ’"),
            "Tom &amp; Jerry&#39;s &lt;b&gt; &quot;x&quot; é ł – ’"
        );
    }
}
