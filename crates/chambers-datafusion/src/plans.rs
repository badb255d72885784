//! The heavy reductions of the chamber method (METHOD.md §2–3) as DataFusion plans over the
//! windowed events of [`crate::read_events`]. Each function returns a plan; nothing runs until
//! the driver collects it.

use datafusion::error::Result;
use datafusion::functions_aggregate::expr_fn::{count, sum};
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::ExprFunctionExt;
use datafusion::prelude::*;

/// Distinct edges `(window, source, target)`: the retweet graph of every window (weights summed
/// away, since membership in audiences and chambers only asks whether an edge exists).
pub fn edges(events: DataFrame) -> Result<DataFrame> {
    events.aggregate(vec![col("window"), col("source"), col("target")], vec![])
}

/// Each window's distinct weighted edges `(window, source, target, weight, rows)`: the events
/// reduced to what a window's retweet graph holds (weights summed), with the input rows each
/// edge sums (`rows`), so the in-memory graphs are built from one row per edge.
pub fn weighted_edges(events: DataFrame) -> Result<DataFrame> {
    events.aggregate(
        vec![col("window"), col("source"), col("target")],
        vec![
            sum(col("weight")).alias("weight"),
            count(lit(1i64)).alias("rows"),
        ],
    )
}

/// H(t): per window the `top_n` accounts by impact I_u(t) (retweets received), ties by id in
/// byte order, as `(window, account, impact, rank)` with rank from 1.
pub fn high_impact(events: DataFrame, top_n: usize) -> Result<DataFrame> {
    let ranked = row_number()
        .partition_by(vec![col("window")])
        .order_by(vec![
            col("impact").sort(false, false),
            col("account").sort(true, false),
        ])
        .build()?
        .alias("rank");
    events
        .aggregate(
            vec![col("window"), col("target").alias("account")],
            vec![sum(col("weight")).alias("impact")],
        )?
        .window(vec![ranked])?
        .filter(col("rank").lt_eq(lit(top_n as u64)))
}

/// Audiences A_u(t) `(window, position, leader, member)` of the active leaders: `active` holds
/// `(a_window, position, leader)`, a leader's position in the leader list per window where it
/// is in H(t).
pub fn audiences(edges: DataFrame, active: DataFrame) -> Result<DataFrame> {
    edges
        .join(
            active,
            JoinType::Inner,
            &["window", "target"],
            &["a_window", "leader"],
            None,
        )?
        .select(vec![
            col("window"),
            col("position"),
            col("leader"),
            col("source").alias("member"),
        ])
}

/// What the audiences reach, `(window, position, e_target)`: for every audience member each
/// account it retweets, other than the leader itself (one row per edge; duplicates and the
/// exclusion set are left to [`chambers`]).
pub fn reached(audiences: DataFrame, edges: DataFrame) -> Result<DataFrame> {
    let reached = edges.select(vec![
        col("window").alias("e_window"),
        col("source").alias("e_source"),
        col("target").alias("e_target"),
    ])?;
    audiences
        .join(
            reached,
            JoinType::Inner,
            &["window", "member"],
            &["e_window", "e_source"],
            None,
        )?
        .filter(col("e_target").not_eq(col("leader")))?
        .select(vec![col("window"), col("position"), col("e_target")])
}

/// Chambers C_u(t) `(window, position, member)`: the accounts the audience reaches
/// ([`reached`]), less the window's exclusion set `excluded` `(x_window, account)`.
pub fn chambers(reached: DataFrame, excluded: DataFrame) -> Result<DataFrame> {
    reached
        .join(
            excluded,
            JoinType::LeftAnti,
            &["window", "e_target"],
            &["x_window", "account"],
            None,
        )?
        .aggregate(
            vec![
                col("window"),
                col("position"),
                col("e_target").alias("member"),
            ],
            vec![],
        )
}

/// Set sizes `(window, position, size)` of audiences or chambers.
pub fn sizes(sets: DataFrame) -> Result<DataFrame> {
    sets.aggregate(
        vec![col("window"), col("position")],
        vec![count(lit(1i64)).alias("size")],
    )
}

/// Pair intersection counts `(window, a, b, shared)` for a < b, the sufficient statistics of
/// Q(t): a join of the sets with themselves on the member and a grouped count. Pairs sharing
/// nothing do not appear.
pub fn pair_counts(sets: DataFrame) -> Result<DataFrame> {
    let other = sets.clone().select(vec![
        col("window").alias("o_window"),
        col("position").alias("o_position"),
        col("member").alias("o_member"),
    ])?;
    sets.join(
        other,
        JoinType::Inner,
        &["window", "member"],
        &["o_window", "o_member"],
        Some(col("position").lt(col("o_position"))),
    )?
    .aggregate(
        vec![
            col("window"),
            col("position").alias("a"),
            col("o_position").alias("b"),
        ],
        vec![count(lit(1i64)).alias("shared")],
    )
}
