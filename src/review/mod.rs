//! The reviser's and the terminologist's tools, built on the matcher's hits.
//!
//! [`consistency`] marks a term written in two admitted ways within a document or a run;
//! [`html`] writes the reviewer's report, the documents with every term marked;
//! [`crosscheck`] puts the cross-language findings among the hits for `check --source`.

pub mod bilingual;
pub mod bitext;
pub mod concord;
pub mod consistency;
pub mod crosscheck;
pub mod extract;
pub mod html;
