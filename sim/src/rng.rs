//! A tiny seeded random number generator, so every outcome the simulator invents follows from `--seed`.
//!
//! SplitMix64 instead of the `rand` crate: the sequence must stay the same across dependency
//! upgrades, because app tests pin behaviour ("job 4101 fails") to a seed.

/// SplitMix64: one `u64` of state, good enough statistics for demo data, never changes.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A generator for one item (a run, a generated job) that does not depend on how many
    /// other items were drawn before it: creation order must not change a run's fate.
    pub fn for_item(seed: u64, stream: u64, id: u64) -> Self {
        let mut mixer =
            Rng::new(seed ^ stream.rotate_left(32) ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        Rng(mixer.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next_u64().is_multiple_of(n)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_items_are_independent() {
        let a: Vec<u64> = (0..5).map(|i| Rng::for_item(42, 1, i).next_u64()).collect();
        let b: Vec<u64> = (0..5)
            .rev()
            .map(|i| Rng::for_item(42, 1, i).next_u64())
            .collect();
        assert_eq!(a, b.into_iter().rev().collect::<Vec<_>>());
        assert_ne!(
            Rng::for_item(42, 1, 0).next_u64(),
            Rng::for_item(43, 1, 0).next_u64()
        );
        let mut r = Rng::new(7);
        assert!((0..1000)
            .map(|_| r.range(3, 6))
            .all(|v| (3..=6).contains(&v)));
    }
}
