//! At start-up, warn when the process may open few files: every connected client (an SSE stream
//! especially) holds a socket, so 1,000 connected phones need well over 1,000 descriptors.

/// Below this soft limit the server logs a warning.
pub const RECOMMENDED_OPEN_FILES: u64 = 4_096;

/// Logs a warning if the soft limit on open files is below [`RECOMMENDED_OPEN_FILES`].
pub fn warn_if_low() {
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| soft_open_files(&text));
    if let Some(limit) = limit.filter(|limit| *limit < RECOMMENDED_OPEN_FILES) {
        tracing::warn!(
            limit,
            recommended = RECOMMENDED_OPEN_FILES,
            "the open-files limit is low: each connected client holds a descriptor (raise `ulimit -n`)"
        );
    }
}

/// The soft "Max open files" limit from `/proc/self/limits` (`u64::MAX` when unlimited).
fn soft_open_files(limits: &str) -> Option<u64> {
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))?;
    let soft = line
        .trim_start_matches("Max open files")
        .split_whitespace()
        .next()?;
    if soft == "unlimited" {
        Some(u64::MAX)
    } else {
        soft.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::soft_open_files;

    #[test]
    fn the_soft_limit_is_read_from_proc_limits() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max cpu time              unlimited            unlimited            seconds\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(soft_open_files(limits), Some(1024));
        assert_eq!(
            soft_open_files("Max open files            unlimited            unlimited   files"),
            Some(u64::MAX)
        );
        assert_eq!(soft_open_files("nothing here"), None);
    }
}
