//! `tbx3`: TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style.
//!
//! Root `<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">`, then
//! `conceptEntry/langSec/termSec/term`. Valid under the TBX v3 core RNG and the
//! TBX-Basic DCA Schematron (checked in `tests/interop.sh` with jing and pyschematron):
//! only the data categories TBX-Basic allows, each at its permitted level
//! (`subjectField` on the concept, `administrativeStatus` on terms, `context` on a
//! term, `source` as `admin`), no foreign namespace. The content is the same as `tbx`
//! (see [`super::tbx`]). Tools that still read only TBX 2008 (OmegaT 3.6,
//! translate-toolkit) reject this file: use `tbx` for them.

use std::io::Write;

use super::tbx::{Names, finish, write_body};
use super::xml::XmlOut;
use super::{Exporter, Settings, Summary};
use crate::error::Result;
use crate::glossary::Glossary;

pub struct Tbx3;

/// The TBX v3 namespace.
pub const NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

impl Exporter for Tbx3 {
    fn name(&self) -> &'static str {
        "tbx3"
    }

    fn default_langs(&self) -> (&'static str, &'static str) {
        ("zh-CN", "en")
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tbx"]
    }

    fn write(&self, g: &Glossary, s: &Settings, out: &mut dyn Write) -> Result<Summary> {
        let mut x = XmlOut::new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.open("tbx", &[("type", "TBX-Basic"), ("style", "dca"), ("xml:lang", "en"), ("xmlns", NAMESPACE)]);
        x.open("tbxHeader", &[]);
        x.open("fileDesc", &[]);
        x.open("sourceDesc", &[]);
        x.leaf("p", &[], "Exported by termalign");
        x.close();
        x.close();
        x.close();
        x.open("text", &[]);
        x.open("body", &[]);
        write_body(&mut x, g, s, &Names { entry: "conceptEntry", lang: "langSec", term: "termSec" })?;
        x.close();
        x.close();
        x.close();
        finish(x, out)?;
        Ok(Summary { entries: g.len(), records: g.len(), ..Summary::default() })
    }
}
