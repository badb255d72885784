//! The streaming summary equals what the window graphs say, on random inputs.

use chambers_graph::{GraphOptions, UserId, WindowSpec, high_impact};
use chambers_io::{ReadOptions, read_windows, summarise_edges};
use proptest::prelude::*;

proptest! {
    #[test]
    fn summary_equals_the_graphs(
        rows in proptest::collection::vec((0u8..15, 0u8..15, 1u32..4, 0i64..60), 1..80),
        per_file in any::<bool>(),
        keep_loops in any::<bool>(),
        start in prop_oneof![Just(None), Just(Some(0i64))],
        top in 1usize..6,
    ) {
        let dir = tempfile::tempdir().unwrap();
        // Two files, so that per-file windows and file boundaries are exercised.
        let (a, b) = rows.split_at(rows.len() / 2);
        let mut paths = Vec::new();
        for (i, part) in [a, b].iter().enumerate() {
            let mut text = String::from("source,target,weight,time\n");
            for &(s, t, w, time) in *part {
                let name = |x: u8| if x.is_multiple_of(4) { format!("@u{x}") } else { format!("{}", 10 * x) };
                text += &format!("{},{},{w},{}\n", name(s), name(t), 1000 + time * 7200);
            }
            let path = dir.path().join(format!("part{i}.csv"));
            std::fs::write(&path, text).unwrap();
            paths.push(path);
        }
        let spec = if per_file {
            WindowSpec::PerFile
        } else {
            WindowSpec::Fixed { start, length: 86_400 }
        };
        let graph = GraphOptions::default().with_self_loops(keep_loops);
        let options = ReadOptions::default();
        let built = read_windows(&paths, spec, graph, &options);
        let summed = summarise_edges(&paths, spec, graph, &options, top);
        let (windows, _) = match built {
            Ok(w) => w,
            Err(e) => {
                // The same error, in the same words.
                prop_assert_eq!(summed.unwrap_err().to_string(), e.to_string());
                return Ok(());
            }
        };
        let (summary, _) = summed.unwrap();
        prop_assert_eq!(summary.users, windows.interner.len());
        prop_assert_eq!(summary.rows, windows.rows());
        prop_assert_eq!(summary.windows.len(), windows.windows.len());
        let tops = high_impact(&windows, top);
        for ((s, w), top) in summary.windows.iter().zip(&windows.windows).zip(&tops) {
            prop_assert_eq!(s.start, w.start);
            prop_assert_eq!(s.users, w.graph.n_users());
            prop_assert_eq!(s.retweets, w.graph.retweets());
            prop_assert_eq!(s.edges, w.graph.n_edges());
            prop_assert_eq!(s.self_loops_dropped, w.graph.self_loops_dropped());
            let want: Vec<(String, u64, usize)> = top
                .iter()
                .map(|r| {
                    let v = w.graph.local(r.user).unwrap();
                    let name = windows.interner.external(UserId(r.user.0)).to_string();
                    (name, r.impact, w.graph.retweeters(v).len())
                })
                .collect();
            let got: Vec<(String, u64, usize)> =
                s.top.iter().map(|t| (t.account.clone(), t.impact, t.retweeters)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
