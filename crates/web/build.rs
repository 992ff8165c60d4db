// Fluent files are include_str!'ed by a macro, so a new or edited .ftl file must trigger a rebuild.
fn main() {
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=templates");
    println!("cargo::rerun-if-changed=assets");
}
