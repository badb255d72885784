//! The analysis end to end on the toy vectors of METHOD.md §10 and on degenerate inputs.
use super::*;
use crate::{EchoParams, Flag, Side};
use chambers_graph::{GraphOptions, WindowSpec, Windows, WindowsBuilder};
use chambers_overlap::{ChamberParams, Exclusion};

const TOY: [(&str, &str, u32); 16] = [
    ("a1", "A", 2),
    ("a1", "X", 1),
    ("a2", "A", 1),
    ("a2", "B", 1),
    ("a2", "Y", 3),
    ("a3", "B", 1),
    ("a3", "X", 1),
    ("c1", "C", 1),
    ("c1", "Z", 1),
    ("c2", "C", 2),
    ("c2", "Z", 1),
    ("c2", "X", 1),
    ("h1", "H", 1),
    ("a1", "H", 1),
    ("a3", "H", 1),
    ("c1", "H", 1),
];

fn toy() -> Windows {
    let mut b = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
    for (s, t, w) in TOY {
        b.push_external(s, t, w, None).unwrap();
    }
    b.finish().unwrap()
}

fn run_toy(w: &Windows, eta: f64) -> Report {
    let id = |x: &str| w.interner.get(x).unwrap();
    let params = AnalysisParams::default()
        .chambers(ChamberParams::default().exclusion(Exclusion::Leaders))
        .echo(EchoParams::default().eta(eta))
        .null_realisations(2)
        .dip_replicates(50)
        .ideology(None);
    Analysis::new(params)
        .with_leaders(vec![id("A"), id("B"), id("C")])
        .with_groups(vec![Some(GroupId::A), Some(GroupId::A), Some(GroupId::B)])
        .with_scored(vec![id("H"), id("X")])
        .run(w)
        .unwrap()
}

fn names(w: &Windows, set: &[u32]) -> Vec<String> {
    let mut v: Vec<String> = set
        .iter()
        .map(|&x| w.interner.external(w.windows[0].graph.user(x)).to_string())
        .collect();
    v.sort();
    v
}

/// METHOD.md §10 end to end.
#[test]
fn toy_vectors() {
    let w = toy();
    let r = run_toy(&w, 0.2);
    assert_eq!(r.windows[0].polarization, Some(0.0));
    let e = &r.echo[0];
    assert_eq!(names(&w, &e.ec[0]), ["H", "X", "Y", "a1", "a2", "a3"]);
    assert_eq!(names(&w, &e.ec[1]), ["H", "X", "Z", "c1", "c2"]);
    let scores: Vec<f64> = e.scored.iter().map(|s| s.score).collect();
    assert_eq!(scores, [1.0 / 3.0, 1.0 / 3.0]);
    assert_eq!((e.scored[0].n_a(), e.scored[0].n_b()), (2, 1));
    assert_eq!(
        names(&w, &e.aec[0]),
        ["H", "X", "Y", "a1", "a2", "a3", "c1", "c2", "h1"]
    );
    assert_eq!(names(&w, &e.aec[1]), ["H", "X", "Z", "c1", "c2"]);
    let both: Vec<u32> = e
        .classified()
        .into_iter()
        .filter(|c| c.1 == Side::Both)
        .map(|c| c.0)
        .collect();
    assert_eq!(names(&w, &both), ["H", "X", "c1", "c2"]);

    let strict = run_toy(&w, 0.5);
    assert_eq!(strict.echo[0].aec, strict.echo[0].ec);
    assert!(
        strict.echo[0]
            .scored
            .iter()
            .all(|s| s.side == Side::Neutral)
    );
}

#[test]
fn degenerate_inputs_are_flagged_not_fatal() {
    let w = toy();
    let id = |x: &str| w.interner.get(x).unwrap();
    let params = AnalysisParams::default()
        .null_realisations(1)
        .dip_replicates(20)
        .ideology(None);
    // Two leaders with disjoint chambers: all-zero overlaps, P undefined.
    let r = Analysis::new(params.clone())
        .with_leaders(vec![id("A"), id("h1")])
        .with_groups(vec![Some(GroupId::A), Some(GroupId::B)])
        .run(&w)
        .unwrap();
    assert!(r.windows[0].flags.contains(&Flag::SmallGroupA));
    assert_eq!(r.summary.controversy, 0.0);
    // One group without active leaders.
    let r = Analysis::new(params.clone())
        .with_leaders(vec![id("A"), id("B")])
        .with_groups(vec![Some(GroupId::A), Some(GroupId::A)])
        .run(&w)
        .unwrap();
    assert!(r.windows[0].flags.contains(&Flag::SmallGroupB));
    assert!(!r.windows[0].is_valid());
    // All-zero overlaps among four leaders.
    let params0 = params
        .clone()
        .chambers(ChamberParams::default().exclusion(Exclusion::HighImpact));
    let r = Analysis::new(params0)
        .with_leaders(vec![id("A"), id("B"), id("C"), id("H")])
        .with_groups(vec![
            Some(GroupId::A),
            Some(GroupId::A),
            Some(GroupId::B),
            Some(GroupId::B),
        ])
        .run(&w)
        .unwrap();
    assert!(
        r.windows[0].flags.contains(&Flag::PolarizationUndefined),
        "{:?}",
        r.windows[0]
    );
    assert_eq!(r.windows[0].polarization, None);
    assert_eq!(r.summary.controversy, 0.0);
    // Wrong group count and unknown anchor are parameter errors.
    assert!(
        Analysis::new(params.clone())
            .with_groups(vec![Some(GroupId::A)])
            .run(&w)
            .is_err()
    );
    assert!(Analysis::new(params).with_anchor(id("h1")).run(&w).is_err());
}

/// A saved report loads back into a `Report` that saves to the same text, on the toy and on a
/// planted run (spectral groups, ideology, every window statistic).
#[test]
fn report_json_round_trips() {
    let planted = chambers_graph::generate(
        &chambers_graph::SynthParams::default()
            .users(2_000)
            .events(10_000)
            .windows(2),
    )
    .unwrap()
    .windows(WindowSpec::Fixed {
        start: None,
        length: 7 * chambers_graph::DAY,
    })
    .unwrap();
    let params = AnalysisParams::default()
        .null_realisations(2)
        .controversy_realisations(4)
        .dip_replicates(50);
    let reports = [
        run_toy(&toy(), 0.5),
        Analysis::new(params).run(&planted).unwrap(),
    ];
    for report in reports {
        let text = serde_json::to_string_pretty(&report).unwrap();
        let loaded: Report = serde_json::from_str(&text).unwrap();
        let again = serde_json::to_string_pretty(&loaded).unwrap();
        let differ: Vec<(&str, &str)> = (text.lines().zip(again.lines()))
            .filter(|(a, b)| a != b)
            .collect();
        assert!(
            differ.is_empty(),
            "{} lines differ, first {:?}",
            differ.len(),
            &differ[..differ.len().min(3)]
        );
        assert_eq!(again.len(), text.len());
        assert_eq!(loaded.parameters, report.parameters);
        assert_eq!(loaded.aggregate, report.aggregate);
        let accounts = |r: &Report| {
            r.leaders
                .iter()
                .map(|l| l.account.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(accounts(&loaded), accounts(&report));
        assert!(loaded.chambers.windows.is_empty() && loaded.echo.is_empty());
    }
}

/// Every column that holds an account id, a group or side name, a kind or a set is marked as
/// text in every table, so that typed writers (Parquet, Arrow) keep ids such as `007` as they
/// are and give the same column one type in every table, whatever the ids look like.
#[test]
fn id_and_name_columns_are_text_in_every_table() {
    const NAMED: [&str; 12] = [
        "leader",
        "leader_a",
        "leader_b",
        "user",
        "account",
        "influencer",
        "group",
        "group_a",
        "group_b",
        "side",
        "kind",
        "set",
    ];
    let w = toy();
    let params = AnalysisParams::default()
        .null_realisations(1)
        .dip_replicates(10)
        .ideology(Some(Default::default()));
    let report = Analysis::new(params).run(&w).unwrap();
    let tables = report.tables(&w, &[]);
    let mut seen = 0;
    for table in &tables {
        for (c, column) in table.columns().iter().enumerate() {
            if NAMED.contains(&column.as_str()) {
                assert!(table.is_text(c), "{}.{column} is not text", table.name());
                seen += 1;
            }
        }
    }
    assert!(
        tables.len() >= 16 && seen >= 25,
        "{} tables, {seen} columns",
        tables.len()
    );
}
