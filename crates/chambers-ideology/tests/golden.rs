//! Golden values on the method notes' toy and on the political-blogs network, through the public
//! API.

use std::path::PathBuf;

use chambers_graph::{GraphOptions, GroupId, UserId, WindowSpec, Windows, WindowsBuilder};
use chambers_ideology::{
    IdeologyError, IdeologyParams, LatentIdeology, Method, Orientation, OrientedBy, SolverParams,
    latent_ideology,
};

fn build(edges: &[(&str, &str, u32)]) -> Windows {
    let mut b = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
    for &(s, t, w) in edges {
        let (s, t) = (b.intern(s), b.intern(t));
        b.push(s, t, w, None).unwrap();
    }
    b.finish().unwrap()
}

fn fit(w: &Windows, params: &IdeologyParams) -> Result<LatentIdeology, IdeologyError> {
    latent_ideology(&w.windows[0].graph, &w.interner, params)
}

/// METHOD.md §10, latent-ideology toy.
const TOY: [(&str, &str, u32); 10] = [
    ("u1", "I1", 3),
    ("u1", "I2", 1),
    ("u2", "I1", 1),
    ("u2", "I2", 2),
    ("u2", "I3", 1),
    ("u3", "I3", 2),
    ("u3", "I4", 2),
    ("u4", "I2", 1),
    ("u4", "I4", 3),
    ("u5", "I1", 1),
];

#[test]
fn toy_scores() {
    let w = build(&TOY);
    let id = |s: &str| w.interner.get(s).unwrap();
    let u3 = id("u3");
    let params = IdeologyParams::default().orientation(Orientation::Anchor(u3));
    let li = fit(&w, &params).unwrap();
    assert_eq!(li.oriented_by, OrientedBy::Anchor);
    let names: Vec<String> = li
        .users
        .iter()
        .map(|u| w.interner.external(u.user).to_string())
        .collect();
    assert_eq!(names, ["u1", "u2", "u3", "u4"], "u5 is dropped");
    let scores: Vec<f64> = li.users.iter().map(|u| u.score_scaled).collect();
    println!("toy scaled scores: {scores:?}");
    println!("toy singular values: {:?}", li.singular_values);
    for (got, want) in scores.iter().zip([-1.0, -0.272, 1.0, 0.852]) {
        assert!((got - want).abs() < 5e-4, "{scores:?}");
    }
    assert_eq!(li.counts.users, 4);
    assert_eq!(li.counts.influencers, 4);
    assert_eq!(li.counts.retweeters, 5);
    // u5 projected as a supplementary user sits on I1's side, with u1.
    let u5 = li.project_user(&w.windows[0].graph, id("u5")).unwrap();
    assert!(u5.score_scaled < 0.0);
}

/// A data file from the workspace's data/ folder (provenance in data/README.md).
fn data_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// polblogs as retweets: source blog linked to target blog; labels by node id (`value`).
fn polblogs() -> (Windows, Vec<(UserId, u8)>) {
    let mut b = WindowsBuilder::new(WindowSpec::Single, GraphOptions::default());
    for line in data_file("polblogs_edges.csv").lines().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let (s, t) = line.split_once(',').unwrap();
        let (s, t) = (b.intern(s), b.intern(t));
        b.push(s, t, 1, None).unwrap();
    }
    let windows = b.finish().unwrap();
    let mut labels = Vec::new();
    for line in data_file("polblogs_nodes.csv").lines().skip(1) {
        // id,label,value,source — only `source` may hold quoted commas, so the first three
        // fields split cleanly.
        let fields: Vec<&str> = line.trim_end_matches('\r').splitn(4, ',').collect();
        if let Some(user) = windows.interner.get(fields[0]) {
            labels.push((user, fields[2].parse().unwrap()));
        }
    }
    (windows, labels)
}

/// Share of labelled fitted users whose side of `cut` matches their label (group 0 negative).
fn agreement(li: &LatentIdeology, labels: &[(UserId, u8)], score: impl Fn(usize) -> f64) -> f64 {
    let (mut agree, mut total) = (0, 0);
    for (i, u) in li.users.iter().enumerate() {
        if let Some(&(_, label)) = labels.iter().find(|(v, _)| *v == u.user) {
            total += 1;
            agree += usize::from((score(i) > 0.0) == (label == 1));
        }
    }
    agree as f64 / total as f64
}

#[test]
fn polblogs_golden() {
    let (w, labels) = polblogs();
    // Liberal blogs (label 0) negative, conservative (label 1) positive.
    let groups: Vec<(UserId, GroupId)> = labels
        .iter()
        .map(|&(u, l)| (u, GroupId(u32::from(1 - l))))
        .collect();
    let params = IdeologyParams::default()
        .influencers(50)
        .dims(2)
        .orientation(Orientation::Groups(groups));
    let li = fit(&w, &params).unwrap();
    assert_eq!(li.oriented_by, OrientedBy::Groups);
    assert_eq!(li.counts.users, 790);
    assert_eq!(li.counts.influencers, 50);
    println!("polblogs singular values: {:.9?}", li.singular_values);
    println!("polblogs inertia shares: {:.6?}", li.inertia_shares);
    assert!((li.singular_values[0] - 0.848373).abs() < 1e-6);
    assert!((li.singular_values[1] - 0.526908).abs() < 1e-6);
    let scaled = agreement(&li, &labels, |i| li.users.get(i).score_scaled);
    let raw = agreement(&li, &labels, |i| li.users.get(i).standard[0]);
    println!("polblogs agreement: scaled split {scaled:.6}, raw split {raw:.6}");
    assert!((scaled - 0.965).abs() <= 0.001, "{scaled}");
    assert!((raw - 0.957).abs() <= 0.001, "{raw}");

    let lanczos = IdeologyParams {
        solver: SolverParams::default().method(Method::Lanczos),
        ..params
    };
    let li2 = fit(&w, &lanczos).unwrap();
    assert_eq!(li2.method(), Method::Lanczos);
    assert!(li2.convergence.converged);
    for (a, b) in li.singular_values.iter().zip(&li2.singular_values) {
        assert!((a - b).abs() < 1e-12);
    }
    for (a, b) in li.users.iter().zip(li2.users.iter()) {
        assert!((a.standard[0] - b.standard[0]).abs() < 1e-8);
    }
}

#[test]
fn too_few_users_is_an_error_value() {
    let w = build(&[("a", "X", 1), ("a", "Y", 1), ("b", "X", 1)]);
    let err = fit(&w, &IdeologyParams::default()).unwrap_err();
    assert_eq!(
        err,
        IdeologyError::TooFewUsers {
            users: 1,
            needed: 2
        }
    );
}
