//! SHA-256 and HMAC-SHA256 for the signer, on `sha2`'s compression function with the state in
//! the open.
//!
//! Two things make signing cheaper this way than through `Digest` and `Mac`: a hash can start
//! from a state saved after whole blocks (the HMAC's inner and outer pads are absorbed once
//! per signing key, and copying that state is 64 bytes with nothing to drop), and the pieces
//! of an artefact are gathered in one buffer on the stack and compressed a run of blocks at a
//! time, with the padding written into the same buffer. The results equal `sha2`'s and
//! `hmac`'s byte for byte; the tests below compare them over many lengths.

use sha2::block_api::compress256;
use zeroize::Zeroize;

/// The SHA-256 block size.
const BLOCK: usize = 64;

/// SHA-256's initial state.
const INITIAL: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// A SHA-256 state after a number of whole blocks.
#[derive(Clone, Copy)]
struct Midstate {
    state: [u32; 8],
    /// Bytes absorbed into `state`, a multiple of [`BLOCK`].
    hashed: u64,
}

/// The state of a hash of nothing yet.
const FRESH: Midstate = Midstate {
    state: INITIAL,
    hashed: 0,
};

/// A hash stopped part way: its state after the whole blocks, and the bytes since.
#[derive(Clone, Copy)]
pub(crate) struct Paused {
    start: Midstate,
    tail: [u8; BLOCK],
    len: usize,
}

/// A SHA-256 computation that gathers its input in a stack buffer of `N` bytes (a multiple of
/// 64, at least 128) and compresses up to `N - 64` bytes at a time; the last 64 bytes leave
/// room for the padding. The state is zeroed when dropped, as it may be keyed.
pub(crate) struct Sha256Writer<const N: usize> {
    start: Midstate,
    buffer: [u8; N],
    len: usize,
}

impl<const N: usize> Sha256Writer<N> {
    /// How much of the buffer input may fill before it is compressed.
    const FILL: usize = {
        assert!(N.is_multiple_of(BLOCK) && N >= 2 * BLOCK);
        N - BLOCK
    };

    /// A hash of nothing yet.
    pub(crate) fn new() -> Self {
        Sha256Writer {
            start: FRESH,
            buffer: [0; N],
            len: 0,
        }
    }

    /// Starts again from `start`, dropping what was absorbed.
    fn restart_at(&mut self, start: Midstate) {
        self.start = start;
        self.len = 0;
    }

    /// Starts again where [`pause`](Self::pause) stopped, dropping what was absorbed.
    pub(crate) fn restart_paused(&mut self, paused: &Paused) {
        self.restart_at(paused.start);
        self.buffer[..BLOCK].copy_from_slice(&paused.tail);
        self.len = paused.len;
    }

    /// Stops here, for [`restart_paused`](Self::restart_paused) to go on from as many times
    /// as wanted; the writer starts again as [`new`](Self::new).
    pub(crate) fn pause(&mut self) -> Paused {
        let whole = self.len / BLOCK * BLOCK;
        let (blocks, _) = self.buffer[..whole].as_chunks::<BLOCK>();
        compress256(&mut self.start.state, blocks);
        self.start.hashed += whole as u64;
        let mut tail = [0; BLOCK];
        tail[..self.len - whole].copy_from_slice(&self.buffer[whole..self.len]);
        let paused = Paused {
            start: self.start,
            tail,
            len: self.len - whole,
        };
        self.restart_at(FRESH);
        paused
    }

    /// Absorbs `bytes`.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.absorb(bytes, false);
    }

    /// Absorbs `bytes` of a size known when compiled, which copies them without a call.
    pub(crate) fn update_array<const K: usize>(&mut self, bytes: &[u8; K]) {
        if K <= Self::FILL - self.len {
            self.buffer[self.len..self.len + K].copy_from_slice(bytes);
            self.len += K;
        } else {
            self.absorb(bytes, false);
        }
    }

    /// Absorbs `text` lowercased (ASCII).
    pub(crate) fn update_lowercase(&mut self, text: &[u8]) {
        self.absorb(text, true);
    }

    fn absorb(&mut self, mut bytes: &[u8], lowercase: bool) {
        loop {
            if self.len == 0 && !lowercase && bytes.len() > Self::FILL {
                // Whole blocks straight from the input; the rest, under a block, fits.
                let (blocks, rest) = bytes.as_chunks::<BLOCK>();
                compress256(&mut self.start.state, blocks);
                self.start.hashed += (blocks.len() * BLOCK) as u64;
                bytes = rest;
            }
            let n = bytes.len().min(Self::FILL - self.len);
            let (head, rest) = bytes.split_at(n);
            let out = &mut self.buffer[self.len..self.len + n];
            out.copy_from_slice(head);
            if lowercase {
                out.make_ascii_lowercase();
            }
            self.len += n;
            if rest.is_empty() {
                return;
            }
            self.compress_buffer();
            bytes = rest;
        }
    }

    /// Compresses a full buffer.
    fn compress_buffer(&mut self) {
        let (blocks, _) = self.buffer[..Self::FILL].as_chunks::<BLOCK>();
        compress256(&mut self.start.state, blocks);
        self.start.hashed += Self::FILL as u64;
        self.len = 0;
    }

    /// The digest; the writer starts again as [`new`](Self::new).
    pub(crate) fn finish(&mut self) -> [u8; 32] {
        let len = self.len;
        let bits = (self.start.hashed + len as u64) * 8;
        // `len` is at most `N - 64`, so the padding fits.
        let end = (len + 9).div_ceil(BLOCK) * BLOCK;
        self.buffer[len] = 0x80;
        self.buffer[len + 1..end - 8].fill(0);
        self.buffer[end - 8..end].copy_from_slice(&bits.to_be_bytes());
        let (blocks, _) = self.buffer[..end].as_chunks::<BLOCK>();
        compress256(&mut self.start.state, blocks);
        let mut out = [0u8; 32];
        for (bytes, word) in out.chunks_exact_mut(4).zip(self.start.state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        self.restart_at(FRESH);
        out
    }
}

impl<const N: usize> Drop for Sha256Writer<N> {
    fn drop(&mut self) {
        self.start.state.zeroize();
    }
}

/// HMAC-SHA256 under a 32-byte key, with the key's inner and outer pads already absorbed:
/// a MAC costs the hash of the message and one more block. Zeroed when dropped.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl HmacKey {
    /// Absorbs the pads of `key`.
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        // One block holds the key with the inner pad, then (one more XOR) with the outer pad,
        // and is zeroed once.
        let mut block = [0x36; BLOCK];
        for (b, k) in block.iter_mut().zip(key) {
            *b ^= k;
        }
        let mut inner = INITIAL;
        compress256(&mut inner, &[block]);
        for b in &mut block {
            *b ^= 0x36 ^ 0x5c;
        }
        let mut outer = INITIAL;
        compress256(&mut outer, &[block]);
        block.zeroize();
        HmacKey { inner, outer }
    }

    /// Starts `writer` again on a message to authenticate, for [`finish`](Self::finish).
    pub(crate) fn start<const N: usize>(&self, writer: &mut Sha256Writer<N>) {
        writer.restart_at(Midstate {
            state: self.inner,
            hashed: BLOCK as u64,
        });
    }

    /// The MAC of the message written into `writer` since [`start`](Self::start); the writer
    /// starts again as [`Sha256Writer::new`].
    pub(crate) fn finish<const N: usize>(&self, writer: &mut Sha256Writer<N>) -> [u8; 32] {
        let inner = writer.finish();
        writer.restart_at(Midstate {
            state: self.outer,
            hashed: BLOCK as u64,
        });
        writer.update_array(&inner);
        writer.finish()
    }
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Digest, Sha256};

    /// The SHA-256 of `bytes`.
    fn sha256(bytes: &[u8]) -> [u8; 32] {
        let mut writer = Sha256Writer::<128>::new();
        writer.update(bytes);
        writer.finish()
    }

    /// Deterministic bytes of any length.
    fn bytes(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    #[test]
    fn digests_equal_sha2_for_every_length_and_split() {
        for len in 0..=600 {
            let data = bytes(len, 7);
            let expected: [u8; 32] = Sha256::digest(&data).into();
            assert_eq!(sha256(&data), expected, "one piece of {len} bytes");
            for split in [1, 3, 63, 64, 65, 200] {
                let mut writer = Sha256Writer::<192>::new();
                for piece in data.chunks(split) {
                    writer.update(piece);
                }
                assert_eq!(
                    writer.finish(),
                    expected,
                    "{len} bytes in pieces of {split}"
                );
            }
        }
    }

    #[test]
    fn a_paused_hash_goes_on_like_one_never_paused() {
        for head in [0, 1, 63, 64, 65, 150, 300] {
            for rest in [0, 1, 64, 100] {
                let data = bytes(head + rest, 11);
                let mut first = Sha256Writer::<128>::new();
                first.update(&data[..head]);
                let paused = first.pause();
                let mut writer = Sha256Writer::<256>::new();
                for _ in 0..2 {
                    writer.update(b"left over");
                    writer.restart_paused(&paused);
                    writer.update(&data[head..]);
                    let expected: [u8; 32] = Sha256::digest(&data).into();
                    assert_eq!(writer.finish(), expected, "{head} then {rest} bytes");
                }
            }
        }
    }

    #[test]
    fn lowercased_input_equals_the_lowercased_digest() {
        for len in [0, 1, 63, 64, 65, 127, 128, 129, 500] {
            let upper: Vec<u8> = bytes(len, 3).iter().map(|b| b'A' + b % 26).collect();
            let mut writer = Sha256Writer::<128>::new();
            writer.update(b"x");
            writer.update_lowercase(&upper);
            let mut expected = b"x".to_vec();
            expected.extend(upper.to_ascii_lowercase());
            let expected: [u8; 32] = Sha256::digest(&expected).into();
            assert_eq!(writer.finish(), expected, "{len} bytes");
        }
    }

    #[test]
    fn macs_equal_hmac_for_every_message_length() {
        for seed in 0..4 {
            let key: [u8; 32] = bytes(32, seed).try_into().unwrap();
            let hmac_key = HmacKey::new(&key);
            for len in 0..=300 {
                let data = bytes(len, seed.wrapping_add(1));
                let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
                mac.update(&data);
                let expected: [u8; 32] = mac.finalize().into_bytes().into();
                let mut writer = Sha256Writer::<192>::new();
                // A writer used before is started again.
                writer.update(b"left over");
                hmac_key.start(&mut writer);
                writer.update(&data);
                let mac = hmac_key.finish(&mut writer);
                assert_eq!(mac, expected, "key {seed}, {len} bytes");
                // And after the MAC, it hashes afresh.
                writer.update(&data);
                let digest: [u8; 32] = Sha256::digest(&data).into();
                assert_eq!(writer.finish(), digest, "a plain hash after the MAC");
            }
        }
    }
}
