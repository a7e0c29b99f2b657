#!/usr/bin/env bash
# Download MovieLens 100K (GroupLens; research use, may not be redistributed,
# so embkit ships this script instead of the files). Never run by the tests.
#   corpora/download_movielens.sh [DEST_DIR]      (default: corpora/ml-100k)
set -euo pipefail
dest=${1:-"$(dirname "$0")/ml-100k"}
url=https://files.grouplens.org/datasets/movielens/ml-100k.zip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "downloading $url (license: https://files.grouplens.org/datasets/movielens/ml-100k-README.txt)" >&2
if command -v curl >/dev/null; then curl -fL -o "$tmp/ml-100k.zip" "$url"; else wget -O "$tmp/ml-100k.zip" "$url"; fi
(cd "$tmp" && unzip -q ml-100k.zip)
mkdir -p "$dest"
cp "$tmp"/ml-100k/* "$dest"/
echo "MovieLens 100K in $dest (u.data, u.item, u1..u5 base/test folds)" >&2
