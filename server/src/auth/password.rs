//! Argon2id password hashing on a few dedicated worker threads (the `pool` module; see
//! [`default_workers`]), never on the async runtime.
//!
//! Each worker owns one Argon2 working buffer (`Memory`, `m_cost` KiB: 19 MiB in production)
//! and reuses it for every hash and verification. Allocating that buffer afresh per hash on
//! tokio's blocking threads made glibc raise its mmap threshold after the first free, so later
//! buffers came from per-thread arenas and were kept: the server grew by 10–20 MiB per sign-up or
//! log-in and never shrank. Now hashing memory is at most workers × `m_cost`, and the bounded
//! queue in front of the workers also bounds the CPU a log-in flood can take.
//!
//! Hashes are standard PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), exactly as
//! `argon2::PasswordHasher` writes them; verification honours the parameters stored in the hash
//! and compares in constant time, so hashes made with other parameters keep working.
//!
//! Unknown emails are verified against a dummy hash with the same parameters, so a log-in for an
//! unknown email costs the same time as a wrong password.

mod pool;

use std::num::NonZeroUsize;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, RECOMMENDED_SALT_LEN, Version};
use rand::RngCore;

use crate::error::AppError;
use pool::Pool;

pub use pool::{MAX_WORKERS, default_workers};

/// Hashes and verifies passwords with one set of Argon2id parameters.
pub struct Passwords {
    params: Params,
    dummy_hash: String,
    pool: Pool,
}

impl Passwords {
    /// Prepares hashing with `params` on [`default_workers`] threads (one per core, at most
    /// [`MAX_WORKERS`]).
    pub fn new(params: Params) -> anyhow::Result<Self> {
        Self::with_workers(params, default_workers())
    }

    /// Prepares hashing with `params` on `workers` threads. Each keeps one `m_cost` buffer once it
    /// has hashed.
    pub fn with_workers(params: Params, workers: NonZeroUsize) -> anyhow::Result<Self> {
        let dummy_hash = dummy_hash(&params)
            .map_err(|error| anyhow::anyhow!("cannot make the dummy password hash: {error}"))?;
        Ok(Self {
            params,
            dummy_hash,
            pool: Pool::start(workers)?,
        })
    }

    /// A PHC-format Argon2id hash of `password` with a fresh random salt.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let params = self.params.clone();
        self.pool
            .run(move |memory| hash_with(&params, &password, memory))
            .await?
            .map_err(AppError::internal)
    }

    /// Whether `password` matches `stored`; with no stored hash (unknown account) it spends the
    /// same effort on a dummy hash and answers `false`.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let matches = self
            .pool
            .run(move |memory| verify_with(&password, &hash, memory))
            .await?;
        Ok(known && matches)
    }
}

/// Hashes on the current thread with a one-off buffer (admin commands).
pub fn hash_blocking(
    params: &Params,
    password: &str,
) -> Result<String, argon2::password_hash::Error> {
    hash_with(params, password, &mut Memory::default())
}

/// One worker's Argon2 working memory: grown when a hash needs more blocks than it has, never
/// shrunk, and otherwise reused as is (Argon2 overwrites every block it reads).
#[derive(Default)]
struct Memory {
    blocks: Vec<Block>,
}

impl Memory {
    /// The first `count` blocks, growing the buffer if it is smaller.
    fn blocks(&mut self, count: usize) -> &mut [Block] {
        if self.blocks.len() < count {
            // Free the old buffer first so that only one is ever held.
            self.blocks = Vec::new();
            self.blocks = vec![Block::default(); count];
        }
        &mut self.blocks[..count]
    }
}

/// An Argon2id PHC hash of `password` with a fresh 16-byte salt, computed in `memory`.
fn hash_with(
    params: &Params,
    password: &str,
    memory: &mut Memory,
) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0_u8; RECOMMENDED_SALT_LEN];
    rand::rng().fill_bytes(&mut salt);
    let salt_string = SaltString::encode_b64(&salt)?;
    let (algorithm, version) = (Algorithm::Argon2id, Version::V0x13);
    let output = compute(
        algorithm,
        version,
        params,
        password,
        &salt,
        params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN),
        memory,
    )?;
    let hash = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(params)?,
        salt: Some(salt_string.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC hash `stored`, recomputed with the algorithm, version,
/// parameters and salt stored in it (as `argon2::PasswordVerifier` does). A corrupt hash never
/// matches.
fn verify_with(password: &str, stored: &str, memory: &mut Memory) -> bool {
    try_verify(password, stored, memory).unwrap_or(false)
}

fn try_verify(
    password: &str,
    stored: &str,
    memory: &mut Memory,
) -> Result<bool, argon2::password_hash::Error> {
    let parsed = PasswordHash::new(stored)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Ok(false);
    };
    let mut salt_bytes = [0_u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let actual = compute(
        algorithm,
        version,
        &params,
        password,
        salt,
        expected.len(),
        memory,
    )?;
    // `Output`'s equality is constant-time.
    Ok(actual == expected)
}

/// The raw Argon2 output, computed in (a prefix of) `memory`.
fn compute(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    password: &str,
    salt: &[u8],
    output_len: usize,
    memory: &mut Memory,
) -> Result<Output, argon2::password_hash::Error> {
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let blocks = memory.blocks(params.block_count());
    Output::init_with(output_len, |out| {
        Ok(argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, blocks)?)
    })
}

/// A well-formed hash with `params`, a random salt and a random output: verifying against it
/// costs exactly what verifying a real hash does, and no password matches it.
fn dummy_hash(params: &Params) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0_u8; RECOMMENDED_SALT_LEN];
    let mut output = vec![0_u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut output);
    let salt_string = SaltString::encode_b64(&salt)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params)?,
        salt: Some(salt_string.as_salt()),
        hash: Some(Output::new(&output)?),
    };
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests;
