//! Helpers shared by the unit tests: the checks every rule data file
//! passes, and the report of a named case table.

/// The rows of a data file after its `header`, checked sorted and free of
/// duplicates, so a file stays easy to read and to merge.
pub(crate) fn sorted_rows<'d>(name: &str, data: &'d str, header: &str) -> Vec<&'d str> {
    let mut lines = data.lines();
    assert_eq!(lines.next(), Some(header), "{name}: header");
    let rows: Vec<&str> = lines.collect();
    let mut sorted = rows.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(rows, sorted, "{name}: sort it, no duplicates");
    rows
}

/// Fails with every failed case of a case table, each with want and got.
pub(crate) fn assert_cases_pass(failed: &[String]) {
    assert!(
        failed.is_empty(),
        "{} case(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
