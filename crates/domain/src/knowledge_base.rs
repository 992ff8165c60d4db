//! The common agenda's knowledge base: problem understanding (with sources), vision, guiding
//! principles and strategies, as sections whose every revision is kept; and a line diff to
//! show what a revision changed.

use crate::{FieldError, FieldErrors, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Problem,
    Vision,
    Principles,
    Strategies,
}

impl SectionKind {
    pub const ALL: [SectionKind; 4] =
        [SectionKind::Problem, SectionKind::Vision, SectionKind::Principles, SectionKind::Strategies];

    pub fn code(self) -> &'static str {
        match self {
            SectionKind::Problem => "problem",
            SectionKind::Vision => "vision",
            SectionKind::Principles => "principles",
            SectionKind::Strategies => "strategies",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A new revision of a section.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_text_schema::<50_000>))]
    pub body: String,
    /// Where the knowledge comes from: reports, surveys, links; one per line.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<10_000>))]
    pub sources: String,
    /// What changed and why, shown in the history.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<300>))]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionRevision {
    pub body: String,
    pub sources: String,
    pub note: String,
}

impl SectionInput {
    pub fn validate(&self) -> Result<SectionRevision, FieldErrors> {
        let mut errors = FieldErrors::default();
        let body = errors.take("body", text::optional_text(&self.body, 50_000));
        if body.as_deref() == Some("") {
            errors.add("body", FieldError::new("required"));
        }
        let sources = errors.take("sources", text::optional_text(&self.sources, 10_000));
        let note = errors.take("note", text::optional_line(&self.note, 300).map(Option::unwrap_or_default));
        match (body, sources, note) {
            (Some(body), Some(sources), Some(note)) if errors.is_empty() => Ok(SectionRevision { body, sources, note }),
            _ => Err(errors),
        }
    }
}

/// A comment on a section's draft.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct CommentInput {
    pub comment: String,
}

impl CommentInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let body = errors.take("comment", text::optional_text(&self.comment, 5000));
        match body {
            Some(b) if b.is_empty() => {
                errors.add("comment", FieldError::new("required"));
                Err(errors)
            }
            Some(b) => Ok(b),
            None => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffOp {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub op: DiffOp,
    pub text: String,
}

impl DiffLine {
    /// `same`, `added` or `removed`, for a CSS class.
    pub fn class(&self) -> &'static str {
        match self.op {
            DiffOp::Same => "same",
            DiffOp::Added => "added",
            DiffOp::Removed => "removed",
        }
    }
}

/// The lines of `new` against `old` (longest common subsequence of lines). Sections are short
/// texts, so the quadratic table is small; past 2,000 lines each the whole text is shown as
/// replaced rather than spending the memory.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let line = |op, text: &str| DiffLine { op, text: text.to_owned() };
    if a.len() > 2000 || b.len() > 2000 {
        return a.iter().map(|t| line(DiffOp::Removed, t)).chain(b.iter().map(|t| line(DiffOp::Added, t))).collect();
    }
    // lcs[i][j]: the common length of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(line(DiffOp::Same, a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(line(DiffOp::Added, b[j]));
            j += 1;
        } else {
            out.push(line(DiffOp::Removed, a[i]));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_names_added_and_removed_lines() {
        let d = line_diff("a\nb\nc", "a\nx\nc\nd");
        let ops: Vec<(DiffOp, &str)> = d.iter().map(|l| (l.op, l.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                (DiffOp::Same, "a"),
                (DiffOp::Added, "x"),
                (DiffOp::Removed, "b"),
                (DiffOp::Same, "c"),
                (DiffOp::Added, "d")
            ]
        );
        assert!(line_diff("same", "same").iter().all(|l| l.op == DiffOp::Same));
    }

    #[test]
    fn a_revision_needs_text() {
        let e = SectionInput { body: "  ".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(e.get("body"), Some("required"));
        assert_eq!(CommentInput { comment: "\n".into() }.validate().unwrap_err().get("comment"), Some("required"));
        assert_eq!(SectionKind::parse("vision"), Some(SectionKind::Vision));
        assert_eq!(SectionKind::parse("drøm"), None);
    }
}
