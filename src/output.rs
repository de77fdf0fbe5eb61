//! Writing files so that nothing is ever lost.
//!
//! Every file termalign writes goes through [`write_atomic`]: the content is written to a
//! temporary file in the destination folder, flushed to disk, and only then renamed over
//! the destination. A crash, a full disk or an error half-way through an export therefore
//! leaves the previous file intact, never a truncated glossary. An existing file is only
//! replaced when the user says `--force`, and a destination that is one of the run's own
//! inputs is refused outright (`termalign glossary import --from csv g.csv -o g.csv`).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Output is handed to the system in writes of this size: a scan of an archive prints
/// millions of lines, and at `BufWriter`'s default of 8 KiB the system calls alone cost a
/// few per cent of the run.
const BUFFER: usize = 128 << 10;

/// What a write may do.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Replace an existing destination.
    pub force: bool,
    /// Files this run reads; the destination must not be one of them.
    pub inputs: Vec<PathBuf>,
}

/// Writes `path` atomically with the bytes `fill` produces; `-` means standard output.
///
/// `fill` may fail: the destination is then untouched and the temporary file removed.
pub fn write_atomic(path: &Path, opts: &WriteOptions, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if path.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut w = BufWriter::with_capacity(BUFFER, stdout.lock());
        fill(&mut w)?;
        return w.flush().map_err(|e| Error::io(path, "cannot write standard output", e));
    }
    // A device or a pipe (`-o /dev/null`, `-o >(gzip ...)`) is written in place: renaming a
    // temporary file over it would replace the device node with a regular file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::io(path, "cannot open", e))?;
        let mut w = BufWriter::with_capacity(BUFFER, f);
        fill(&mut w)?;
        return w.flush().map_err(|e| Error::io(path, "cannot write output", e));
    }
    check_destination(path, opts)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".termalign-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, "cannot create a temporary file beside the output", e))?;
    let mut w = BufWriter::with_capacity(BUFFER, tmp);
    fill(&mut w)?;
    let tmp = w.into_inner().map_err(|e| Error::io(path, "cannot write output", e.into_error()))?;
    // A temporary file is created readable by its owner only; the finished output gets the
    // permissions of the file it replaces, or the usual rw-r--r-- for a new file, so that a
    // team folder's exports stay readable by the team.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms =
            std::fs::metadata(path).map(|m| m.permissions()).unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        tmp.as_file().set_permissions(perms).map_err(|e| Error::io(path, "cannot set the output's permissions", e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, "cannot flush output to disk", e))?;
    tmp.persist(path).map_err(|e| Error::io(path, "cannot move the finished output into place", e.error))?;
    Ok(())
}

/// Refuses a destination that is an input of this run, or that exists without `force`.
pub fn check_destination(path: &Path, opts: &WriteOptions) -> Result<()> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    if let Ok(dest) = path.canonicalize() {
        for input in &opts.inputs {
            if input.canonicalize().is_ok_and(|i| i == dest) {
                return Err(Error::usage(format!(
                    "{}: refusing to write over an input of this run; choose another output file",
                    path.display()
                )));
            }
        }
        if !opts.force {
            return Err(Error::usage(format!("{}: file exists; pass --force to replace it", path.display())));
        }
        if dest.is_dir() {
            return Err(Error::usage(format!("{}: is a directory; name an output file", path.display())));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(bytes: &'static [u8]) -> impl FnOnce(&mut dyn Write) -> Result<()> {
        move |w| w.write_all(bytes).map_err(|e| Error::io("t", "write", e))
    }

    #[test]
    fn writes_new_file_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, &WriteOptions::default(), put(b"one")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let err = write_atomic(&p, &WriteOptions::default(), put(b"two")).unwrap_err();
        assert!(err.to_string().ends_with("file exists; pass --force to replace it"), "{err}");
        let force = WriteOptions { force: true, ..Default::default() };
        write_atomic(&p, &force, put(b"two")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_like_ordinary_files_and_keep_replaced_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.tbx");
        write_atomic(&p, &WriteOptions::default(), put(b"x")).unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&p, &WriteOptions { force: true, ..Default::default() }, put(b"y")).unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o664);
    }

    #[test]
    fn an_error_midway_leaves_the_previous_file_intact_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.tbx");
        std::fs::write(&p, b"previous").unwrap();
        let force = WriteOptions { force: true, ..Default::default() };
        let err = write_atomic(&p, &force, |w| {
            w.write_all(b"half of the new").unwrap();
            Err(Error::usage("term 17 cannot be written"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "term 17 cannot be written");
        assert_eq!(std::fs::read(&p).unwrap(), b"previous");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("g.tbx")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        write_atomic(null, &WriteOptions::default(), put(b"gone")).unwrap();
        assert!(std::fs::metadata(null).unwrap().file_type().is_char_device());
    }

    #[test]
    fn refuses_to_write_over_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.csv");
        std::fs::write(&p, b"en\nx\n").unwrap();
        let opts = WriteOptions { force: true, inputs: vec![dir.path().join("./g.csv")] };
        let err = write_atomic(&p, &opts, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("refusing to write over an input"), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), b"en\nx\n");
    }
}
