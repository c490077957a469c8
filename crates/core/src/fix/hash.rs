//! The engine's hash maps: keyed by small integers, codes and instruction
//! texts it made itself, asked many times a round. A multiply-rotate hash
//! (as rustc's `FxHasher`) costs a fraction of the standard library's
//! SipHash there; nothing here depends on the order of a map.

use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher, eight bytes a step.
#[derive(Clone, Copy, Default)]
pub(crate) struct FastHasher {
    hash: u64,
}

const K: u64 = 0xf135_7aea_2e62_a9c5;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(26) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // Spread the high bits into the low ones the table indexes by.
        self.hash ^ (self.hash >> 29)
    }
}

pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub(crate) type HashSet<T> = std::collections::HashSet<T, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_maps_work() {
        let mut m: HashMap<String, usize> = HashMap::default();
        for i in 0..1000 {
            m.insert(format!("RUN apt-get install -y pkg{i}"), i);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m.get("RUN apt-get install -y pkg517"), Some(&517));
        assert_eq!(m.get("RUN apt-get install -y pkg1000"), None);
        let s: HashSet<(usize, usize)> = (0..100).map(|i| (i, i * 7)).collect();
        assert!(s.contains(&(3, 21)) && !s.contains(&(3, 22)));
    }
}
