//! Checks a term base for the mistakes that make matching ambiguous or wrong.
//!
//! Forms are compared by their normalised key ([`crate::normalize::form_key`]), the same
//! key the matcher uses, so "good-neighbourly friendship" and "Good neighborly friendship"
//! count as one surface form: if two entries claim it, the matcher could only pick one.

use std::collections::HashMap;
use std::fmt;

use super::{Entry, Form, FormKind, Glossary};
use crate::error::{Error, Location, Result};
use crate::normalize::form_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about a glossary, at a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    /// The entry concerned, when there is one.
    pub entry: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {sev}: {}", self.location, self.message)
    }
}

/// Checks a (merged) glossary: empty preferred forms, forms that normalise to nothing,
/// one surface form claimed by two entries, deprecated forms equal to admitted ones,
/// deprecated forms without a reason. Diagnostics come in entry order.
pub fn validate(glossary: &Glossary) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // normalised form -> (entry index, kind, form text)
    let mut claims: HashMap<Vec<String>, (usize, FormKind, String)> = HashMap::new();
    for (idx, e) in glossary.entries().enumerate() {
        let at = |msg: String, severity: Severity| Diagnostic {
            severity,
            location: Location::new(e.origin.file.as_ref(), e.origin.line, 1),
            message: msg,
            entry: Some(e.id.clone()),
        };
        if e.en.is_empty() {
            out.push(at(empty_preferred(e), Severity::Error));
        }
        let mut own: HashMap<Vec<String>, (FormKind, String)> = HashMap::new();
        for form in e.forms() {
            let key = form_key(form.text);
            if key.is_empty() {
                out.push(at(empty_form(e, form), Severity::Error));
                continue;
            }
            if let Some((kind, text)) = own.get(&key) {
                let both_ok = *kind != FormKind::Deprecated && form.kind != FormKind::Deprecated;
                let msg = if both_ok {
                    format!(
                        "entry `{}`: {} `{}` is the same as {} `{}` after normalisation (redundant)",
                        e.id,
                        form.kind.as_str(),
                        form.text,
                        kind.as_str(),
                        text
                    )
                } else {
                    format!(
                        "entry `{}`: deprecated form `{}` equals admitted form `{}` after normalisation",
                        e.id,
                        if form.kind == FormKind::Deprecated { form.text } else { text },
                        if form.kind == FormKind::Deprecated { text } else { form.text }
                    )
                };
                out.push(at(msg, if both_ok { Severity::Warning } else { Severity::Error }));
                continue;
            }
            own.insert(key.clone(), (form.kind, form.text.to_string()));
            match claims.get(&key) {
                Some((other, okind, otext)) if *other != idx => {
                    let o = glossary.entry(*other);
                    out.push(at(
                        format!(
                            "form `{}` ({}) of entry `{}` is also claimed by entry `{}` ({} `{}`, {}:{}); the matcher keeps the first",
                            form.text,
                            form.kind.as_str(),
                            e.id,
                            o.id,
                            okind.as_str(),
                            otext,
                            o.origin.file,
                            o.origin.line
                        ),
                        Severity::Error,
                    ));
                }
                Some(_) => {}
                None => {
                    claims.insert(key, (idx, form.kind, form.text.to_string()));
                }
            }
        }
        for d in &e.deprecated {
            if d.reason.is_empty() && !d.form.is_empty() {
                out.push(at(
                    format!("entry `{}`: deprecated form `{}` has no reason (write `form :: reason`)", e.id, d.form),
                    Severity::Warning,
                ));
            }
        }
    }
    out
}

fn empty_preferred(e: &Entry) -> String {
    format!("entry `{}` has an empty preferred form (`en`)", e.id)
}

fn empty_form(e: &Entry, form: Form<'_>) -> String {
    format!(
        "entry `{}`: {} form `{}` is empty after normalisation (only separators); it can never match",
        e.id,
        form.kind.as_str(),
        form.text
    )
}

/// Refuses a glossary with an entry that cannot be matched as written: an empty preferred
/// form, or a form that normalises to nothing. `check` would otherwise report a clean
/// text for a term it never looked for. The first such entry is the error; `glossary
/// validate` lists them all.
pub fn check_matchable(glossary: &Glossary) -> Result<()> {
    for e in glossary.entries() {
        let problem = if e.en.is_empty() {
            Some(empty_preferred(e))
        } else {
            e.forms().find(|f| crate::normalize::is_blank(f.text)).map(|f| empty_form(e, f))
        };
        if let Some(msg) = problem {
            return Err(Error::at(
                e.origin.file.as_ref(),
                e.origin.line,
                1,
                format!("{msg}; fix the entry (`termalign glossary validate` lists every problem)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::read_csv_str;
    use std::path::Path;

    fn diags(csv: &str) -> Vec<String> {
        let g = read_csv_str(csv, Path::new("g.csv")).unwrap().glossary;
        validate(&g).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn clean_glossary_has_no_findings() {
        assert!(diags("id,en,en_variants\na,win-win cooperation,\nb,Belt and Road Initiative,BRI\n").is_empty());
    }

    #[test]
    fn form_claimed_by_two_entries_after_normalisation() {
        let d = diags("id,en,en_variants\na,good-neighbourly friendship,\nb,x,Good neighborly friendships\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("g.csv:3:1: error: form `Good neighborly friendships` (variant) of entry `b` is also claimed by entry `a`"), "{d:?}");
    }

    #[test]
    fn deprecated_equal_to_admitted_and_empty_forms() {
        let d = diags("id,en,en_variants,en_deprecated\na,win-win cooperation,,Win win cooperation :: x\nb,,\"“”\",\n");
        assert!(
            d[0].contains("deprecated form `Win win cooperation` equals admitted form `win-win cooperation`"),
            "{d:?}"
        );
        assert!(d[1].contains("entry `b` has an empty preferred form"), "{d:?}");
        assert!(d[2].contains("variant form `“”` is empty after normalisation"), "{d:?}");
    }

    #[test]
    fn deprecated_without_reason_is_a_warning() {
        let d = diags("id,en,en_deprecated\na,Belt and Road Initiative,OBOR\n");
        assert_eq!(d, ["g.csv:2:1: warning: entry `a`: deprecated form `OBOR` has no reason (write `form :: reason`)"]);
    }
}
