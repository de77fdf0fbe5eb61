//! Helpers shared by the integration tests that run the `termalign` binary from the
//! repository root. (Each test crate uses some of them, hence the `allow`.)
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with `args`, from the repository root.
pub fn termalign(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_termalign")).current_dir(root()).args(args).output().expect("run termalign")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One JSON object per line of standard output.
pub fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect()
}
