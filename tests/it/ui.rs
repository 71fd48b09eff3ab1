//! Misuse of the macros is a compile error at the offending token (`tests/ui/fail`), and every
//! key compiles where it applies (`tests/ui/pass`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
