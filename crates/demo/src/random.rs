//! The demo's own random number generator: xoshiro256** seeded through SplitMix64.
//!
//! It lives here rather than coming from a crate so that a seed gives the same demo
//! councils for ever: a dependency upgrade that changed its stream would silently change
//! every screenshot, walkthrough and load test built on the demo data.

/// One deterministic stream of random numbers (xoshiro256**).
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: [u64; 4],
}

/// SplitMix64: spreads a seed over the 256 bits of state xoshiro needs, so that nearby
/// seeds (1, 2, 3...) still give unrelated streams.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream for one council: each council has its own, from the seed and its
    /// index, so a council's data is the same whether 1 or 153 councils are generated.
    pub(crate) fn for_stream(seed: u64, stream: u64) -> Self {
        let mut mixer = seed;
        let seed_mix = splitmix64(&mut mixer);
        let mut mixer = seed_mix ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut state = [0; 4];
        for word in &mut state {
            *word = splitmix64(&mut mixer);
        }
        if state == [0; 4] {
            // The one state xoshiro cannot leave; SplitMix64 never gives it in practice.
            state[0] = 1;
        }
        Self { state }
    }

    #[cfg(test)]
    fn from_state(state: [u64; 4]) -> Self {
        Self { state }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A number in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A whole number in [0, n); `n` must be at least 1.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        // Multiply-shift rather than modulo: no division, and the bias is far below
        // anything a demo could show.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A whole number from `low` to `high`, both included.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        low + self.below((high - low + 1) as usize) as i64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A number in [low, high).
    pub(crate) fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// A triangular draw: most likely at `mode`, never outside [low, high]. Ages and
    /// lengths of experience look like this: a peak and a long tail.
    pub(crate) fn triangular(&mut self, low: f64, mode: f64, high: f64) -> f64 {
        let u = self.unit();
        let split = (mode - low) / (high - low);
        if u < split {
            low + (u * (high - low) * (mode - low)).sqrt()
        } else {
            high - ((1.0 - u) * (high - low) * (high - mode)).sqrt()
        }
    }

    /// An exponential draw with the given mean: waiting times between events.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// One item, all equally likely; `items` must not be empty.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One value, each as likely as its weight; the weights need not add up to 1.
    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|(_, weight)| weight).sum();
        let mut left = self.unit() * total;
        for (value, weight) in items {
            if left < *weight {
                return *value;
            }
            left -= weight;
        }
        items[items.len() - 1].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_xoshiro256_star_star() {
        // The reference implementation's first outputs from the state 1, 2, 3, 4.
        let mut rng = Rng::from_state([1, 2, 3, 4]);
        let first: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
        assert_eq!(first, [11520, 0, 1509978240, 1215971899390074240]);
    }

    #[test]
    fn a_stream_is_the_same_every_time_and_streams_differ() {
        let draw = |seed, stream| {
            let mut rng = Rng::for_stream(seed, stream);
            (0..8).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(1, 0), draw(1, 0));
        assert_ne!(draw(1, 0), draw(2, 0));
        assert_ne!(draw(1, 0), draw(1, 1));
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let mut rng = Rng::for_stream(7, 3);
        for _ in 0..10_000 {
            let unit = rng.unit();
            assert!((0.0..1.0).contains(&unit));
            assert!((3..=9).contains(&rng.between(3, 9)));
            let age = rng.triangular(23.0, 38.0, 64.0);
            assert!((23.0..=64.0).contains(&age));
            assert!(rng.exponential(10.0) >= 0.0);
        }
        assert_eq!(rng.weighted(&[("never", 0.0), ("always", 1.0)]), "always");
    }
}
