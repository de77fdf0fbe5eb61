//! Errors that carry the position of the bad input.
//!
//! A translator who gets "invalid CSV" has to hunt through a 3,000-row term base; one
//! who gets `glossary.csv:212:17: unclosed quote` fixes it in ten seconds. So every error
//! that comes from user data names the file, the 1-based line and the 1-based column
//! (counted in characters, as editors count them), in the `path:line:col: message` shape
//! that editors and CI logs turn into links. Errors without a position (a file that cannot
//! be opened) still name the file.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input something went wrong. Line and column are 1-based; the column counts
/// characters, not bytes. `line == 0` means "the file as a whole".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: u64,
    pub column: u64,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: u64, column: u64) -> Location {
        Location { path: path.into(), line, column }
    }

    /// The file as a whole, for errors that have no finer position.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location { path: path.into(), line: 0, column: 0 }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// `-` is how users name standard input; show it as `<stdin>` in messages.
pub fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() }
}

/// Every error the library reports. Each variant renders as `path[:line[:col]]: message`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The operating system refused (missing file, permission, disk full...).
    #[error("{location}: {message}: {source}")]
    Io {
        location: Location,
        message: String,
        #[source]
        source: std::io::Error,
    },
    /// The input is readable but its content is wrong at a known place.
    #[error("{location}: {message}")]
    Data { location: Location, message: String },
    /// A request that cannot be carried out (bad option combination, refused overwrite...).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, message: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io { location: Location::file(path), message: message.into(), source }
    }

    pub fn data(location: Location, message: impl Into<String>) -> Error {
        Error::Data { location, message: message.into() }
    }

    pub fn at(path: impl Into<PathBuf>, line: u64, column: u64, message: impl Into<String>) -> Error {
        Error::data(Location::new(path, line, column), message)
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    /// The position of the error, when it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Io { location, .. } | Error::Data { location, .. } => Some(location),
            Error::Usage(_) => None,
        }
    }

    /// True when the error is a closed pipe on output (`termalign scan ... | head`), which
    /// the command line treats as a normal end, as Unix tools do.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
