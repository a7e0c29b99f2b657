#!/usr/bin/env bash
# The explorer page at scale (docs/explore.md, "Size and speed"): `embkit
# explore --top 68000` of the wiki17m skip-gram vectors, as float32, with
# --half, and opening on the 3-D view (--view 3d); for each, the page's size,
# then Chromium headless opening PAGE#query=france: wall time from start to
# exit, the page's own timings
# (data-ready-ms: since navigation start, query included; data-load-ms: the
# script; data-query-ms: the query and redraw), the renderer's peak RSS (sampled
# every 50 ms) and whether #neighbours equals `embkit knn --query france --k 10`.
#   EMBKIT=build/embkit VECTORS=/tmp/knnbench/wiki17m-sg.bin bash bench/explore.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
VECTORS="${VECTORS:-/tmp/knnbench/wiki17m-sg.bin}"
[ -f "$VECTORS" ] || { echo "skipped: $VECTORS not found (embkit word2vec on wiki17m.txt makes it)"; exit 0; }
command -v chromium >/dev/null || { echo "skipped: chromium is not on PATH"; exit 0; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
"$EMBKIT" knn -q --vectors "$VECTORS" --query france --k 10 | cut -f2 | tr '\n' ' ' > "$TMP/knn"
for variant in float32 half 3d; do
  page="$TMP/$variant.html"
  flags=(); [ $variant = half ] && flags=(--half); [ $variant = 3d ] && flags=(--view 3d)
  "$EMBKIT" explore -q --vectors "$VECTORS" --top 68000 "${flags[@]}" --output "$page"
  start=$(date +%s.%N)
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$TMP/profile-$variant" \
    --dump-dom "file://$page#query=france" > "$TMP/dom" 2>/dev/null &
  pid=$!
  peak=0
  while kill -0 $pid 2>/dev/null; do
    for p in $(pgrep -f -- "--type=renderer.*profile-$variant" || true); do
      rss=$(awk '/VmRSS/ { print $2 }' /proc/$p/status 2>/dev/null || true)
      [ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
    done
    sleep 0.05
  done
  wait $pid
  wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  attr() { grep -o "data-$1=\"[0-9.]*\"" "$TMP/dom" | grep -o '[0-9.]*' || echo '?'; }
  words=$(grep -o '<span class="word">[^<]*' "$TMP/dom" | head -10 | sed 's/.*>//' | tr '\n' ' ')
  same=no; [ "$words" = "$(cat "$TMP/knn")" ] && same=yes
  printf '%-8s %10d bytes  chromium %5ss  ready %5s ms (script %s ms, query %s ms)  renderer peak %4d MB  neighbours = knn: %s\n' \
    $variant "$(stat -c %s "$page")" "$wall" "$(attr ready-ms)" "$(attr load-ms)" "$(attr query-ms)" $((peak / 1024)) $same
done
