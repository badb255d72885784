//! Windows from [`petgraph`] directed graphs, for programs that already hold their retweet
//! network as one (feature `petgraph`).

use std::fmt::Display;

use hashbrown::HashSet;
use petgraph::Directed;
use petgraph::graph::{Graph, IndexType};
use petgraph::visit::EdgeRef;

use crate::{GraphError, GraphOptions, WindowSpec, Windows, WindowsBuilder};

/// Builds one window per graph, in order, from directed petgraph graphs: node weights are the
/// account ids (their `Display` text, as a file would hold them), an edge `a → b` of weight `w`
/// says that `a` retweeted `b` `w` times (METHOD.md §1: source = the account that retweeted).
///
/// Parallel edges add up, edges of weight 0 carry no retweet and are left out, and self-loops
/// follow `options`. Nodes without edges are not users of the window. The result does not
/// depend on the order of nodes or edges: users are numbered by their ids, as for files. The
/// windows are those of [`WindowSpec::PerFile`], named `graph 0`, `graph 1`, ….
///
/// # Errors
/// [`GraphError::DuplicateNode`] when two nodes of one graph have the same id (which account
/// is meant would be a guess); [`GraphError::EdgeWeight`] for a weight above `u32::MAX`;
/// [`GraphError::WeightOverflow`] when parallel edges sum above it.
///
/// ```
/// use chambers_graph::{windows_from_petgraph, GraphOptions};
/// use petgraph::Graph;
/// let mut week: Graph<&str, u32> = Graph::new();
/// let (ann, bob, cat) = (week.add_node("ann"), week.add_node("bob"), week.add_node("cat"));
/// week.add_edge(ann, bob, 2);
/// week.add_edge(cat, bob, 1);
/// week.add_edge(ann, bob, 1); // parallel edges add up
/// let w = windows_from_petgraph(&[week], GraphOptions::default()).unwrap();
/// let g = &w.windows[0].graph;
/// assert_eq!((g.n_users(), g.n_edges(), g.retweets()), (3, 2, 4));
/// assert_eq!(g.impact(g.local(w.interner.get("bob").unwrap()).unwrap()), 4);
/// ```
pub fn windows_from_petgraph<N, E, Ix>(
    graphs: &[Graph<N, E, Directed, Ix>],
    options: GraphOptions,
) -> Result<Windows, GraphError>
where
    N: Display,
    E: Copy + Into<u64>,
    Ix: IndexType,
{
    let mut builder = WindowsBuilder::new(WindowSpec::PerFile, options);
    for (index, graph) in graphs.iter().enumerate() {
        builder.start_file(&format!("graph {index}"));
        let ids: Vec<String> = graph.node_weights().map(ToString::to_string).collect();
        let mut seen = HashSet::with_capacity(ids.len());
        if let Some(id) = ids.iter().find(|id| !seen.insert(id.as_str())) {
            return Err(GraphError::DuplicateNode {
                graph: index,
                id: id.clone(),
            });
        }
        for edge in graph.edge_references() {
            let weight: u64 = (*edge.weight()).into();
            let weight = u32::try_from(weight).map_err(|_| GraphError::EdgeWeight {
                graph: index,
                weight,
            })?;
            if weight > 0 {
                let (source, target) = (&ids[edge.source().index()], &ids[edge.target().index()]);
                builder.push_external(source, target, weight, None)?;
            }
        }
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same retweets pushed one by one, window by window, leaving out weight 0 as the file
    /// readers do.
    fn pushed(weeks: &[&[(&str, &str, u32)]]) -> Windows {
        let mut b = WindowsBuilder::new(WindowSpec::PerFile, GraphOptions::default());
        for (k, week) in weeks.iter().enumerate() {
            b.start_file(&format!("graph {k}"));
            for &(s, t, w) in week.iter().filter(|e| e.2 > 0) {
                b.push_external(s, t, w, None).unwrap();
            }
        }
        b.finish().unwrap()
    }

    fn edges(w: &Windows) -> Vec<Vec<(String, String, u32)>> {
        let name = |g: &crate::RetweetGraph, v: u32| w.interner.external(g.user(v)).to_string();
        w.windows
            .iter()
            .map(|win| {
                let g = &win.graph;
                g.edges()
                    .map(|(s, t, x)| (name(g, s), name(g, t), x))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn graphs_equal_the_same_retweets_pushed_in_any_node_order() {
        let weeks: [&[(&str, &str, u32)]; 2] = [
            &[
                ("u1", "A", 2),
                ("u2", "A", 1),
                ("u2", "B", 3),
                ("u1", "A", 1),
                ("u3", "u3", 1),
            ],
            &[("u3", "B", 1), ("u4", "A", 0)],
        ];
        let want = edges(&pushed(&weeks));
        for reversed in [false, true] {
            let graphs: Vec<Graph<String, u16>> = weeks
                .iter()
                .map(|week| {
                    let mut names: Vec<&str> = week.iter().flat_map(|&(s, t, _)| [s, t]).collect();
                    names.sort();
                    names.dedup();
                    if reversed {
                        names.reverse();
                    }
                    let mut g = Graph::new();
                    let nodes: Vec<_> = names.iter().map(|n| g.add_node(n.to_string())).collect();
                    let at = |n: &str| nodes[names.iter().position(|&m| m == n).unwrap()];
                    for &(s, t, w) in week.iter() {
                        g.add_edge(at(s), at(t), w as u16);
                    }
                    g
                })
                .collect();
            let got = windows_from_petgraph(&graphs, GraphOptions::default()).unwrap();
            assert_eq!(edges(&got), want, "reversed node order: {reversed}");
            assert_eq!(got.windows[1].source_file.as_deref(), Some("graph 1"));
        }
    }

    #[test]
    fn duplicate_ids_and_oversized_weights_are_errors() {
        let mut g: Graph<u64, u64> = Graph::new();
        let (a, b) = (g.add_node(7), g.add_node(8));
        g.add_edge(a, b, u64::from(u32::MAX) + 1);
        let err = windows_from_petgraph(&[g.clone()], GraphOptions::default()).unwrap_err();
        assert!(
            matches!(err, GraphError::EdgeWeight { graph: 0, .. }),
            "{err}"
        );
        g.add_node(7);
        let err = windows_from_petgraph(&[g], GraphOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "graph 0 has two nodes with the id \"7\"");
    }
}
