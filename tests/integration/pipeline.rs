//! The whole pipeline on small random event tables: CSV → weekly windows → the analysis → every
//! table and the JSON report. Reading may refuse an input (no usable edge); the analysis of
//! anything read must succeed, with every figure finite and in its range, and give the same
//! bytes whatever the input row order and the thread count.

use std::path::Path;

use chambers::echo::Report;
use chambers::ideology::IdeologyParams;
use chambers::prelude::*;
use proptest::prelude::*;

const T0: i64 = 1_551_398_400; // 2019-03-01T00:00:00Z
const DAY: i64 = 86_400;

/// One event: source and target account indices, weight, seconds after `T0`.
type Event = (usize, usize, u32, i64);

/// How the accounts are named: decimal ids, handles, or both (decimal ids and other text are
/// interned differently, and must still order the same).
#[derive(Clone, Copy, Debug)]
enum Naming {
    Decimal,
    Handle,
    Mixed,
}

fn name(naming: Naming, i: usize) -> String {
    match naming {
        Naming::Decimal => (1000 + 7 * i).to_string(),
        Naming::Handle => format!("@a{i}"),
        Naming::Mixed if i.is_multiple_of(2) => (7 * i).to_string(),
        Naming::Mixed => format!("u{i}"),
    }
}

#[derive(Clone, Debug)]
struct Case {
    naming: Naming,
    /// Times as RFC 3339 text (else Unix seconds).
    rfc3339: bool,
    events: Vec<Event>,
    top_n: usize,
    leaders: usize,
    exclusion: Exclusion,
    ideology: bool,
    shuffle_seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    // Accounts: one (every row a self-retweet) now and then, else 2..40.
    let accounts = prop_oneof![1 => Just(1usize), 12 => 2usize..40];
    let exclusion = prop::sample::select(vec![
        Exclusion::HighImpact,
        Exclusion::Leaders,
        Exclusion::None,
    ]);
    (accounts, any::<bool>(), any::<bool>()).prop_flat_map(move |(n, loops, planted)| {
        // Popular targets: the low indices, so that leaders and chambers form.
        let target = prop_oneof![2 => 0..n.min(8), 1 => 0..n];
        let event = (0..n, target, 1u32..=3, 0..21 * DAY, 0..10u8).prop_map(
            move |(s, t, w, time, cross)| {
                // Planted sides (even and odd accounts), each retweeting its own side but one time
                // in ten: leaders split into two groups and P(t) is defined.
                let t = if planted && n > 2 && cross > 0 {
                    let same = t - t % 2 + s % 2;
                    if same < n { same } else { s % 2 }
                } else {
                    t
                };
                // Without self-loops, a row that would be one goes to another account.
                let t = if !loops && s == t && n > 1 {
                    (t + 1) % n
                } else {
                    t
                };
                (s, t, w, time)
            },
        );
        (
            prop::sample::select(vec![Naming::Decimal, Naming::Handle, Naming::Mixed]),
            any::<bool>(),
            prop::collection::vec(event, 1..300),
            3usize..10,
            2usize..8,
            exclusion.clone(),
            any::<bool>(),
            any::<u64>(),
        )
            .prop_map(
                |(naming, rfc3339, events, top_n, leaders, exclusion, ideology, shuffle_seed)| {
                    Case {
                        naming,
                        rfc3339,
                        events,
                        top_n,
                        leaders,
                        exclusion,
                        ideology,
                        shuffle_seed,
                    }
                },
            )
    })
}

/// Writes the events as a CSV table.
fn write_csv(path: &Path, case: &Case, events: &[Event]) {
    let mut text = String::from("source,target,weight,time\n");
    for &(s, t, w, time) in events {
        let time = if case.rfc3339 {
            chambers::io::format_time(T0 + time)
        } else {
            (T0 + time).to_string()
        };
        text += &format!(
            "{},{},{w},{time}\n",
            name(case.naming, s),
            name(case.naming, t)
        );
    }
    std::fs::write(path, text).unwrap();
}

/// A seeded Fisher–Yates shuffle (xorshift64*).
fn shuffled(events: &[Event], seed: u64) -> Vec<Event> {
    let mut state = seed | 1;
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut events = events.to_vec();
    for i in (1..events.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        events.swap(i, j);
    }
    events
}

fn params(case: &Case) -> AnalysisParams {
    let leaders = LeaderParams::default()
        .top_n(case.top_n)
        .leaders(case.leaders);
    AnalysisParams::default()
        .null_realisations(2)
        .dip_replicates(20)
        .shuffles(5)
        .chambers(
            ChamberParams::default()
                .leaders(leaders)
                .exclusion(case.exclusion),
        )
        .ideology(
            case.ideology
                .then(|| IdeologyParams::default().influencers(5)),
        )
}

/// Every table of a report: name, columns and rows.
type Tables = Vec<(&'static str, Vec<String>, Vec<Vec<String>>)>;

/// What one run gives: the JSON report and every table.
#[derive(Debug, PartialEq)]
struct Output {
    json: String,
    tables: Tables,
}

/// Reads `path` into weekly windows; `None` when reading refuses the input. The analysis of
/// what was read must succeed and give figures in range.
fn run(path: &Path, case: &Case) -> Option<Output> {
    let spec = WindowSpec::Fixed {
        start: None,
        length: 7 * DAY,
    };
    let (windows, read) = match read_windows(
        &[path],
        spec,
        GraphOptions::default(),
        &ReadOptions::default(),
    ) {
        Ok(read) => read,
        Err(e) => {
            // Only an input without usable edges is refused: every row here is well formed.
            assert!(matches!(e, chambers::io::IoError::NoEdges(_)), "{e}");
            return None;
        }
    };
    assert_eq!(read.rows, case.events.len() as u64);
    let report = Analysis::new(params(case))
        .run(&windows)
        .unwrap_or_else(|e| panic!("the analysis of a readable input failed: {e}"));
    check_ranges(&report);
    let names = ["A".to_string(), "B".to_string()];
    let tables = report
        .tables(&windows, &names)
        .iter()
        .map(|t| (t.name(), t.columns().to_vec(), t.collect().unwrap()))
        .collect();
    let json = serde_json::to_string(&report).unwrap();
    Some(Output { json, tables })
}

/// Asserts that `x` (when present) is finite and within `[lo, hi]`.
#[track_caller]
fn within(what: &str, x: Option<f64>, lo: f64, hi: f64) {
    if let Some(x) = x {
        assert!(
            x.is_finite() && (lo..=hi).contains(&x),
            "{what} = {x}, outside [{lo}, {hi}]"
        );
    }
}

fn check_ranges(r: &Report) {
    let p = |what: &str, x| within(what, x, -1.0, 1.0);
    let unit = |what: &str, x| within(what, x, 0.0, 1.0);
    let modularity = |what: &str, x| within(what, x, -0.5, 1.0);
    for w in &r.windows {
        p("P", w.polarization);
        p("adaptive P", w.polarization_adaptive);
        p("shuffled P", w.polarization_shuffled);
        p("null P", w.polarization_null);
        modularity("modularity", w.modularity);
        modularity("null modularity", w.modularity_null);
        unit("coverage", w.coverage);
        // (|AEC_A| + |AEC_B|)/|V_t|: an account on both sides counts twice.
        within("coverage_paper", w.coverage_paper, 0.0, 2.0);
        if let Some(i) = &w.ideology {
            for (what, x) in [
                ("ideology coverage", i.coverage),
                ("accuracy", i.accuracy),
                ("precision", i.precision),
                ("recall", i.recall),
                ("f1", i.f1),
            ] {
                unit(what, x);
            }
        }
    }
    let s = &r.summary;
    p("mean P", s.polarization);
    p("mean adaptive P", s.polarization_adaptive);
    p("mean shuffled P", s.polarization_shuffled);
    p("mean null P", s.polarization_null);
    modularity("mean modularity", s.modularity);
    modularity("mean null modularity", s.modularity_null);
    unit("mean coverage", s.coverage);
    within("mean coverage_paper", s.coverage_paper, 0.0, 2.0);
    unit("controversy", Some(s.controversy));
    // At most 1/4 for n ≥ 2 distinct values, up to 1/2 for a tiny or tied pool.
    within("dip", s.dip, 0.0, 0.5);
    unit("dip p-value", s.dip_p_value);
    within(
        "bimodality coefficient",
        s.bimodality_coefficient,
        f64::MIN,
        f64::MAX,
    );
    for &q in &r.aggregate.mean {
        unit("mean overlap", Some(q));
    }
    for l in &r.leaders {
        within("eigenvector", l.eigenvector, f64::MIN, f64::MAX);
    }
    if let Some(g) = &r.grouping {
        for &x in &g.eigenvector {
            within("grouping eigenvector", Some(x), f64::MIN, f64::MAX);
        }
    }
    let st = &r.stability;
    for lag in st.ec.iter().chain(&st.aec).flatten().chain(&st.chambers) {
        for x in [lag.median, lag.q1, lag.q3] {
            unit("stability Jaccard", x);
        }
    }
}

/// Runs the pipeline on `case` in a pool of `threads` threads.
fn run_in(threads: usize, path: &Path, case: &Case) -> Option<Output> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| run(path, case))
}

fn check(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    write_csv(&path, case, &case.events);
    let one = run_in(1, &path, case);
    // Only a table without a single edge between two accounts is refused.
    let has_edge = case.events.iter().any(|&(s, t, _, _)| s != t);
    assert_eq!(one.is_some(), has_edge);
    same(&one, &run_in(3, &path, case), "3 threads");
    let other = dir.path().join("shuffled.csv");
    write_csv(&other, case, &shuffled(&case.events, case.shuffle_seed));
    same(&one, &run_in(3, &other, case), "shuffled rows");
}

/// Asserts that two runs give the same output, showing where they first differ.
fn same(want: &Option<Output>, got: &Option<Output>, what: &str) {
    let (Some(want), Some(got)) = (want, got) else {
        assert_eq!(
            want.is_some(),
            got.is_some(),
            "{what}: one run read the input, one not"
        );
        return;
    };
    if want.json != got.json {
        let at = want
            .json
            .bytes()
            .zip(got.json.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(want.json.len().min(got.json.len()));
        let around = |s: &str| s[at.saturating_sub(120)..(at + 80).min(s.len())].to_owned();
        panic!(
            "{what}: the JSON report differs at byte {at}:\n  {}\n  {}",
            around(&want.json),
            around(&got.json)
        );
    }
    for (a, b) in want.tables.iter().zip(&got.tables) {
        assert_eq!(a, b, "{what}: table {} differs", a.0);
    }
    assert_eq!(want.tables.len(), got.tables.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn random_event_tables_run_through_the_whole_pipeline(case in case()) {
        check(&case);
    }
}
