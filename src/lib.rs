//! termalign: terminology checking for Chinese→English diplomatic translation.
//!
//! The pipeline, one module per stage: [`input`] reads files as text, [`corpus`] rebuilds
//! passages and keeps exact positions, [`normalize`] cuts text into tokens with
//! canonical keys, [`matcher`] finds glossary forms in the token stream, and [`report`]
//! turns hits into the formats users read. The term base model lives in [`glossary`].
//! [`review`] holds what revisers and terminologists build on the hits: consistency, the
//! HTML report, concordance and term discovery.

pub mod align;
pub mod corpus;
pub mod error;
pub mod export;
pub mod glossary;
pub mod import;
pub mod input;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod report;
pub mod review;
pub mod search;
pub mod segment;
pub mod tabular;

pub use error::{Error, Location, Result};
