//! The heavy reductions of the chamber method (METHOD.md §2–3) as DataFusion plans over the
//! windowed events of [`crate::read_events`]. Each function returns a plan; nothing runs until
//! the driver collects it.

use chambers_echo::Side;
use chambers_graph::GroupId;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::functions_aggregate::expr_fn::{count, min, sum};
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

/// Intersection counts `(window, later, key, shared)` of each set of `sets` (`(window, key,
/// member)`: a series of sets per key) with the same key's set 1 to `max_lag` windows later:
/// the stability's Jaccard indices (METHOD.md §9), by a join on the key and the member. Pairs
/// sharing nothing do not appear.
pub fn lagged_intersections(sets: DataFrame, max_lag: usize) -> Result<DataFrame> {
    let sets = sets.select(vec![
        cast(col("window"), DataType::Int64).alias("window"),
        col("key"),
        col("member"),
    ])?;
    let later = sets.clone().select(vec![
        col("window").alias("l_window"),
        col("key").alias("l_key"),
        col("member").alias("l_member"),
    ])?;
    let within = col("l_window")
        .gt(col("window"))
        .and(col("l_window").lt_eq(col("window") + lit(max_lag as i64)));
    sets.join(
        later,
        JoinType::Inner,
        &["key", "member"],
        &["l_key", "l_member"],
        Some(within),
    )?
    .aggregate(
        vec![col("window"), col("l_window").alias("later"), col("key")],
        vec![count(lit(1i64)).alias("shared")],
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

/// Echo-chamber membership `(window, member, group)`, distinct: EC_g(t), the union of the
/// audiences and chambers (`(window, position, member)` each) of the active leaders of group g;
/// `groups` holds `(g_position, group)`, a leader's group by its position (METHOD.md §7).
pub fn echo_members(
    audiences: DataFrame,
    chambers: DataFrame,
    groups: DataFrame,
) -> Result<DataFrame> {
    audiences
        .select(vec![col("window"), col("position"), col("member")])?
        .union(chambers.select(vec![col("window"), col("position"), col("member")])?)?
        .join(
            groups,
            JoinType::Inner,
            &["position"],
            &["g_position"],
            None,
        )?
        .aggregate(vec![col("window"), col("member"), col("group")], vec![])
}

/// The echo-chamber members that the `exclusive` score rule counts, `(window, member, group)`:
/// those in exactly one group's echo chamber.
pub fn exclusive_members(echo: DataFrame) -> Result<DataFrame> {
    echo.aggregate(
        vec![col("window"), col("member")],
        vec![
            count(lit(1i64)).alias("groups"),
            min(col("group")).alias("group"),
        ],
    )?
    .filter(col("groups").eq(lit(1i64)))?
    .select(vec![col("window"), col("member"), col("group")])
}

/// Audience counts of the scored accounts `(window, account, group, n)`: n_hg = |A_h ∩ part_g|,
/// where `scored` holds `(s_window, account)` and `part` `(window, member, group)` (EC_g, or its
/// exclusive part); an account listed twice in a window is counted once. Groups an audience
/// does not reach do not appear (n = 0).
pub fn scored_counts(edges: DataFrame, scored: DataFrame, part: DataFrame) -> Result<DataFrame> {
    let scored = scored.distinct()?;
    let part = part.select(vec![
        col("window").alias("p_window"),
        col("member").alias("p_member"),
        col("group"),
    ])?;
    edges
        .join(
            scored,
            JoinType::Inner,
            &["window", "target"],
            &["s_window", "account"],
            None,
        )?
        .join(
            part,
            JoinType::Inner,
            &["window", "source"],
            &["p_window", "p_member"],
            None,
        )?
        .aggregate(
            vec![col("window"), col("account"), col("group")],
            vec![count(lit(1i64)).alias("n")],
        )
}

/// Augmented echo-chamber membership `(window, member, group)`, distinct: AEC_g(t), EC_g(t)
/// (`echo`) and the audiences of the accounts scored to g, `classified` `(c_window, c_account,
/// c_group)`.
pub fn augmented_members(
    echo: DataFrame,
    edges: DataFrame,
    classified: DataFrame,
) -> Result<DataFrame> {
    let audiences = edges
        .join(
            classified,
            JoinType::Inner,
            &["window", "target"],
            &["c_window", "c_account"],
            None,
        )?
        .select(vec![
            col("window"),
            col("source").alias("member"),
            col("c_group").alias("group"),
        ])?;
    echo.union(audiences)?
        .aggregate(vec![col("window"), col("member"), col("group")], vec![])
}

/// Sizes `(window, group, size)` of a membership table `(window, member, group)`.
pub fn group_sizes(members: DataFrame) -> Result<DataFrame> {
    members.aggregate(
        vec![col("window"), col("group")],
        vec![count(lit(1i64)).alias("size")],
    )
}

/// How many members of a membership table `(window, member, group)` are in how many groups,
/// `(window, groups, users)`: the users classified to one side (`groups` = 1) or to several.
pub fn membership_counts(members: DataFrame) -> Result<DataFrame> {
    members
        .aggregate(
            vec![col("window"), col("member")],
            vec![count(lit(1i64)).alias("groups")],
        )?
        .aggregate(
            vec![col("window"), col("groups")],
            vec![count(lit(1i64)).alias("users")],
        )
}

/// The accounts of each window `(window, account)`, distinct: V_t, every source and target of
/// the window's edges.
pub fn window_accounts(edges: DataFrame) -> Result<DataFrame> {
    edges
        .clone()
        .select(vec![col("window"), col("source").alias("account")])?
        .union(edges.select(vec![col("window"), col("target").alias("account")])?)?
        .aggregate(vec![col("window"), col("account")], vec![])
}

/// Users per window `(window, users)`: |V_t|, from [`window_accounts`].
pub fn window_users(accounts: DataFrame) -> Result<DataFrame> {
    accounts.aggregate(vec![col("window")], vec![count(lit(1i64)).alias("users")])
}

/// The chambers of the leaders of each window's main component `(window, position, member)`,
/// ordered by window, then member (byte order of the ids), then position: `main` holds
/// `(m_window, m_position)`. The controversy baseline's input, read in this order.
pub fn main_chambers(chambers: DataFrame, main: DataFrame) -> Result<DataFrame> {
    chambers
        .join(
            main,
            JoinType::Inner,
            &["window", "position"],
            &["m_window", "m_position"],
            None,
        )?
        .select(vec![col("window"), col("position"), col("member")])?
        .sort(vec![
            col("window").sort(true, false),
            col("member").sort(true, false),
            col("position").sort(true, false),
        ])
}

/// Retweets per window `(window, retweets)`: the sum of the weights of its events.
pub fn window_retweets(events: DataFrame) -> Result<DataFrame> {
    events.aggregate(
        vec![col("window")],
        vec![sum(col("weight")).alias("retweets")],
    )
}

/// Each listed account's impact `(window, position, impact)` in every window where it has any
/// retweet, given or received (impact 0 when it only gave); `listed` holds `(l_position,
/// l_account)`, each account's position in the list (the leaders', the scored accounts').
pub fn account_impact(events: DataFrame, listed: DataFrame) -> Result<DataFrame> {
    let received = events.clone().select(vec![
        col("window"),
        col("target").alias("account"),
        col("weight"),
    ])?;
    let given = events.select(vec![
        col("window"),
        col("source").alias("account"),
        cast(lit(0u64), DataType::UInt64).alias("weight"),
    ])?;
    received
        .union(given)?
        .join(listed, JoinType::Inner, &["account"], &["l_account"], None)?
        .aggregate(
            vec![col("window"), col("l_position").alias("position")],
            vec![sum(col("weight")).alias("impact")],
        )
}

/// The columns of [`echo_chamber_rows`] that the result folder's table holds; the others only
/// order the rows.
pub const ECHO_CHAMBER_COLUMNS: [&str; 4] = ["window", "user", "group", "kind"];

/// Membership of every echo chamber and augmented echo chamber `(window, member, group,
/// kind)`, kind 0 for EC_g(t) (`echo`) and 1 for AEC_g(t) (`augmented`): the rows of
/// [`echo_chamber_rows`].
pub fn kinds(echo: DataFrame, augmented: DataFrame) -> Result<DataFrame> {
    let kind = |members: DataFrame, k: i64| {
        members.select(vec![
            col("window"),
            col("member"),
            col("group"),
            lit(k).alias("kind"),
        ])
    };
    kind(echo, 0)?.union(kind(augmented, 1)?)
}

/// The result folder's `echo_chambers` table `(window, user, group, kind)` from [`kinds`]:
/// per window the EC rows then the AEC rows, each by group then by user id bytes, group `g`
/// named `names[g]` or its letter. Rows, order and types of the in-memory table
/// (`chambers_echo::Report::tables`), with two more columns `order_kind, order_group` last
/// that the sort reads: write [`ECHO_CHAMBER_COLUMNS`]. The sort is the plan's last step, so
/// that its ordered output is not split again for a projection after it.
pub fn echo_chamber_rows(kinds: DataFrame, groups: usize, names: &[String]) -> Result<DataFrame> {
    kinds
        .select(vec![
            cast(col("window"), DataType::Int64).alias("window"),
            cast(col("member"), DataType::Utf8).alias("user"),
            group_name(col("group"), groups, names)?.alias("group"),
            when(col("kind").eq(lit(0i64)), lit("EC"))
                .otherwise(lit("AEC"))?
                .alias("kind"),
            col("kind").alias("order_kind"),
            col("group").alias("order_group"),
        ])?
        .sort_by(vec![
            col("window"),
            col("order_kind"),
            col("order_group"),
            col("user"),
        ])
}

/// The result folder's `users` table `(window, user, side)` from AEC membership `(window,
/// member, group)`: every user of an augmented echo chamber, by window then user id bytes,
/// with its group's name, or `both` when it is in several (`chambers_echo::WindowEcho::
/// classified`). The sort is the plan's last step, as in [`echo_chamber_rows`].
pub fn user_rows(augmented: DataFrame, groups: usize, names: &[String]) -> Result<DataFrame> {
    augmented
        .aggregate(
            vec![col("window"), col("member")],
            vec![
                count(lit(1i64)).alias("groups"),
                min(col("group")).alias("group"),
            ],
        )?
        .select(vec![
            cast(col("window"), DataType::Int64).alias("window"),
            cast(col("member"), DataType::Utf8).alias("user"),
            when(col("groups").gt(lit(1i64)), lit(Side::Both.name(names)))
                .otherwise(group_name(col("group"), groups, names)?)?
                .alias("side"),
        ])?
        .sort_by(vec![col("window"), col("user")])
}

/// The name of group index `group` (`UInt64`) among `groups`, as the in-memory tables spell
/// it (`Side::name`).
fn group_name(group: Expr, groups: usize, names: &[String]) -> Result<Expr> {
    let name = |g: usize| lit(Side::Group(GroupId::new(g)).name(names));
    let mut case = when(group.clone().eq(lit(0u64)), name(0));
    for g in 1..groups {
        case = case.when(group.clone().eq(lit(g as u64)), name(g));
    }
    case.end()
}
