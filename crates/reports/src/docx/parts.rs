//! The package's parts other than the body: content types, relationships, document
//! properties, styles, list numbering, settings, fonts and the footer.
//!
//! Elements are written in the order the Office Open XML schema lists them: Word
//! rejects a file whose properties are out of order, even where LibreOffice does not.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

use super::xml;
use crate::model::Report;

/// The WordprocessingML namespace.
pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace, for `r:id` and `r:embed`.
pub(super) const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const RELATIONSHIP_TYPES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The relationship id of the footer, from the document.
pub(super) const FOOTER_ID: &str = "rIdFooter1";
/// The numbering instance of every bulleted list; numbered lists follow it, one each
/// so that each starts again at 1.
pub(super) const BULLETS_NUMBERING: usize = 1;

/// The relationship id of the `n`th figure's image (from 1).
pub(super) fn image_id(n: usize) -> String {
    format!("rIdFigure{n}")
}

/// The package name of the `n`th figure's image (from 1).
pub(super) fn image_part(n: usize) -> String {
    format!("word/media/figure-{n}.png")
}

/// The report's language tag, en-GB when it has none.
fn language(report: &Report) -> String {
    if report.language.trim().is_empty() {
        "en-GB".to_owned()
    } else {
        xml::text(report.language.trim())
    }
}

/// `[Content_Types].xml`: what each part is.
pub(super) fn content_types() -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut out = String::from(DECLARATION);
    out.push_str(
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#,
    );
    for (part, kind) in [
        ("/word/document.xml", format!("{main}.document.main+xml")),
        ("/word/styles.xml", format!("{main}.styles+xml")),
        ("/word/numbering.xml", format!("{main}.numbering+xml")),
        ("/word/settings.xml", format!("{main}.settings+xml")),
        ("/word/fontTable.xml", format!("{main}.fontTable+xml")),
        ("/word/footer1.xml", format!("{main}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
    ] {
        let _ = write!(out, r#"<Override PartName="{part}" ContentType="{kind}"/>"#);
    }
    out.push_str("</Types>");
    out
}

/// `_rels/.rels`: where the document and its properties are.
pub(super) fn package_relationships() -> String {
    format!(
        r#"{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELATIONSHIP_TYPES}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="{RELATIONSHIP_TYPES}/extended-properties" Target="docProps/app.xml"/></Relationships>"#
    )
}

/// `word/_rels/document.xml.rels`: the document's styles, lists, settings, fonts,
/// footer and `images` figure images.
pub(super) fn document_relationships(images: usize) -> String {
    let mut out = format!(
        r#"{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="{RELATIONSHIP_TYPES}/styles" Target="styles.xml"/><Relationship Id="rIdNumbering" Type="{RELATIONSHIP_TYPES}/numbering" Target="numbering.xml"/><Relationship Id="rIdSettings" Type="{RELATIONSHIP_TYPES}/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="{RELATIONSHIP_TYPES}/fontTable" Target="fontTable.xml"/><Relationship Id="{FOOTER_ID}" Type="{RELATIONSHIP_TYPES}/footer" Target="footer1.xml"/>"#
    );
    for n in 1..=images {
        let _ = write!(
            out,
            r#"<Relationship Id="{}" Type="{RELATIONSHIP_TYPES}/image" Target="media/figure-{n}.png"/>"#,
            image_id(n)
        );
    }
    out.push_str("</Relationships>");
    out
}

/// `docProps/core.xml`: the title, the council as author, the language and when the
/// document was made: what a file browser and a screen reader announce.
pub(super) fn core(report: &Report, created: DateTime<Utc>) -> String {
    let created = created.to_rfc3339_opts(SecondsFormat::Secs, true);
    format!(
        r#"{DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:subject>{audience}</dc:subject><dc:creator>{council}</dc:creator><cp:lastModifiedBy>{council}</cp:lastModifiedBy><dc:language>{language}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified></cp:coreProperties>"#,
        title = xml::text(&report.title),
        audience = xml::text(report.audience.label()),
        council = xml::text(&report.council),
        language = language(report),
    )
}

/// `docProps/app.xml`: the application and the organisation.
pub(super) fn app(report: &Report) -> String {
    format!(
        r#"{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Pathway</Application><DocSecurity>0</DocSecurity><Company>{}</Company><AppVersion>{}</AppVersion></Properties>"#,
        xml::text(&report.council),
        app_version(),
    )
}

/// The crate's version as Office writes one ("0.1"): major and minor only.
fn app_version() -> String {
    let mut parts = env!("CARGO_PKG_VERSION").split('.');
    let major = parts.next().unwrap_or("0");
    let minor = parts.next().unwrap_or("0");
    format!("{major}.{minor:0>4}")
}

/// GOV.UK black: headings and text.
const BLACK: &str = "0B0C0C";
/// GOV.UK mid-grey: table rules.
const GREY: &str = "B1B4B6";
/// GOV.UK light grey: table header rows.
const LIGHT_GREY: &str = "F3F2F1";

/// `word/styles.xml`: Arial 12 point in the report's language; title, headings with
/// outline levels, caption, table note, lists, footer and the table style.
pub(super) fn styles(report: &Report) -> String {
    let language = language(report);
    let mut out = format!(
        r#"{DECLARATION}<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:color w:val="{BLACK}"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    out.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    out.push_str(r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    out.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    out.push_str(r#"<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    paragraph_style(
        &mut out,
        "Title",
        "Title",
        "<w:spacing w:before=\"1200\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:b/><w:bCs/><w:kern w:val=\"28\"/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/>",
    );
    paragraph_style(
        &mut out,
        "Subtitle",
        "Subtitle",
        "<w:spacing w:after=\"480\"/>",
        "<w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>",
    );
    for (level, size, before) in [(1, 36, 480), (2, 30, 360), (3, 26, 240)] {
        paragraph_style(
            &mut out,
            &format!("Heading{level}"),
            &format!("heading {level}"),
            &format!(
                "<w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"160\"/><w:outlineLvl w:val=\"{}\"/>",
                level - 1
            ),
            &format!("<w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"),
        );
    }
    paragraph_style(
        &mut out,
        "Caption",
        "caption",
        "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>",
        "<w:b/><w:bCs/>",
    );
    paragraph_style(
        &mut out,
        "TableNote",
        "Table note",
        "<w:spacing w:before=\"80\" w:after=\"240\"/>",
        "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>",
    );
    paragraph_style(
        &mut out,
        "TableText",
        "Table text",
        "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>",
    );
    paragraph_style(
        &mut out,
        "CoverLine",
        "Cover line",
        "<w:spacing w:after=\"120\"/>",
        "",
    );
    paragraph_style(
        &mut out,
        "Audience",
        "Audience",
        &format!(
            "<w:pBdr><w:top w:val=\"single\" w:sz=\"24\" w:space=\"4\" w:color=\"{BLACK}\"/><w:left w:val=\"single\" w:sz=\"24\" w:space=\"4\" w:color=\"{BLACK}\"/><w:bottom w:val=\"single\" w:sz=\"24\" w:space=\"4\" w:color=\"{BLACK}\"/><w:right w:val=\"single\" w:sz=\"24\" w:space=\"4\" w:color=\"{BLACK}\"/></w:pBdr><w:spacing w:before=\"480\" w:after=\"240\"/><w:ind w:left=\"113\" w:right=\"113\"/>"
        ),
        "<w:b/><w:bCs/>",
    );
    paragraph_style(
        &mut out,
        "ListBullet",
        "List Bullet",
        &format!(
            "<w:numPr><w:numId w:val=\"{BULLETS_NUMBERING}\"/></w:numPr><w:spacing w:after=\"80\"/><w:ind w:left=\"567\" w:hanging=\"283\"/>"
        ),
        "",
    );
    paragraph_style(
        &mut out,
        "ListNumber",
        "List Number",
        "<w:spacing w:after=\"80\"/><w:ind w:left=\"567\" w:hanging=\"397\"/>",
        "",
    );
    paragraph_style(
        &mut out,
        "Footer",
        "footer",
        "<w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>",
        "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>",
    );
    let border = |side: &str, size: u8, colour: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"0\" w:color=\"{colour}\"/>")
    };
    let _ = write!(
        out,
        r#"<w:style w:type="table" w:styleId="PathwayTable"><w:name w:val="Pathway table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders>{}{}{}{}</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="{BLACK}"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="{LIGHT_GREY}"/></w:tcPr></w:tblStylePr></w:style>"#,
        border("top", 4, GREY),
        border("bottom", 4, GREY),
        border("insideH", 4, GREY),
        border("insideV", 4, GREY),
    );
    out.push_str("</w:styles>");
    out
}

fn paragraph_style(out: &mut String, id: &str, name: &str, paragraph: &str, run: &str) {
    let _ = write!(
        out,
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>{paragraph}</w:pPr>"#
    );
    if !run.is_empty() {
        let _ = write!(out, "<w:rPr>{run}</w:rPr>");
    }
    out.push_str("</w:style>");
}

/// `word/numbering.xml`: bullets, and `numbered_lists` numbered lists ("1.", "2.")
/// each starting at 1.
pub(super) fn numbering(numbered_lists: usize) -> String {
    let mut out = format!(
        r#"{DECLARATION}<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="397"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="{BULLETS_NUMBERING}"><w:abstractNumId w:val="0"/></w:num>"#
    );
    for list in 1..=numbered_lists {
        let _ = write!(
            out,
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            BULLETS_NUMBERING + list
        );
    }
    out.push_str("</w:numbering>");
    out
}

/// `word/settings.xml`: the language, and no request to update fields on opening
/// (which would make Word ask a question before showing the report).
pub(super) fn settings(report: &Report) -> String {
    format!(
        r#"{DECLARATION}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="false"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="{}"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#,
        language(report)
    )
}

/// `word/fontTable.xml`: Arial, described so that a machine without it picks a
/// sans-serif of the same widths (Liberation Sans, Arimo).
pub(super) fn font_table() -> String {
    format!(
        r#"{DECLARATION}<w:fonts xmlns:w="{W}"><w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    )
}

/// `word/footer1.xml`: "Page N of M", centred, from fields Word and LibreOffice fill
/// in as they lay the pages out.
pub(super) fn footer() -> String {
    let field = |instruction: &str| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
    };
    format!(
        r#"{DECLARATION}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">Page </w:t></w:r>{}<w:r><w:t xml:space="preserve"> of </w:t></w:r>{}</w:p></w:ftr>"#,
        field("PAGE"),
        field("NUMPAGES"),
    )
}
