//! Stability over time (METHOD.md §9) on the engine: the Jaccard index of each leader's
//! chamber and of each group's EC_g and AEC_g with the same set up to `max_lag` windows later.
//! The intersections are a plan ([`crate::plans::lagged_intersections`]); the set sizes are
//! already on the driver (the chamber record's pair counts, the echo stage's counts), which
//! turns them into the indices and summarises each lag with `chambers_echo::LagSummary`, as
//! the in-memory analysis does.

use std::collections::HashMap;

use chambers_echo::{LagSummary, StabilityReport};
use chambers_overlap::Measure;
use datafusion::prelude::*;

use crate::analysis::{int_column, run};
use crate::{EngineChambers, EngineError, WindowEchoCounts, plans};

/// Intersections keyed by (window, later window, key).
type Shared = HashMap<(usize, usize, usize), u32>;

/// The stability curves of the chambers (`chambers`: `(window, position, member)`), of EC_g
/// (`echo`) and of AEC_g (`augmented`, both `(window, member, group)`), with the sizes of
/// `record` and `counts`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn stability_curves(
    ctx: &SessionContext,
    chambers: DataFrame,
    echo: DataFrame,
    augmented: DataFrame,
    record: &EngineChambers,
    counts: &[WindowEchoCounts],
    groups: usize,
    max_lag: usize,
    spills: &mut usize,
) -> Result<StabilityReport, EngineError> {
    let by_group = |members: DataFrame| {
        members.select(vec![
            col("window"),
            col("group").alias("key"),
            col("member"),
        ])
    };
    let chambers = chambers.select(vec![
        col("window"),
        col("position").alias("key"),
        col("member"),
    ])?;
    let chamber_shared = shared(ctx, chambers, max_lag, spills).await?;
    let ec_shared = shared(ctx, by_group(echo)?, max_lag, spills).await?;
    let aec_shared = shared(ctx, by_group(augmented)?, max_lag, spills).await?;
    let windows = record.windows.len();
    let lags = 1..=max_lag;

    // A leader's chamber exists in the windows where it is active.
    let mut slot: Vec<Vec<Option<usize>>> = vec![vec![None; windows]; record.leaders.len()];
    for (t, w) in record.windows.iter().enumerate() {
        for (a, &i) in w.active.iter().enumerate() {
            slot[i][t] = Some(a);
        }
    }
    let chamber_curve = lags
        .clone()
        .map(|lag| {
            let mut values = Vec::new();
            for (i, slots) in slot.iter().enumerate() {
                for t in 0..windows.saturating_sub(lag) {
                    let (Some(a), Some(b)) = (slots[t], slots[t + lag]) else {
                        continue;
                    };
                    let sizes = (
                        record.windows[t].overlaps.size(a),
                        record.windows[t + lag].overlaps.size(b),
                    );
                    values.push(jaccard(&chamber_shared, t, lag, i, sizes));
                }
            }
            LagSummary::of(lag, values)
        })
        .collect();
    // Every window has an EC_g and an AEC_g, empty or not.
    let group_curves = |shared: &Shared, size: &dyn Fn(&WindowEchoCounts) -> &Vec<usize>| {
        (0..groups)
            .map(|g| {
                lags.clone()
                    .map(|lag| {
                        let values = (0..windows.saturating_sub(lag))
                            .map(|t| {
                                let sizes = (size(&counts[t])[g], size(&counts[t + lag])[g]);
                                let sizes = (sizes.0 as u32, sizes.1 as u32);
                                jaccard(shared, t, lag, g, sizes)
                            })
                            .collect();
                        LagSummary::of(lag, values)
                    })
                    .collect()
            })
            .collect()
    };
    Ok(StabilityReport {
        ec: group_curves(&ec_shared, &|c| &c.ec),
        aec: group_curves(&aec_shared, &|c| &c.aec),
        chambers: chamber_curve,
    })
}

/// The Jaccard index of `key`'s sets in windows `t` and `t + lag` of the given sizes.
fn jaccard(shared: &Shared, t: usize, lag: usize, key: usize, sizes: (u32, u32)) -> f64 {
    let both = shared.get(&(t, t + lag, key)).copied().unwrap_or(0);
    Measure::Jaccard.of_sizes(both, sizes.0, sizes.1)
}

/// The lagged intersections of a series table `(window, key, member)`, collected.
async fn shared(
    ctx: &SessionContext,
    sets: DataFrame,
    max_lag: usize,
    spills: &mut usize,
) -> Result<Shared, EngineError> {
    let mut out = Shared::new();
    if max_lag == 0 {
        return Ok(out);
    }
    for b in run(ctx, plans::lagged_intersections(sets, max_lag)?, spills).await? {
        let (window, later) = (int_column(&b, "window")?, int_column(&b, "later")?);
        let (key, n) = (int_column(&b, "key")?, int_column(&b, "shared")?);
        for i in 0..b.num_rows() {
            let at = (window[i] as usize, later[i] as usize, key[i] as usize);
            out.insert(at, n[i] as u32);
        }
    }
    Ok(out)
}
