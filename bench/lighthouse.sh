#!/bin/sh
# Lighthouse (mobile profile, Debian's chromium, offline) on the main page
# types in both languages against a running site, default
# http://127.0.0.1:8000 (`make run`). Prints one line per page with the four
# category scores and the transferred bytes of the page before images.
#
#   npm i -E --prefix /tmp/lh lighthouse@12.2.3   # once; 13.x needs Node 22
#   bench/lighthouse.sh [BASE_URL]
set -eu
BASE=${1:-http://127.0.0.1:8000}
LH=${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}
OUT=${LIGHTHOUSE_OUT:-/tmp/lighthouse}
mkdir -p "$OUT"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
for path in \
    /de/ /ru/ \
    /de/veranstaltungen/ /ru/meropriyatiya/ \
    /de/oberhausen/ /ru/oberkhauzen/ \
    /de/veranstaltungen/deutsch-cafe/ /ru/meropriyatiya/nemetskoe-kafe/ \
    /de/oberhausen/kontakt/ /ru/oberkhauzen/kontakt/
do
    name=$(echo "$path" | tr '/' '_')
    "$LH" "$BASE$path" --quiet --output=json --output-path="$OUT/$name.json" \
        --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>&1 || { echo "$path: lighthouse failed"; continue; }
    node -e '
        const r = require(process.argv[1]);
        const s = Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
        const items = r.audits["network-requests"].details.items;
        const bytes = items.filter(i => i.resourceType !== "Image").reduce((n, i) => n + i.transferSize, 0);
        const fails = Object.values(r.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map(a => a.id);
        console.log(`${process.argv[2].padEnd(40)} perf ${s.performance} a11y ${s.accessibility} bp ${s["best-practices"]} seo ${s.seo}  ${(bytes / 1024).toFixed(1)} KB before images${fails.length ? "  failing: " + fails.join(",") : ""}`);
    ' "$OUT/$name.json" "$path"
done
