//! The money of a report: billing rounding of work time to a step (`--round 15m`), and the
//! price of a row whose work ran at one or several rates, rounded once to cents. Pure
//! arithmetic on whole microseconds, as `task::cost` is, so the two always agree.

use chrono::TimeDelta;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::cli::Rounding;

use crate::task::MICROS_PER_HOUR;

/// `--round DURATION`: a span like `6m`, `15m`, `1h` (s, m, h, d or w), more than zero.
pub fn parse_step(raw: &str) -> Result<TimeDelta, String> {
    let refuse = || {
        format!(
            "`{raw}` is not a billing step: use a whole number of s, m, h, d or w, like 6m, 15m, 30m or 1h"
        )
    };
    crate::when::span(&raw.trim().to_ascii_lowercase())
        .flatten()
        .filter(|step| *step > TimeDelta::zero())
        .ok_or_else(refuse)
}

/// `micros` of work rounded to a whole number of `step`s: up, to the nearest (a tie goes up,
/// as money's half away from zero does), or down.
pub fn round_time(micros: i64, step: TimeDelta, rounding: Rounding) -> Option<i64> {
    let step = step.num_microseconds().filter(|step| *step > 0)?;
    let whole = micros.div_euclid(step);
    let rest = micros.rem_euclid(step);
    let steps = match rounding {
        Rounding::Down => whole,
        Rounding::Up if rest > 0 => whole.checked_add(1)?,
        Rounding::Up => whole,
        Rounding::Nearest if rest.checked_mul(2)? >= step => whole.checked_add(1)?,
        Rounding::Nearest => whole,
    };
    steps.checked_mul(step)
}

/// The price of `billed` microseconds of a row whose `worked` microseconds cost `weighted`
/// (the sum of each piece's microseconds x its hourly rate): the row's own average rate, so a
/// row of one rate is billed time x rate. Rounded half away from zero to cents, once: exactly
/// (integer arithmetic) where 128 bits hold it, which is always for unrounded time at any rate
/// the schema allows; else, for billed time of centuries at a great rate, in decimals of 28
/// digits. `None` only when even those overflow.
pub fn price(weighted: Decimal, worked: i64, billed: i64) -> Option<Decimal> {
    if worked <= 0 || billed <= 0 {
        return Some(Decimal::new(0, 2));
    }
    // Unrounded time needs no ratio: the exact form stays small.
    let (billed, worked) = if billed == worked {
        (1, 1)
    } else {
        (billed, worked)
    };
    exact_price(weighted, billed, worked).or_else(|| {
        let hours = Decimal::from_i128_with_scale(MICROS_PER_HOUR, 0);
        (weighted.checked_div(Decimal::from(worked))?)
            .checked_mul(Decimal::from(billed))?
            .checked_div(hours)
            .map(|cost| {
                let mut cents =
                    cost.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                cents.rescale(2);
                cents
            })
    })
}

/// cents = weighted x billed x 100 / (worked x 3,600,000,000), weighted = mantissa / 10^scale.
fn exact_price(weighted: Decimal, billed: i64, worked: i64) -> Option<Decimal> {
    let numerator = weighted
        .mantissa()
        .checked_abs()?
        .checked_mul(i128::from(billed))?
        .checked_mul(100)?;
    let denominator = i128::from(worked)
        .checked_mul(MICROS_PER_HOUR)?
        .checked_mul(10i128.checked_pow(weighted.scale())?)?;
    crate::task::cents(numerator, denominator, weighted.is_sign_negative())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::cost;

    const MINUTE: i64 = 60_000_000;

    #[test]
    fn steps_are_positive_spans() {
        assert_eq!(parse_step("15m"), Ok(TimeDelta::minutes(15)));
        assert_eq!(parse_step("1H"), Ok(TimeDelta::hours(1)));
        assert_eq!(parse_step("6m"), Ok(TimeDelta::minutes(6)));
        for bad in ["0m", "15", "m", "-5m", "1.5h", "quarter", ""] {
            let error = parse_step(bad).unwrap_err();
            assert!(error.contains("15m"), "{bad}: {error}");
        }
    }

    #[test]
    fn rounding_at_exact_steps_and_one_microsecond_past() {
        let step = TimeDelta::minutes(15);
        for rounding in [Rounding::Up, Rounding::Nearest, Rounding::Down] {
            assert_eq!(round_time(30 * MINUTE, step, rounding), Some(30 * MINUTE));
            assert_eq!(round_time(0, step, rounding), Some(0));
        }
        assert_eq!(
            round_time(30 * MINUTE + 1, step, Rounding::Up),
            Some(45 * MINUTE)
        );
        assert_eq!(
            round_time(30 * MINUTE + 1, step, Rounding::Down),
            Some(30 * MINUTE)
        );
        assert_eq!(
            round_time(30 * MINUTE + 1, step, Rounding::Nearest),
            Some(30 * MINUTE)
        );
        // Half a step is a tie: it goes up; one microsecond less goes down.
        let half = 7 * MINUTE + 30_000_000;
        assert_eq!(round_time(half, step, Rounding::Nearest), Some(15 * MINUTE));
        assert_eq!(round_time(half - 1, step, Rounding::Nearest), Some(0));
        assert_eq!(round_time(1, step, Rounding::Up), Some(15 * MINUTE));
        assert_eq!(round_time(1, step, Rounding::Down), Some(0));
    }

    #[test]
    fn one_rate_prices_as_a_task_cost_does() {
        let rates = ["10", "12.50", "0.01", "99.999", "1234.5678"];
        for rate in rates {
            let rate: Decimal = rate.parse().unwrap();
            for micros in [
                1,
                9_000_000,
                18_000_000,
                18_000_000 - 1,
                5_400_000_001,
                86_400_000_000,
            ] {
                let weighted = Decimal::from(micros) * rate;
                assert_eq!(
                    price(weighted, micros, micros),
                    cost(TimeDelta::microseconds(micros), rate),
                    "{micros} us at {rate}"
                );
            }
        }
    }

    #[test]
    fn several_rates_bill_at_their_average() {
        // An hour at $10 and an hour at $20: two hours cost $30; billed as three, $45.
        let hour = 3_600_000_000_i64;
        let weighted =
            Decimal::from(hour) * Decimal::from(10) + Decimal::from(hour) * Decimal::from(20);
        assert_eq!(
            price(weighted, 2 * hour, 2 * hour),
            Some("30.00".parse().unwrap())
        );
        assert_eq!(
            price(weighted, 2 * hour, 3 * hour),
            Some("45.00".parse().unwrap())
        );
        assert_eq!(price(weighted, 2 * hour, 0), Some("0.00".parse().unwrap()));
    }

    #[test]
    fn centuries_at_the_greatest_rate_still_price() {
        // 1900 to 9999 at $1,000,000 an hour, billed in whole hours.
        let worked = 255_611_376_000_000_000_i64 + 1;
        let rate = Decimal::from(1_000_000);
        let weighted = Decimal::from(worked) * rate;
        let unrounded = price(weighted, worked, worked).unwrap();
        assert_eq!(
            unrounded,
            cost(TimeDelta::microseconds(worked), rate).unwrap()
        );
        let hour = 3_600_000_000_i64;
        let billed = round_time(worked, TimeDelta::hours(1), Rounding::Up).unwrap();
        assert_eq!(billed % hour, 0);
        let priced = price(weighted, worked, billed).unwrap();
        assert_eq!(priced, Decimal::from(billed / hour) * rate);
        assert_eq!(priced.scale(), 2, "{priced}");
    }
}
