use std::num::NonZeroUsize;

use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};
use futures::future::join_all;

use super::*;

fn cheap() -> Params {
    Params::new(8, 1, 1, None).unwrap()
}

fn production() -> Params {
    crate::Config::new("x.db").argon2
}

fn workers(count: usize) -> NonZeroUsize {
    NonZeroUsize::new(count).unwrap()
}

/// A hash made by the argon2 crate's own `PasswordHasher` (what the server stored before).
fn standard_hash(algorithm: Algorithm, version: Version, params: Params, password: &str) -> String {
    let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
    Argon2::new(algorithm, version, params)
        .hash_password(password.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

fn standard_verify(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), &PasswordHash::new(hash).unwrap())
        .is_ok()
}

#[tokio::test]
async fn hashes_verify_only_the_right_password() {
    let passwords = Passwords::new(cheap()).unwrap();
    let hash = passwords
        .hash("correct horse battery".into())
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert!(
        passwords
            .verify("correct horse battery".into(), Some(hash.clone()))
            .await
            .unwrap()
    );
    assert!(
        !passwords
            .verify("wrong horse battery".into(), Some(hash))
            .await
            .unwrap()
    );
    assert!(!passwords.verify("anything".into(), None).await.unwrap());
}

#[test]
fn production_parameters_are_the_argon2_defaults() {
    let params = production();
    assert_eq!(
        (params.m_cost(), params.t_cost(), params.p_cost()),
        (19 * 1024, 2, 1)
    );
}

#[tokio::test]
async fn new_hashes_are_standard_phc_strings() {
    for (params, prefix) in [
        (cheap(), "$argon2id$v=19$m=8,t=1,p=1$"),
        (
            Params::new(64, 2, 2, None).unwrap(),
            "$argon2id$v=19$m=64,t=2,p=2$",
        ),
        (production(), "$argon2id$v=19$m=19456,t=2,p=1$"),
    ] {
        let passwords = Passwords::with_workers(params.clone(), workers(2)).unwrap();
        let hash = passwords.hash("Harbour lights 42".into()).await.unwrap();
        assert!(hash.starts_with(prefix), "{hash}");
        let parsed = PasswordHash::new(&hash).unwrap();
        assert_eq!(parsed.salt.unwrap().len(), 22, "16-byte salt: {hash}");
        assert_eq!(parsed.hash.unwrap().len(), 32, "32-byte output: {hash}");
        assert!(standard_verify("Harbour lights 42", &hash), "{hash}");
        assert!(!standard_verify("Harbour lights 43", &hash), "{hash}");
        // The admin path makes the same kind of hash.
        let admin = hash_blocking(&params, "Harbour lights 42").unwrap();
        assert!(admin.starts_with(prefix), "{admin}");
        assert!(standard_verify("Harbour lights 42", &admin), "{admin}");
    }
}

#[tokio::test]
async fn hashes_from_the_standard_hasher_still_verify() {
    // Workers sized for m = 256; the stored hashes need less (a prefix) or more (growth).
    let passwords =
        Passwords::with_workers(Params::new(256, 1, 1, None).unwrap(), workers(1)).unwrap();
    let cases = [
        (Algorithm::Argon2id, Version::V0x13, production()),
        (
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None).unwrap(),
        ),
        (
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 2, 2, None).unwrap(),
        ),
        (
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(32, 3, 1, Some(16)).unwrap(),
        ),
        (Algorithm::Argon2i, Version::V0x13, cheap()),
        (Algorithm::Argon2d, Version::V0x13, cheap()),
        (Algorithm::Argon2id, Version::V0x10, cheap()),
    ];
    for (algorithm, version, params) in cases {
        let hash = standard_hash(algorithm, version, params, "correct horse battery");
        assert!(
            passwords
                .verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap(),
            "{hash}"
        );
        assert!(
            !passwords
                .verify("correct horse batterY".into(), Some(hash.clone()))
                .await
                .unwrap(),
            "{hash}"
        );
    }
}

#[tokio::test]
async fn corrupt_hashes_never_match() {
    let passwords = Passwords::new(cheap()).unwrap();
    let good = standard_hash(Algorithm::Argon2id, Version::V0x13, cheap(), "pw-123456");
    let truncated_output = good[..good.len() - 4].to_string();
    let (head, _) = good.rsplit_once('$').unwrap();
    let no_output = format!("{head}$");
    for hash in [
        String::new(),
        "not a hash".into(),
        "$argon2id$v=19$m=8,t=1,p=1".into(),
        good.replace("$argon2id$", "$argon3id$"),
        good.replace("v=19", "v=20"),
        good.replace("m=8", "m=1"),
        good.replace("m=8", "x=8"),
        truncated_output,
        no_output,
    ] {
        assert!(
            !passwords
                .verify("pw-123456".into(), Some(hash.clone()))
                .await
                .unwrap(),
            "{hash:?}"
        );
    }
    assert!(
        passwords
            .verify("pw-123456".into(), Some(good))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn unknown_accounts_cost_a_full_verification_with_the_same_parameters() {
    let params = Params::new(64, 3, 2, None).unwrap();
    let passwords = Passwords::new(params.clone()).unwrap();
    let dummy = PasswordHash::new(&passwords.dummy_hash).unwrap();
    assert_eq!(dummy.algorithm, Algorithm::Argon2id.ident());
    assert_eq!(dummy.version, Some(0x13));
    let stored = Params::try_from(&dummy).unwrap();
    assert_eq!(
        (stored.m_cost(), stored.t_cost(), stored.p_cost()),
        (params.m_cost(), params.t_cost(), params.p_cost())
    );
    assert_eq!(dummy.hash.unwrap().len(), 32);
    // A real hash's shape, so it is recomputed in full rather than rejected early.
    let real = passwords.hash("whatever-password".into()).await.unwrap();
    assert_eq!(real.len(), passwords.dummy_hash.len());
    assert!(!passwords.verify(String::new(), None).await.unwrap());
    assert!(
        !passwords
            .verify("whatever-password".into(), None)
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_waits_for_the_workers_and_is_answered() {
    // One worker and a queue of 16: most of these wait for room in the queue.
    let passwords = Passwords::with_workers(cheap(), workers(1)).unwrap();
    let hash = passwords.hash("flood-password".into()).await.unwrap();
    let answers = join_all((0..100).map(|i| {
        let passwords = &passwords;
        let hash = hash.clone();
        async move {
            let password = if i % 2 == 0 {
                "flood-password"
            } else {
                "nope-nope"
            };
            passwords.verify(password.into(), Some(hash)).await.unwrap()
        }
    }))
    .await;
    for (i, matched) in answers.into_iter().enumerate() {
        assert_eq!(matched, i % 2 == 0);
    }
}

#[test]
fn default_workers_is_one_per_core_at_most_four() {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    assert_eq!(default_workers().get(), cores.clamp(1, MAX_WORKERS));
}

/// Resident memory of this process, in KiB.
#[cfg(target_os = "linux")]
fn vm_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Regression: hashing with the production parameters used to keep a fresh 19 MiB buffer per
/// hash (glibc arenas on tokio's blocking threads), so 60 sign-up + log-in cycles grew the
/// process by over 500 MiB (about 1.4 GiB measured). With per-worker buffers the growth is the
/// workers' buffers (2 × 19 MiB here) plus a little. Not timed: it only counts memory.
///
/// Resident memory is per process and the other tests allocate too, so the cycles run in a child
/// process that runs only [`memory_probe`].
#[cfg(target_os = "linux")]
#[test]
fn repeated_hashing_does_not_grow_resident_memory() {
    let probe = concat!(module_path!(), "::memory_probe");
    let (_crate, probe) = probe.split_once("::").unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            probe,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PROBE_ENV, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the memory probe failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let grown: u64 = stdout
        .lines()
        .find_map(|line| line.split_once("grown_kib=").map(|(_, kib)| kib.trim()))
        .unwrap_or_else(|| panic!("the memory probe did not run:\n{stdout}"))
        .parse()
        .unwrap();
    let grown_mib = grown / 1024;
    assert!(
        grown_mib < 100,
        "resident memory grew by {grown_mib} MiB over {PROBE_CYCLES} hash + verify cycles"
    );
}

#[cfg(target_os = "linux")]
const PROBE_ENV: &str = "BEACON_PASSWORD_MEMORY_PROBE";
#[cfg(target_os = "linux")]
const PROBE_CYCLES: usize = 60;

/// Runs [`PROBE_CYCLES`] hash + verify cycles with the production parameters through a 2-worker
/// pool, 4 at a time, and prints how much resident memory grew. Only does anything in the child
/// process started by [`repeated_hashing_does_not_grow_resident_memory`].
#[cfg(target_os = "linux")]
#[test]
#[ignore = "run in its own process by repeated_hashing_does_not_grow_resident_memory"]
fn memory_probe() {
    const CONCURRENT: usize = 4;
    if std::env::var_os(PROBE_ENV).is_none() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let before = vm_rss_kib();
    runtime.block_on(async {
        let passwords = Passwords::with_workers(production(), workers(2)).unwrap();
        for round in 0..PROBE_CYCLES / CONCURRENT {
            let cycles = (0..CONCURRENT).map(|i| {
                let passwords = &passwords;
                async move {
                    let password = format!("cycle-{round}-{i}-Harbour");
                    let hash = passwords.hash(password.clone()).await.unwrap();
                    assert!(passwords.verify(password, Some(hash)).await.unwrap());
                }
            });
            join_all(cycles).await;
        }
    });
    println!("grown_kib={}", vm_rss_kib().saturating_sub(before));
}
