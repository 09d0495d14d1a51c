//! Kaplan–Meier survival and the log-rank test.
//!
//! The numbers must equal those of Python's `lifelines` (0.30.3) with its default
//! settings to 1e-9 relative (`metrics.md`, "Survival of employments"), so the
//! arithmetic follows lifelines step by step rather than a textbook: the log of S is a
//! sum of logs (not a running product), the Greenwood sum skips terms where everyone at
//! risk has the event, and the confidence bounds are the exponential Greenwood
//! ("log(-log)") ones with lifelines' treatment of the ends of the curve. See
//! `measures-json.md`, "Reproducing lifelines exactly".

/// Φ⁻¹(0.975), the normal quantile of a two-sided 95% interval: lifelines'
/// `inv_normal_cdf(1 - 0.05 / 2)` to the last bit.
const Z_975: f64 = 1.959963984540054;

/// One employment: how many days it lasted (at least 1) and whether it ended (an
/// event) or was still going on the reference date (censored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    /// The length of the spell in days, counting both its first and last day.
    pub days: u32,
    /// `true` if the spell ended (an event), `false` if it is censored.
    pub ended: bool,
}

/// The estimate at one time: S(t) and its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurvivalPoint {
    /// S(t), the share of spells expected to last beyond t.
    pub survival: f64,
    /// The lower bound of the 95% interval.
    pub lower: f64,
    /// The upper bound of the 95% interval.
    pub upper: f64,
}

/// One step of the curve: the estimate from `days` until the next point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// The time of the step, in days (0, then every distinct duration).
    pub days: f64,
    /// S at that time.
    pub survival: f64,
    /// The lower bound of the 95% interval.
    pub lower: f64,
    /// The upper bound of the 95% interval.
    pub upper: f64,
}

impl CurvePoint {
    /// The estimate without its time.
    fn point(&self) -> SurvivalPoint {
        SurvivalPoint {
            survival: self.survival,
            lower: self.lower,
            upper: self.upper,
        }
    }
}

/// A fitted Kaplan–Meier estimate with exponential Greenwood ("log(-log)") 95%
/// intervals, equal to `lifelines.KaplanMeierFitter` with its defaults.
///
/// The curve is kept whole (one point per distinct duration, plus time 0) because
/// every question asked of it (S at a time, the median, the curve itself) is a lookup.
#[derive(Debug, Clone, PartialEq)]
pub struct KaplanMeier {
    /// How many observations were fitted.
    observations: usize,
    /// How many of them are events.
    events: usize,
    /// lifelines' `survival_function_` and `confidence_interval_`, time ascending,
    /// starting at time 0.
    curve: Vec<CurvePoint>,
}

impl KaplanMeier {
    /// Fits the estimate; `None` when there is no observation (lifelines cannot fit
    /// nothing, and the measures report such a group as null).
    ///
    /// O(n log n): the observations are copied and sorted once, then walked once.
    pub fn fit(observations: &[Observation]) -> Option<KaplanMeier> {
        if observations.is_empty() {
            return None;
        }
        let mut sorted = observations.to_vec();
        sorted.sort_unstable_by_key(|observation| observation.days);
        let events = sorted
            .iter()
            .filter(|observation| observation.ended)
            .count();

        let mut curve = Vec::with_capacity(distinct_days(&sorted) + 1);
        // lifelines' timeline starts at the birth time 0, where S = 1 and the bounds
        // are 1 (a 0/0 it fills with 1). A duration of 0 shares that row instead.
        if sorted[0].days > 0 {
            curve.push(CurvePoint {
                days: 0.0,
                survival: 1.0,
                lower: 1.0,
                upper: 1.0,
            });
        }
        let mut at_risk = sorted.len();
        let mut log_survival = 0.0_f64;
        let mut greenwood = 0.0_f64;
        for group in sorted.chunk_by(|a, b| a.days == b.days) {
            let deaths = group.iter().filter(|observation| observation.ended).count();
            let population = at_risk as f64;
            let survivors = (at_risk - deaths) as f64;
            log_survival += survivors.ln() - population.ln();
            // lifelines: deaths / (n (n - d)), with the division by zero (n = d) as 0.
            if deaths < at_risk {
                greenwood += deaths as f64 / (population * survivors);
            }
            let (lower, upper) = bounds(log_survival, greenwood);
            curve.push(CurvePoint {
                days: f64::from(group[0].days),
                survival: log_survival.exp(),
                lower,
                upper,
            });
            at_risk -= group.len();
        }
        Some(KaplanMeier {
            observations: observations.len(),
            events,
            curve,
        })
    }

    /// How many observations were fitted (the `n` of the measures).
    pub fn observations(&self) -> usize {
        self.observations
    }

    /// How many of the observations are events (ended spells).
    pub fn events(&self) -> usize {
        self.events
    }

    /// The step function at `days`: the point of the largest curve time ≤ `days`, as
    /// lifelines' `survival_function_at_times` (and `confidence_interval_` at the same
    /// row). Before the first duration that is time 0's S = 1 with both bounds 1; a
    /// negative or NaN time, which lifelines would answer with NaN, also gets time 0's
    /// point.
    pub fn at(&self, days: f64) -> SurvivalPoint {
        let after = self.curve.partition_point(|point| point.days <= days);
        self.curve[after.saturating_sub(1)].point()
    }

    /// lifelines' `median_survival_time_`: the smallest curve time with S ≤ 0.5, `None`
    /// when S stays above 0.5 (lifelines' infinity).
    pub fn median_days(&self) -> Option<f64> {
        self.curve
            .iter()
            .find(|point| point.survival <= 0.5)
            .map(|point| point.days)
    }

    /// Every point lifelines reports in `survival_function_` and
    /// `confidence_interval_`: time 0, then each distinct duration (events and
    /// censorings alike), ascending. A copy: only the `--curves` output needs it.
    pub fn curve(&self) -> Vec<CurvePoint> {
        self.curve.clone()
    }
}

/// How many distinct durations a sorted slice holds, to size the curve exactly.
fn distinct_days(sorted: &[Observation]) -> usize {
    sorted.chunk_by(|a, b| a.days == b.days).count()
}

/// The exponential Greenwood 95% bounds for log S and the Greenwood sum V, as
/// lifelines computes them: exp(−exp(ln(−log S) ∓ z √V / log S)), a NaN (log S = 0
/// gives 0/0) replaced by 1. Where S = 0 (log S = −∞) the formula gives 0 for both.
fn bounds(log_survival: f64, greenwood: f64) -> (f64, f64) {
    let centre = (-log_survival).ln();
    let spread = Z_975 * greenwood.sqrt() / log_survival;
    let bound = |exponent: f64| {
        let value = (-exponent.exp()).exp();
        if value.is_nan() { 1.0 } else { value }
    };
    (bound(centre - spread), bound(centre + spread))
}

/// The log-rank test of two groups: its χ² statistic (1 degree of freedom) and p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRank {
    /// (O − E)² / V for the first group, summed over the pooled distinct event times.
    pub statistic: f64,
    /// The χ² (1 degree of freedom) survival function at the statistic.
    pub p_value: f64,
}

/// `lifelines.statistics.logrank_test(durations_a, durations_b, events_a, events_b)`
/// with its defaults; `None` if either group is empty (lifelines would compare one
/// group with nothing).
///
/// At each distinct time with d > 0 events among n at risk (n_a of them in group A),
/// E_a gains n_a · (d / n) and V gains n_a n_b d (n − d) / (n² (n − 1)), the
/// (n − d)/(n − 1) factor being 1 when n = 1 as lifelines makes it. The statistic is
/// (O_a − E_a)² / V; when V = 0 (no event with both groups at risk) lifelines'
/// pseudo-inverse makes it 0, with p-value 1. The p-value is the χ²₁ tail,
/// erfc(√(statistic / 2)).
///
/// Both sums are compensated, so they are as exact as doubles allow, and O_a − E_a is
/// then rounded once as lifelines rounds it (its pairwise sum of E is usually exact to
/// the last bit too). lifelines' own error is in V, which it takes as the difference
/// of two large BLAS dot products: negligible for comparable groups, but a few 1e-9
/// relative when one or two spells are compared with hundreds of thousands. Being
/// exact keeps Pathway within lifelines' error of lifelines, on whatever machine
/// lifelines ran.
pub fn logrank(a: &[Observation], b: &[Observation]) -> Option<LogRank> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    // (days, in group A, ended), sorted by days once.
    let mut pooled: Vec<(u32, bool, bool)> = Vec::with_capacity(a.len() + b.len());
    pooled.extend(
        a.iter()
            .map(|observation| (observation.days, true, observation.ended)),
    );
    pooled.extend(
        b.iter()
            .map(|observation| (observation.days, false, observation.ended)),
    );
    pooled.sort_unstable_by_key(|observation| observation.0);

    let (mut at_risk_a, mut at_risk_b) = (a.len(), b.len());
    let observed_a = a.iter().filter(|observation| observation.ended).count() as f64;
    let mut expected_a = CompensatedSum::default();
    let mut variance = CompensatedSum::default();
    for group in pooled.chunk_by(|x, y| x.0 == y.0) {
        let deaths = group.iter().filter(|(_, _, ended)| *ended).count();
        let leaving_a = group.iter().filter(|(_, in_a, _)| *in_a).count();
        if deaths > 0 {
            let at_risk = at_risk_a + at_risk_b;
            let (n_a, n_b, n) = (at_risk_a as f64, at_risk_b as f64, at_risk as f64);
            let d = deaths as f64;
            expected_a.add(n_a * (d / n));
            let correction = if at_risk == 1 {
                1.0
            } else {
                (n - d) / (n - 1.0)
            };
            variance.add(n_a * n_b * (correction * d / (n * n)));
        }
        at_risk_a -= leaving_a;
        at_risk_b -= group.len() - leaving_a;
    }
    let (difference, variance) = (observed_a - expected_a.total(), variance.total());
    let statistic = if variance > 0.0 {
        difference * difference / variance
    } else {
        0.0
    };
    Some(LogRank {
        statistic,
        p_value: libm::erfc((statistic / 2.0).sqrt()),
    })
}

/// A Neumaier (improved Kahan) sum: the rounding error of each addition is carried
/// and added back at the end.
#[derive(Debug, Clone, Copy, Default)]
struct CompensatedSum {
    /// The running rounded sum.
    sum: f64,
    /// The accumulated rounding error of `sum`.
    compensation: f64,
}

impl CompensatedSum {
    /// Adds one term.
    fn add(&mut self, value: f64) {
        let sum = self.sum + value;
        self.compensation += if self.sum.abs() >= value.abs() {
            (self.sum - sum) + value
        } else {
            (value - sum) + self.sum
        };
        self.sum = sum;
    }

    /// The sum with its rounding error corrected.
    fn total(&self) -> f64 {
        self.sum + self.compensation
    }
}

#[cfg(test)]
mod tests {
    //! Every expected number below was printed by Python lifelines 0.30.3 (numpy 2.4.6,
    //! pandas 2.3.3, scipy 1.17.1) from `KaplanMeierFitter().fit(durations, events)`
    //! (`survival_function_`, `confidence_interval_`, `median_survival_time_`) and
    //! `logrank_test(durations_a, durations_b, events_a, events_b)`, at full precision.

    use super::*;

    /// Observations from parallel lists of days and 0/1 events.
    fn observations(days: &[u32], events: &[u8]) -> Vec<Observation> {
        assert_eq!(days.len(), events.len());
        days.iter()
            .zip(events)
            .map(|(&days, &event)| Observation {
                days,
                ended: event == 1,
            })
            .collect()
    }

    /// A reproducible data set: `n` spells of `first..first + span` days, each ending
    /// with probability `permille`/1000, drawn with SplitMix64 (the same generator,
    /// seeded alike, made the data lifelines was fitted on).
    fn generated(seed: u64, n: usize, first: u32, span: u64, permille: u64) -> Vec<Observation> {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        (0..n)
            .map(|_| {
                let days = first + u32::try_from(next() % span).expect("span fits in u32");
                Observation {
                    days,
                    ended: next() % 1000 < permille,
                }
            })
            .collect()
    }

    /// Asserts `actual` equals lifelines' `expected` to 1e-9 relative (exact for 0).
    fn assert_close(actual: f64, expected: f64, what: &str) {
        let scale = actual.abs().max(expected.abs());
        assert!(
            actual == expected || (actual - expected).abs() <= 1e-9 * scale,
            "{what}: got {actual:?}, lifelines gives {expected:?}"
        );
    }

    /// Asserts a whole curve equals lifelines' (days, S, lower, upper) rows.
    fn assert_curve(fit: &KaplanMeier, expected: &[(f64, f64, f64, f64)]) {
        let curve = fit.curve();
        assert_eq!(curve.len(), expected.len(), "curve length");
        for (row, (point, &(days, survival, lower, upper))) in
            curve.iter().zip(expected).enumerate()
        {
            assert_eq!(point.days, days, "days of row {row}");
            assert_close(point.survival, survival, &format!("S of row {row}"));
            assert_close(point.lower, lower, &format!("lower of row {row}"));
            assert_close(point.upper, upper, &format!("upper of row {row}"));
        }
    }

    /// Asserts S and its bounds at a time.
    fn assert_at(fit: &KaplanMeier, days: f64, (survival, lower, upper): (f64, f64, f64)) {
        let point = fit.at(days);
        assert_close(point.survival, survival, &format!("S at {days}"));
        assert_close(point.lower, lower, &format!("lower at {days}"));
        assert_close(point.upper, upper, &format!("upper at {days}"));
    }

    /// Asserts one curve point.
    fn assert_curve_point(point: CurvePoint, (days, survival, lower, upper): (f64, f64, f64, f64)) {
        assert_eq!(point.days, days);
        assert_close(point.survival, survival, &format!("S at {days}"));
        assert_close(point.lower, lower, &format!("lower at {days}"));
        assert_close(point.upper, upper, &format!("upper at {days}"));
    }

    /// Asserts a log-rank result; p-values both below 1e-300 count as equal.
    fn assert_logrank(result: Option<LogRank>, statistic: f64, p_value: f64) {
        let result = result.expect("both groups have observations");
        assert_close(result.statistic, statistic, "statistic");
        if !(result.p_value < 1e-300 && p_value < 1e-300) {
            assert_close(result.p_value, p_value, "p-value");
        }
    }

    #[test]
    fn no_observations_fit_nothing() {
        assert_eq!(KaplanMeier::fit(&[]), None);
    }

    #[test]
    fn censoring_tied_with_an_event_counts_the_censored_as_at_risk() {
        let fit = KaplanMeier::fit(&observations(
            &[3, 5, 5, 5, 8, 8, 10],
            &[1, 1, 0, 1, 0, 1, 0],
        ))
        .unwrap();
        assert_eq!((fit.observations(), fit.events()), (7, 4));
        assert_curve(
            &fit,
            &[
                (0.0, 1.0, 1.0, 1.0),
                (
                    3.0,
                    0.8571428571428572,
                    0.3340538792922218,
                    0.9785610585261756,
                ),
                (
                    5.0,
                    0.5714285714285714,
                    0.17186601552877515,
                    0.8370827803491805,
                ),
                (
                    8.0,
                    0.38095238095238093,
                    0.06123117423843072,
                    0.7164419926255815,
                ),
                (
                    10.0,
                    0.38095238095238093,
                    0.06123117423843072,
                    0.7164419926255815,
                ),
            ],
        );
        assert_eq!(fit.median_days(), Some(8.0));
    }

    #[test]
    fn all_censored_stays_at_one_with_unit_bounds_and_no_median() {
        let fit = KaplanMeier::fit(&observations(&[5, 5, 9], &[0, 0, 0])).unwrap();
        assert_eq!(fit.events(), 0);
        assert_curve(
            &fit,
            &[
                (0.0, 1.0, 1.0, 1.0),
                (5.0, 1.0, 1.0, 1.0),
                (9.0, 1.0, 1.0, 1.0),
            ],
        );
        assert_eq!(fit.median_days(), None);
        assert_eq!(
            fit.at(1e6),
            SurvivalPoint {
                survival: 1.0,
                lower: 1.0,
                upper: 1.0
            }
        );
    }

    #[test]
    fn everyone_ending_on_one_day_drops_survival_and_both_bounds_to_zero() {
        let fit = KaplanMeier::fit(&observations(&[7, 7, 7], &[1, 1, 1])).unwrap();
        assert_curve(&fit, &[(0.0, 1.0, 1.0, 1.0), (7.0, 0.0, 0.0, 0.0)]);
        assert_eq!(fit.median_days(), Some(7.0));
    }

    #[test]
    fn the_last_at_risk_all_ending_gives_zero_bounds_after_a_censored_start() {
        let fit = KaplanMeier::fit(&observations(&[1, 2, 2, 3, 3], &[0, 1, 0, 1, 1])).unwrap();
        assert_curve(
            &fit,
            &[
                (0.0, 1.0, 1.0, 1.0),
                (1.0, 1.0, 1.0, 1.0),
                (
                    2.0,
                    0.7500000000000001,
                    0.12794691759514565,
                    0.9605486422850785,
                ),
                (3.0, 0.0, 0.0, 0.0),
            ],
        );
        assert_eq!(fit.median_days(), Some(3.0));
    }

    #[test]
    fn a_single_observation_is_a_one_step_curve() {
        let ended = KaplanMeier::fit(&observations(&[10], &[1])).unwrap();
        assert_curve(&ended, &[(0.0, 1.0, 1.0, 1.0), (10.0, 0.0, 0.0, 0.0)]);
        assert_eq!(ended.median_days(), Some(10.0));
        let censored = KaplanMeier::fit(&observations(&[10], &[0])).unwrap();
        assert_curve(&censored, &[(0.0, 1.0, 1.0, 1.0), (10.0, 1.0, 1.0, 1.0)]);
        assert_eq!(censored.median_days(), None);
    }

    #[test]
    fn median_is_the_first_time_survival_reaches_one_half() {
        let fit = KaplanMeier::fit(&observations(&[1, 2, 3, 4], &[1, 1, 1, 1])).unwrap();
        assert_curve(
            &fit,
            &[
                (0.0, 1.0, 1.0, 1.0),
                (
                    1.0,
                    0.7500000000000001,
                    0.12794691759514565,
                    0.9605486422850785,
                ),
                (2.0, 0.5, 0.05784708299514455, 0.844861281190374),
                (3.0, 0.25, 0.008947824416603157, 0.6653253427888655),
                (4.0, 0.0, 0.0, 0.0),
            ],
        );
        assert_eq!(fit.median_days(), Some(2.0));
        // Two of four ending together: S = exp(ln 2 − ln 4) is exactly 0.5, so the
        // median is that day, not the next one.
        let tie = KaplanMeier::fit(&observations(&[2, 2, 9, 9], &[1, 1, 0, 0])).unwrap();
        assert_eq!(tie.at(2.0).survival, 0.5);
        assert_eq!(tie.median_days(), Some(2.0));
    }

    #[test]
    fn a_duration_of_zero_shares_the_first_row_with_time_zero() {
        let fit = KaplanMeier::fit(&observations(&[0, 0, 1, 3, 3], &[1, 0, 1, 0, 1])).unwrap();
        assert_curve(
            &fit,
            &[
                (0.0, 0.8, 0.20380926326763904, 0.9691797888667427),
                (
                    1.0,
                    0.5333333333333333,
                    0.06833208784720282,
                    0.8630711827387925,
                ),
                (
                    3.0,
                    0.26666666666666666,
                    0.00967700057888134,
                    0.686136279157012,
                ),
            ],
        );
        assert_eq!(fit.median_days(), Some(3.0));
    }

    #[test]
    fn survival_at_a_time_is_the_step_at_the_largest_duration_not_after_it() {
        let fit = KaplanMeier::fit(&observations(
            &[365, 366, 730, 731, 1095, 1096, 1826, 1827, 2000],
            &[1, 0, 1, 1, 0, 1, 1, 0, 1],
        ))
        .unwrap();
        assert_at(
            &fit,
            365.25,
            (0.8888888888888886, 0.4329650902258062, 0.9835640285255789),
        );
        assert_at(
            &fit,
            730.5,
            (0.7619047619047616, 0.3321725136385504, 0.9351042486971866),
        );
        assert_at(
            &fit,
            1095.75,
            (0.6349206349206347, 0.23822573580415973, 0.8660238199909502),
        );
        assert_at(
            &fit,
            1826.25,
            (0.31746031746031733, 0.04878796623470887, 0.646683246828133),
        );
        assert_eq!(fit.median_days(), Some(1096.0));
        // Before the first duration: time 0's S = 1 with both bounds 1.
        assert_eq!(
            fit.at(364.9),
            SurvivalPoint {
                survival: 1.0,
                lower: 1.0,
                upper: 1.0
            }
        );
        assert_eq!(
            fit.at(-1.0),
            SurvivalPoint {
                survival: 1.0,
                lower: 1.0,
                upper: 1.0
            }
        );
    }

    #[test]
    fn many_ties_and_censorings_match_lifelines() {
        let fit = KaplanMeier::fit(&generated(2, 200, 1, 30, 600)).unwrap();
        assert_eq!(
            (fit.observations(), fit.events(), fit.curve().len()),
            (200, 134, 31)
        );
        let curve = fit.curve();
        for (row, expected) in [
            (
                1,
                (
                    1.0,
                    0.9750000000000003,
                    0.9409848599225158,
                    0.9895175981964842,
                ),
            ),
            (
                5,
                (
                    5.0,
                    0.8417594684841292,
                    0.7826237364048853,
                    0.8859748549260938,
                ),
            ),
            (
                10,
                (
                    10.0,
                    0.7444138327597087,
                    0.6761923048822295,
                    0.8003942199515656,
                ),
            ),
            (
                30,
                (
                    30.0,
                    0.07102588484711246,
                    0.02632530192081808,
                    0.14616327899910553,
                ),
            ),
        ] {
            assert_curve_point(curve[row], expected);
        }
        assert_at(
            &fit,
            365.25,
            (
                0.07102588484711246,
                0.02632530192081808,
                0.14616327899910553,
            ),
        );
        assert_eq!(fit.median_days(), Some(19.0));
    }

    #[test]
    fn a_hundred_thousand_observations_match_lifelines() {
        let fit = KaplanMeier::fit(&generated(1, 100_000, 1, 4000, 350)).unwrap();
        assert_eq!(
            (fit.observations(), fit.events(), fit.curve().len()),
            (100_000, 35_125, 4001)
        );
        assert_at(
            &fit,
            365.25,
            (0.9644114854873233, 0.9632255465242175, 0.9655598665616081),
        );
        assert_at(
            &fit,
            730.5,
            (0.929660123460148, 0.9280032149895554, 0.9312803281789125),
        );
        assert_at(
            &fit,
            1095.75,
            (0.89207338064705, 0.8900269304897231, 0.8940840555886092),
        );
        assert_at(
            &fit,
            1826.25,
            (0.8043852142848984, 0.8016374729625142, 0.8070996312832892),
        );
        let curve = fit.curve();
        for (row, expected) in [
            (
                1,
                (
                    1.0,
                    0.9999399999999995,
                    0.9998664521645657,
                    0.9999730439128908,
                ),
            ),
            (
                100,
                (
                    100.0,
                    0.9908027008501036,
                    0.9901890087084635,
                    0.9913781729636756,
                ),
            ),
            (
                1000,
                (
                    1000.0,
                    0.9024198244392794,
                    0.9004728021265134,
                    0.9043308135091223,
                ),
            ),
            (
                3999,
                (
                    3999.0,
                    0.04932827876439757,
                    0.03888820695214695,
                    0.061490806719318614,
                ),
            ),
            (
                4000,
                (
                    4000.0,
                    0.03288551917626504,
                    0.022018745916873007,
                    0.04708721079909104,
                ),
            ),
        ] {
            assert_curve_point(curve[row], expected);
        }
        assert_eq!(fit.median_days(), Some(3450.0));
    }

    #[test]
    fn logrank_needs_both_groups() {
        let some = observations(&[3], &[1]);
        assert_eq!(logrank(&some, &[]), None);
        assert_eq!(logrank(&[], &some), None);
    }

    #[test]
    fn logrank_matches_lifelines_with_ties_across_groups() {
        let a = observations(&[1, 4, 10, 12, 12, 3, 5], &[1, 0, 1, 0, 1, 1, 1]);
        let b = observations(&[4, 5, 7, 11, 14, 20, 8, 8], &[1, 1, 1, 1, 1, 1, 1, 1]);
        assert_logrank(logrank(&a, &b), 0.10339722641216177, 0.7477903007059127);
        let a = observations(&[5, 5, 6, 9], &[1, 0, 1, 1]);
        let b = observations(&[5, 5, 7], &[1, 1, 0]);
        assert_logrank(logrank(&a, &b), 0.20382165605095545, 0.6516536391899486);
    }

    #[test]
    fn logrank_with_no_variance_is_zero_with_p_value_one() {
        // No event at all; one event each on the same day with nobody else at risk;
        // events only after the other group has left; events only with one at risk.
        let cases = [
            (
                observations(&[1, 2, 3], &[0, 0, 0]),
                observations(&[2, 5], &[0, 0]),
            ),
            (observations(&[5], &[1]), observations(&[5], &[1])),
            (
                observations(&[1, 2], &[0, 0]),
                observations(&[5, 6], &[1, 1]),
            ),
            (
                observations(&[1, 4], &[1, 1]),
                observations(&[2, 3], &[0, 1]),
            ),
        ];
        for (a, b) in &cases {
            assert_eq!(
                logrank(a, b),
                Some(LogRank {
                    statistic: 0.0,
                    p_value: 1.0
                })
            );
        }
    }

    #[test]
    fn logrank_of_a_single_event_against_censored_spells() {
        let a = observations(&[5, 9], &[1, 0]);
        let b = observations(&[7, 9], &[0, 0]);
        // lifelines (scipy's chi2.sf) gives 0.31731050786291115; the exact
        // erfc(1/√2) is 0.3173105078629141; both are within 1e-9.
        assert_logrank(logrank(&a, &b), 1.0, 0.31731050786291115);
    }

    #[test]
    fn logrank_of_identical_groups_is_zero() {
        let group = generated(3, 300, 1, 200, 500);
        assert_logrank(logrank(&group, &group), 0.0, 1.0);
    }

    #[test]
    fn logrank_matches_lifelines_on_large_and_lopsided_groups() {
        let a = generated(4, 100_000, 1, 3000, 400);
        let b = generated(5, 90_000, 1, 3000, 410);
        assert_logrank(logrank(&a, &b), 27.76534106424088, 1.369578335522198e-07);
        let a = generated(10, 3000, 1, 2500, 400);
        let b = observations(&[10, 500, 2000], &[1, 0, 1]);
        assert_logrank(logrank(&a, &b), 2.338889900168697, 0.12617944401553027);
    }

    #[test]
    fn logrank_p_values_stay_exact_far_into_the_tail() {
        let a = generated(8, 4000, 1, 100, 1000);
        let b = generated(9, 4000, 14, 100, 1000);
        assert_logrank(logrank(&a, &b), 537.8275470661102, 5.598179361919065e-119);
        // Beyond double range lifelines' p-value underflows to 0, as erfc's does.
        let a = generated(6, 3000, 1, 100, 1000);
        let b = generated(7, 3000, 301, 100, 900);
        let result = logrank(&a, &b).unwrap();
        assert_close(result.statistic, 7405.265791905937, "statistic");
        assert_eq!(result.p_value, 0.0);
    }
}
