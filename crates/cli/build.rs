//! Link flags for the `drydock` binary only.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    // The relative relocations of the compiled-in tables (about 31,000)
    // as a bitmap (DT_RELR, glibc 2.36 and binutils 2.38 on): the dynamic
    // loader reads a few KiB at start-up instead of 760 KiB.
    if target.ends_with("-linux-gnu") && std::env::var_os("DRYDOCK_NO_RELR").is_none() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-env-changed=DRYDOCK_NO_RELR");
}
