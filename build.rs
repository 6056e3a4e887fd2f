//! Records the git commit the binary is built from, for `kanban --version`: the short hash,
//! with `-dirty` when the tree has changes; `unknown` outside a git checkout. And asks the
//! linker, where it is lld, to lay the start-up code out together (`src/startup.order`).

use std::env;
use std::process::Command;

fn main() {
    record_commit();
    order_start_up_code();
}

/// The functions a command runs from its start to its first statement, listed in
/// src/startup.order (written by benches/startup_order.py), placed side by side: a start
/// then takes 20 page faults fewer (148 -> 128; a failed connect 1.27x -> 1.20x of the
/// floor's, 300 alternating runs). Only where the linker is surely lld (Rust 1.90+ links with it on
/// x86_64 Linux unless told otherwise), which knows the option. A listed name the binary
/// lacks (another toolchain or dependency version) is skipped in silence: a stale list
/// costs speed, never the build.
fn order_start_up_code() {
    println!("cargo:rerun-if-changed=src/startup.order");
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let chosen_linker = env::var_os("RUSTC_LINKER").is_some()
        || [
            "linker=",
            "linker-flavor",
            "linker-features",
            "link-self-contained",
            "fuse-ld",
        ]
        .iter()
        .any(|flag| flags.contains(flag));
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let minor = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|output| {
            let version = String::from_utf8_lossy(&output.stdout).into_owned();
            // "rustc 1.95.0 (59807616e 2026-04-14)"
            version.split(['.', ' ']).nth(2)?.parse::<u32>().ok()
        });
    let lld = env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu")
        && minor.is_some_and(|minor| minor >= 90)
        && !chosen_linker;
    let Ok(manifest) = env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    if !lld {
        return;
    }
    let list = format!("{manifest}/src/startup.order");
    // -Xlinker passes each word as it is (-Wl, would split a path at its commas).
    for arg in ["--symbol-ordering-file", &list, "--no-warn-symbol-ordering"] {
        println!("cargo:rustc-link-arg-bin=kanban=-Xlinker");
        println!("cargo:rustc-link-arg-bin=kanban={arg}");
    }
}

fn record_commit() {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).map_or_else(
        || "unknown".to_owned(),
        |hash| {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|changes| !changes.is_empty());
            if dirty { format!("{hash}-dirty") } else { hash }
        },
    );
    println!("cargo:rustc-env=KANBAN_GIT_COMMIT={commit}");
    // A new commit or checkout changes HEAD or the branch it names.
    for path in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
        let path = format!(".git/{reference}");
        if std::path::Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
