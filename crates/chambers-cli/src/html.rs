//! report.html: one self-contained page to share a result — the headline figures, every flag
//! the report raises, the parameters, and the figures inlined — with no file or network
//! access needed to view it.

use std::fmt::Write as _;

use serde_json::Value;

use crate::plots::{Rendered, data_uri};

/// The page of a report document (report.json as a JSON value) and its figures.
pub fn page(document: &Value, figures: &[Rendered]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>chambers report</title>\n<style>\n",
    );
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n<h1>chambers report</h1>\n");
    if let Some(files) = document.pointer("/input/files").and_then(Value::as_array) {
        let files: Vec<String> = files.iter().map(|f| escape(&scalar(f))).collect();
        let _ = writeln!(html, "<p class=\"input\">Input: {}</p>", files.join(", "));
    }
    html.push_str("<h2>Headline figures</h2>\n<table class=\"summary\">\n");
    if let Some(Value::Object(summary)) = document.get("summary") {
        for (key, value) in summary {
            let _ = writeln!(
                html,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(key),
                escape(&scalar(value))
            );
        }
    }
    html.push_str("</table>\n<h2>Flags</h2>\n");
    let flags = flags(document);
    if flags.is_empty() {
        html.push_str("<p>No flags: nothing in this result needs a caveat.</p>\n");
    } else {
        html.push_str("<ul class=\"flags\">\n");
        for (flag, places) in &flags {
            let _ = writeln!(
                html,
                "<li><code>{}</code> — {}</li>",
                escape(flag),
                escape(&places.join(", "))
            );
        }
        html.push_str("</ul>\n");
    }
    if !figures.is_empty() {
        html.push_str("<h2>Figures</h2>\n");
    }
    for figure in figures {
        let _ = writeln!(
            html,
            "<figure><img src=\"{}\" alt=\"{}\"><figcaption><b>{}</b>: {}</figcaption></figure>",
            data_uri(figure.format.mime(), &figure.bytes),
            escape(&figure.file),
            escape(&figure.file),
            escape(figure.caption)
        );
    }
    if let Some(parameters) = document.get("parameters") {
        let pretty = serde_json::to_string_pretty(parameters).unwrap_or_default();
        let _ = writeln!(
            html,
            "<h2>Parameters</h2>\n<details><summary>as run</summary><pre>{}</pre></details>",
            escape(&pretty)
        );
    }
    html.push_str(CHECK_FIGURES);
    html.push_str("</body>\n</html>\n");
    html
}

/// Every flag in the document (values of arrays named `flags` or `warnings`, anywhere), each
/// with the places that raise it: `windows[3]` is the fourth window.
fn flags(document: &Value) -> Vec<(String, Vec<String>)> {
    fn walk(value: &Value, path: &str, found: &mut Vec<(String, Vec<String>)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if let ("flags" | "warnings", Value::Array(items)) = (key.as_str(), child) {
                        let place = if path.is_empty() { "report" } else { path };
                        for item in items {
                            let flag = scalar(item);
                            match found.iter_mut().find(|(f, _)| *f == flag) {
                                Some((_, places)) => places.push(place.to_owned()),
                                None => found.push((flag, vec![place.to_owned()])),
                            }
                        }
                    } else {
                        let sep = if path.is_empty() { "" } else { "." };
                        walk(child, &format!("{path}{sep}{key}"), found);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(document, "", &mut found);
    found
}

/// A JSON value as a reader wants it: strings bare, numbers to 4 significant decimals, arrays
/// joined, null as "undefined", objects as JSON.
fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "undefined".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => format!("{f:.4}"),
            _ => n.to_string(),
        },
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// `text` safe inside HTML text and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body { font-family: sans-serif; max-width: 900px; margin: 2em auto; \
    padding: 0 1em; color: #222; }\n\
    table.summary { border-collapse: collapse; }\n\
    table.summary th, table.summary td { text-align: left; padding: 2px 12px 2px 0; \
    border-bottom: 1px solid #eee; font-weight: normal; }\n\
    table.summary th { color: #555; }\n\
    figure { margin: 2em 0; }\n\
    figure img { max-width: 100%; border: 1px solid #ddd; }\n\
    figcaption { font-size: 0.9em; color: #444; }\n\
    pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }\n";

/// Marks the page once every figure has decoded (`data-figures="ok"` on the body), or reports
/// each one that did not as a console error: what the headless-browser test looks for.
const CHECK_FIGURES: &str = "<script>\nwindow.addEventListener('load', () => {\n  \
    const broken = Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0);\n  \
    for (const i of broken) console.error('figure did not load: ' + i.alt);\n  \
    document.body.dataset.figures = broken.length === 0 ? 'ok' : 'broken';\n});\n</script>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_gathered_with_their_places() {
        let doc = serde_json::json!({
            "summary": {"windows": 2, "flags": ["coverage-above-one"]},
            "windows": [{"flags": ["small-group-b"]}, {"flags": ["small-group-b", "empty-window"]}],
        });
        assert_eq!(
            flags(&doc),
            [
                ("coverage-above-one".to_owned(), vec!["summary".to_owned()]),
                (
                    "small-group-b".to_owned(),
                    vec!["windows[0]".to_owned(), "windows[1]".to_owned()]
                ),
                ("empty-window".to_owned(), vec!["windows[1]".to_owned()]),
            ]
        );
    }

    #[test]
    fn the_page_escapes_text_and_shows_the_summary() {
        let doc = serde_json::json!({"summary": {"polarization": 0.62812, "note": "<b>"}});
        let page = page(&doc, &[]);
        assert!(page.contains("<tr><th>polarization</th><td>0.6281</td></tr>"));
        assert!(page.contains("&lt;b&gt;") && !page.contains("<b>\""));
        assert!(page.contains("No flags"));
    }
}
