//! Embeds the built app in the `postil` binary, for `postil serve`.
//!
//! With `POSTIL_DIST` set to a release build's folder (`make dist` sets it to `dist/`; a
//! relative path is taken from the workspace's root), every file in it is included in the
//! binary. Without it the binary has no app, and `postil serve` says how to build one: the
//! rest of the command line, and its tests, need no browser build.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=POSTIL_DIST");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files = Vec::new();
    if let Some(dist) = env::var_os("POSTIL_DIST").filter(|d| !d.is_empty()) {
        let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
        let root = manifest
            .parent()
            .expect("cli/ is inside the workspace")
            .to_path_buf();
        let dist = root.join(dist);
        if !dist.join("index.html").is_file() {
            panic!(
                "POSTIL_DIST={}: no index.html there; build the app first (scripts/build-release.sh)",
                dist.display()
            );
        }
        println!("cargo:rerun-if-changed={}", dist.display());
        collect(&dist, &dist, &mut files);
        files.sort();
    }
    let mut code = String::from("/// The app's files (path under the app's folder, bytes).\npub static APP_FILES: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(out.join("app_files.rs"), code).expect("OUT_DIR is writable");
}

/// Every file under `dir`, named by its path from `root` with `/` between folders.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let name = path.strip_prefix(root).expect("under root");
            let name: Vec<String> = name
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            files.push((name.join("/"), path));
        }
    }
}
