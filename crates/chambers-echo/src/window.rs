//! Everything computed for one window: P(t) and its baselines, the null overlaps, the echo
//! chambers with the augmented classification, and the latent-ideology benchmark.

use crate::controversy::window_controversy;
use crate::ideology_check::compare_ideology;
use crate::timing::{WindowTimes, lap};
use crate::{
    AnalysisParams, Flag, Side, WindowEcho, WindowReport, echo_chambers, null_overlaps,
    window_polarization,
};
use chambers_graph::{GroupId, Interner, Leader, Ranked, UserId, Window};
use chambers_ideology::{LatentIdeology, latent_ideology};
use chambers_overlap::WindowChambers;

/// What one window contributes to the report.
pub(crate) struct WindowOutcome {
    /// The window's figures (the null-based ones are filled in later, once every window's null
    /// is known).
    pub report: WindowReport,
    /// Echo chambers and scores (local ids).
    pub echo: WindowEcho,
    /// Upper triangles of the null's overlap matrices, realisation after realisation.
    pub null: Vec<f64>,
    /// The fitted latent ideology, where it ran.
    pub ideology: Option<LatentIdeology>,
    /// Seconds per phase.
    pub times: WindowTimes,
}

/// The inputs of one window's analysis that are the same for every window.
pub(crate) struct Shared<'a> {
    pub params: &'a AnalysisParams,
    pub interner: &'a Interner,
    pub leaders: &'a [Leader],
    /// Number of groups (2 in the paper).
    pub groups: usize,
    /// Group of each leader (by position in `leaders`).
    pub labels: &'a [Option<GroupId>],
    /// Accounts to score instead of H(t) minus the leaders.
    pub scored: Option<&'a [UserId]>,
}

/// Analyses one window from its chamber record `wc` and its high-impact set `high_impact`.
pub(crate) fn analyse_window(
    shared: &Shared<'_>,
    window: &Window,
    wc: &WindowChambers,
    high_impact: &[Ranked],
) -> WindowOutcome {
    let p = shared.params;
    let mut times = WindowTimes::default();
    let mut clock = std::time::Instant::now();
    let graph = &window.graph;
    let groups: Vec<Option<GroupId>> = wc.active.iter().map(|&i| shared.labels[i]).collect();
    let q = wc.matrix(p.measure);
    let ka = wc.active.len();
    let seed = p.window_seed(window.index);
    let null = if ka >= 2 && p.null_realisations > 0 {
        null_overlaps(
            graph,
            &wc.local,
            &wc.excluded,
            p.null_realisations,
            seed,
            p.measure,
        )
    } else {
        Vec::new()
    };
    times.null_model = lap(&mut clock);
    let polarization = window_polarization(
        &q,
        &wc.active,
        shared.labels,
        shared.groups,
        window.index,
        p,
    );
    let mut report = WindowReport::new(
        window.index,
        window.start,
        graph.n_users(),
        graph.retweets(),
        &wc.active,
        shared.labels,
        shared.groups,
        polarization,
    );
    times.polarization = lap(&mut clock);
    report.set_controversy(window_controversy(
        wc,
        &q,
        p.measure,
        p.controversy_realisations,
        p.controversy_seed(window.index),
    ));
    times.controversy = lap(&mut clock);
    let scored: Vec<u32> = match shared.scored {
        Some(users) => users.iter().filter_map(|&u| graph.local(u)).collect(),
        None => high_impact
            .iter()
            .filter(|r| !shared.leaders.iter().any(|l| l.user == r.user))
            .filter_map(|r| graph.local(r.user))
            .collect(),
    };
    let echo = echo_chambers(graph, wc, &groups, shared.groups, &scored, &p.echo);
    report.ec = echo.ec.iter().map(Vec::len).collect();
    report.aec = echo.aec.iter().map(Vec::len).collect();
    let classified = echo.classified();
    report.aec_both = classified.iter().filter(|(_, s)| *s == Side::Both).count();
    report.coverage = (echo.users > 0).then(|| classified.len() as f64 / echo.users as f64);
    report.coverage_paper = echo.coverage_paper();
    times.echo = lap(&mut clock);
    let ideology = p
        .ideology
        .as_ref()
        .filter(|_| graph.n_users() > 0)
        .and_then(|params| {
            // One latent dimension orders two sides: with more groups there is no agreement
            // to measure, only the scores.
            let fitted = if shared.groups == 2 {
                let (comparison, fitted) =
                    compare_ideology(shared.interner, graph, &classified, params);
                report.ideology = Some(comparison);
                fitted
            } else {
                latent_ideology(graph, shared.interner, params).ok()
            };
            if fitted.as_ref().is_some_and(|f| f.counts.components > 1) {
                report.flags.push(Flag::IdeologyDisconnected);
            }
            fitted
        });
    times.ideology = lap(&mut clock);
    WindowOutcome {
        report,
        echo,
        null,
        ideology,
        times,
    }
}
