#!/usr/bin/env bash
# Download Matt Mahoney's text8 corpus (the first 10^8 bytes of a cleaned
# English Wikipedia dump) into DIR (default: current directory).
# Not used by the tests: it needs internet access.
set -euo pipefail
dir=${1:-.}
mkdir -p "$dir"
cd "$dir"
if [ -f text8 ]; then echo "text8 already present in $dir"; exit 0; fi
url=http://mattmahoney.net/dc/text8.zip
if command -v curl >/dev/null; then curl -fL -o text8.zip "$url"; else wget -O text8.zip "$url"; fi
command -v unzip >/dev/null || { echo "unzip is needed (apt-get install unzip)" >&2; exit 1; }
unzip -o text8.zip && rm text8.zip
echo "text8 ready: $(wc -c < text8) bytes in $dir/text8"
