//! Result tables keyed by external ids: what every writer (CSV files, Arrow, Python frames)
//! takes from the analysis stages, so that no consumer reaches back into a window's graph to
//! name an account.

use std::io;

/// Emits one row of text cells; returns an error to stop the table early.
pub type RowSink<'s> = dyn FnMut(&[String]) -> io::Result<()> + 's;

/// Produces the rows of one part of a table.
type Rows<'a> = Box<dyn Fn(usize, &mut RowSink<'_>) -> io::Result<()> + Send + Sync + 'a>;

/// A named table of results: columns, then rows produced on demand, in a fixed order. Cells are
/// text as the outputs write them (numbers in Rust's shortest round-trip form, accounts by their
/// external ids, missing values empty). Rows are produced row by row, so a table of every
/// classified user of every window is never held in memory as text.
///
/// A large table comes in parts (one per window, say: [`Table::in_parts`]) whose rows can be
/// produced independently; the rows of the table are those of part 0, then part 1, and so on,
/// so a writer may render the parts on several threads and write them out in order.
///
/// ```
/// use chambers_graph::Table;
/// let squares = Table::new("squares", &["n", "square"], |sink| {
///     for n in 1..=3u32 {
///         sink(&[n.to_string(), (n * n).to_string()])?;
///     }
///     Ok(())
/// });
/// assert_eq!(squares.columns(), ["n", "square"]);
/// assert_eq!(squares.collect().unwrap()[2], ["3", "9"]);
/// ```
pub struct Table<'a> {
    name: &'static str,
    columns: Vec<String>,
    text: Vec<bool>,
    floats: Vec<bool>,
    parts: usize,
    rows: Rows<'a>,
}

impl<'a> Table<'a> {
    /// A table named `name` (the file stem its writers use) with `columns` and a row producer.
    pub fn new(
        name: &'static str,
        columns: &[&str],
        rows: impl Fn(&mut RowSink<'_>) -> io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Self::with_columns(name, columns.iter().map(|&c| c.to_owned()).collect(), rows)
    }

    /// Like [`Table::new`], with column names built at run time.
    pub fn with_columns(
        name: &'static str,
        columns: Vec<String>,
        rows: impl Fn(&mut RowSink<'_>) -> io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Self {
            name,
            text: vec![false; columns.len()],
            floats: vec![false; columns.len()],
            columns,
            parts: 1,
            rows: Box::new(move |_, sink| rows(sink)),
        }
    }

    /// A table whose rows come in `parts` independent parts, in order: `rows(p, sink)` feeds
    /// the rows of part `p`.
    ///
    /// ```
    /// use chambers_graph::Table;
    /// let t = Table::in_parts("squares", &["n", "square"], 3, |part, sink| {
    ///     let n = part as u32 + 1;
    ///     sink(&[n.to_string(), (n * n).to_string()])
    /// });
    /// assert_eq!(t.parts(), 3);
    /// assert_eq!(t.collect().unwrap()[2], ["3", "9"]);
    /// let mut second = Vec::new();
    /// t.for_each_row_of(1, &mut |row| Ok(second.push(row.to_vec()))).unwrap();
    /// assert_eq!(second, [["2", "4"]]);
    /// ```
    pub fn in_parts(
        name: &'static str,
        columns: &[&str],
        parts: usize,
        rows: impl Fn(usize, &mut RowSink<'_>) -> io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Self::with_columns_in_parts(
            name,
            columns.iter().map(|&c| c.to_owned()).collect(),
            parts,
            rows,
        )
    }

    /// Like [`Table::in_parts`], with column names built at run time.
    pub fn with_columns_in_parts(
        name: &'static str,
        columns: Vec<String>,
        parts: usize,
        rows: impl Fn(usize, &mut RowSink<'_>) -> io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        Self {
            name,
            text: vec![false; columns.len()],
            floats: vec![false; columns.len()],
            columns,
            parts,
            rows: Box::new(rows),
        }
    }

    /// Marks `columns` as text whatever their cells look like: account ids and group names,
    /// so that typed outputs (Parquet, Arrow, Python frames) keep `007` as `007` rather than
    /// reading it as the number 7. Names that are not columns of the table are ignored.
    ///
    /// ```
    /// use chambers_graph::Table;
    /// let t = Table::new("users", &["window", "user"], |_| Ok(())).text(&["user"]);
    /// assert_eq!((t.is_text(0), t.is_text(1)), (false, true));
    /// ```
    #[must_use]
    pub fn text(mut self, columns: &[&str]) -> Self {
        for (c, text) in self.columns.iter().zip(&mut self.text) {
            *text |= columns.contains(&c.as_str());
        }
        self
    }

    /// Marks `columns` as numbers (floats) whatever their cells look like: figures that may be
    /// missing in every row of a run (the null's, where it did not run), so that typed outputs
    /// keep one type for each column, run after run. Names that are not columns of the table
    /// are ignored.
    ///
    /// ```
    /// use chambers_graph::Table;
    /// let t = Table::new("windows", &["window", "p_null"], |_| Ok(())).floats(&["p_null"]);
    /// assert_eq!((t.is_float(0), t.is_float(1)), (false, true));
    /// ```
    #[must_use]
    pub fn floats(mut self, columns: &[&str]) -> Self {
        for (c, float) in self.columns.iter().zip(&mut self.floats) {
            *float |= columns.contains(&c.as_str());
        }
        self
    }

    /// Whether column `index` was marked as numbers by [`Table::floats`].
    pub fn is_float(&self, index: usize) -> bool {
        self.floats.get(index).copied().unwrap_or(false)
    }

    /// Whether column `index` was marked as text by [`Table::text`].
    pub fn is_text(&self, index: usize) -> bool {
        self.text.get(index).copied().unwrap_or(false)
    }

    /// The table's name, e.g. `users` (written as `users.csv`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The column names.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of parts (1 unless built by [`Table::in_parts`]).
    pub fn parts(&self) -> usize {
        self.parts
    }

    /// Feeds every row, in order, to `sink`; stops at the sink's first error.
    ///
    /// # Errors
    /// The first error `sink` returns.
    pub fn for_each_row(&self, sink: &mut RowSink<'_>) -> io::Result<()> {
        (0..self.parts).try_for_each(|part| (self.rows)(part, sink))
    }

    /// Feeds the rows of part `part` (below [`Table::parts`]), in order, to `sink`.
    ///
    /// # Errors
    /// The first error `sink` returns.
    pub fn for_each_row_of(&self, part: usize, sink: &mut RowSink<'_>) -> io::Result<()> {
        (self.rows)(part, sink)
    }

    /// Every row, in order (for small tables, tests and bindings).
    ///
    /// # Errors
    /// Never for tables built by the analysis stages; the signature follows [`Table::for_each_row`].
    pub fn collect(&self) -> io::Result<Vec<Vec<String>>> {
        let mut rows = Vec::new();
        self.for_each_row(&mut |row| {
            rows.push(row.to_vec());
            Ok(())
        })?;
        Ok(rows)
    }
}

impl std::fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("name", &self.name)
            .field("columns", &self.columns)
            .finish_non_exhaustive()
    }
}

/// Overwrites `cell` with `value` as text, keeping its buffer: large tables reuse one row of
/// cells instead of allocating a `String` per cell.
///
/// ```
/// let mut cell = String::from("old");
/// chambers_graph::set_cell(&mut cell, 42);
/// assert_eq!(cell, "42");
/// ```
pub fn set_cell(cell: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write;
    cell.clear();
    write!(cell, "{value}").expect("formatting into a String does not fail");
}

/// A missing number as an empty cell, a present one in Rust's shortest round-trip form.
///
/// ```
/// assert_eq!(chambers_graph::cell(Some(0.25)), "0.25");
/// assert_eq!(chambers_graph::cell(None), "");
/// ```
pub fn cell(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}
