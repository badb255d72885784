#!/usr/bin/env bash
# Renders every figure of `chambers analyze` for review, and a PNG of each SVG to look at:
#   * the README's sample (data/sample_weekly.csv) as SVG, as PNG, and report.html;
#   * a generated run with 300 leaders (the overlap matrix's large case), as SVG and as PNG.
# Usage: scripts/render_figures.sh [DEST]   (default target/figures; needs rsvg-convert from
# Debian's librsvg2-bin for the SVG → PNG views, skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-target/figures}"
cargo build --release --locked --quiet
bin=target/release/chambers
mkdir -p "$dest"

"$bin" analyze data/sample_weekly.csv --window 7d --window-start 2019-03-01 --html \
    --out "$dest/sample"
"$bin" analyze data/sample_weekly.csv --window 7d --window-start 2019-03-01 \
    --plot-format png --out "$dest/sample-png"

generated="$dest/generated-300.csv"
[ -f "$generated" ] || "$bin" generate --users 30000 --edges 400000 --windows 8 --seed 7 \
    --out "$generated"
for format in svg png; do
    "$bin" analyze "$generated" --window 7d --top-n 400 --leaders 300 --null 1 --controversy-null 0 \
        --dip-replicates 100 --plot-format "$format" --out "$dest/leaders-300-$format"
done

# The views go to a folder of their own: result folders hold only what chambers wrote.
if command -v rsvg-convert >/dev/null; then
    mkdir -p "$dest/views"
    for run in sample leaders-300-svg; do
        for svg in "$dest/$run"/*.svg; do
            rsvg-convert --background-color=white "$svg" -o "$dest/views/$run-$(basename "${svg%.svg}").png"
        done
    done
else
    echo "rsvg-convert not found (apt-get install librsvg2-bin): SVG views skipped" >&2
fi
ls -l "$dest"/sample "$dest"/sample-png "$dest"/leaders-300-svg "$dest"/leaders-300-png | grep -E "\.(svg|png|html)$"
