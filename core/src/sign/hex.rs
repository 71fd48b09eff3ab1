//! Lowercase hexadecimal encoding, as TC3 writes hashes and signatures.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Appends the lowercase hex form of `bytes` to `out`, 32 bytes at a time through a stack
/// buffer.
pub(crate) fn encode_into(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len() * 2);
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(32) {
        let digits = &mut buf[..2 * chunk.len()];
        encode_to(chunk, digits);
        out.push_str(std::str::from_utf8(digits).unwrap_or_default());
    }
}

/// Writes the hex digits of `bytes` into `out`, which holds exactly twice as many.
fn encode_to(bytes: &[u8], out: &mut [u8]) {
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&PAIRS[usize::from(b)]);
    }
}

/// The two digits of every byte value.
const PAIRS: [[u8; 2]; 256] = {
    let mut pairs = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        pairs[b] = [DIGITS[b >> 4], DIGITS[b & 0x0f]];
        b += 1;
    }
    pairs
};

/// Returns the lowercase hex form of `bytes`.
///
/// ```
/// assert_eq!(tencent_action_core::verifier::hex(&[0x0a, 0xff]), "0aff");
/// ```
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    encode_into(bytes, &mut out);
    out
}

/// The lowercase hex form of a 32-byte digest, on the stack.
pub(crate) fn encode_array(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    encode_to(bytes, &mut out);
    out
}
