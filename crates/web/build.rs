// Fluent files are include_str!'ed by a macro, so a new or edited .ftl file must trigger a rebuild.
// The browser libraries (Leaflet) come from npm: package-lock.json pins them, node_modules/ is not
// committed, so a clean clone installs them here before rust-embed reads them.
use std::path::Path;
use std::process::Command;

/// Files rust-embed serves from vendor/node_modules (see `vendor.rs`); checked after install.
const VENDOR_FILES: [&str; 3] =
    ["leaflet/dist/leaflet.js", "leaflet/dist/leaflet.css", "leaflet/dist/images/marker-icon.png"];

fn main() {
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=templates");
    println!("cargo::rerun-if-changed=assets");
    println!("cargo::rerun-if-changed=vendor/package.json");
    println!("cargo::rerun-if-changed=vendor/package-lock.json");
    println!("cargo::rerun-if-changed=vendor/node_modules/.package-lock.json");
    let vendor = Path::new("vendor");
    if stale(vendor) {
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(vendor)
            .status();
        let problem = match status {
            Ok(s) if s.success() => None,
            Ok(s) => Some(format!("npm ci ended with {s}")),
            Err(e) => Some(format!("npm could not be run: {e}")),
        };
        if let Some(problem) = problem {
            // cargo::error with exit 0 shows this one line instead of the script's whole output.
            println!(
                "cargo::error=crates/web/vendor: node_modules/ is missing or older than package-lock.json, and {problem}. \
Install Node.js and npm, then run `npm ci --ignore-scripts` in crates/web/vendor."
            );
            return;
        }
    }
    for file in VENDOR_FILES {
        if !vendor.join("node_modules").join(file).is_file() {
            println!("cargo::error=crates/web/vendor/node_modules/{file} is missing after npm ci; check package.json");
        }
    }
}

/// node_modules/.package-lock.json is written by npm at the end of an install.
fn stale(vendor: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(&vendor.join("node_modules/.package-lock.json")), modified(&vendor.join("package-lock.json"))) {
        (Some(installed), Some(locked)) => installed < locked,
        _ => true,
    }
}
