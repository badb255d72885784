//! The small dense steps after the engine's chamber stage, on the driver: Q̄ from the pair
//! counts, the leaders' groups (by the analysis' split, or its hand labels, given groups or
//! anchor), and each window's P(t) with the figures beside it (METHOD.md §3, §5, §6). They are
//! the in-memory pipeline's own functions (`AggregateOverlap::from_counts`,
//! `chambers_echo::Analysis::leader_groups`,
//! `chambers_echo::window_polarization`) run on the engine's record, so the numbers are the
//! in-memory ones; the engine holds no graph for them.

use chambers_echo::{
    Analysis, AnalysisParams, LeaderGroups, WindowPolarization, window_polarization,
};
use chambers_graph::GroupId;
use chambers_overlap::AggregateOverlap;

use crate::{EngineChambers, EngineError};

/// The leaders' groups and each window's polarization from the engine's chamber record.
#[derive(Clone, Debug)]
pub struct EnginePolarization {
    /// Q̄ over the leaders, in the analysis' measure.
    pub aggregate: AggregateOverlap,
    /// How the groups were found (`None` with fewer than two leaders).
    pub grouping: Option<LeaderGroups>,
    /// The group of each leader, by rank (`None`: in no group): what
    /// [`crate::ChamberEngine::echo`] takes.
    pub labels: Vec<Option<GroupId>>,
    /// Number of groups (at least 2, as in memory).
    pub groups: usize,
    /// P(t), P_g(t), the adaptive and shuffled P(t) and the modularity of every window.
    pub windows: Vec<WindowPolarization>,
}

impl EngineChambers {
    /// Q̄, the leaders' groups (the split, mode and group count of `params`, as
    /// `chambers_echo::Analysis` finds them without given groups, labels or anchor) and
    /// every window's P(t) and the figures beside it, from the pair counts, on the driver.
    ///
    /// # Errors
    /// [`EngineError::Analysis`] when `params` fail their check or the split fails.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), chambers_datafusion::EngineError> {
    /// use chambers_datafusion::{ChamberEngine, EngineParams};
    /// use chambers_echo::AnalysisParams;
    /// use chambers_graph::{WindowSpec, DAY};
    /// let spec = WindowSpec::Fixed { start: None, length: 7 * DAY };
    /// let params = AnalysisParams::default();
    /// let paths = ["events/".to_string()];
    /// let stage = ChamberEngine::run(&paths, spec, Default::default(), &params.chambers, &EngineParams::default())?;
    /// let split = stage.chambers().polarization(&params)?;
    /// let echo = stage.echo(&split.labels, split.groups, None, &params)?;
    /// for (p, e) in split.windows.iter().zip(&echo.windows) {
    ///     println!("P = {:?}, coverage {:?}", p.polarization, e.coverage());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn polarization(&self, params: &AnalysisParams) -> Result<EnginePolarization, EngineError> {
        self.polarization_of(&Analysis::new(params.clone()))
    }

    /// [`EngineChambers::polarization`] with the groups `analysis` gives the leaders: its hand
    /// labels ([`Analysis::with_labels`]), given groups or anchor, else its split
    /// (`Analysis::leader_groups`). Leaders come from the engine: those of
    /// [`Analysis::with_leaders`] are not used.
    ///
    /// # Errors
    /// [`EngineError::Analysis`] when the parameters fail their check, or the labels, groups,
    /// anchor or split fail as in `Analysis::run`.
    pub fn polarization_of(&self, analysis: &Analysis) -> Result<EnginePolarization, EngineError> {
        let params = analysis.params();
        params.check()?;
        let k = self.leaders.len();
        let measure = params.measure;
        let counts = self.windows.iter().map(|w| (&w.active[..], &w.overlaps));
        let aggregate = AggregateOverlap::from_counts(k, counts, measure);
        let (labels, grouping) =
            analysis.leader_groups(&self.leaders, &self.interner, &aggregate)?;
        let groups = labels
            .iter()
            .flatten()
            .map(|g| g.index() + 1)
            .fold(2, usize::max);
        let windows = self
            .windows
            .iter()
            .map(|w| {
                let q = w.overlaps.matrix(measure);
                window_polarization(&q, &w.active, &labels, groups, w.window, params)
            })
            .collect();
        Ok(EnginePolarization {
            aggregate,
            grouping,
            labels,
            groups,
            windows,
        })
    }
}
