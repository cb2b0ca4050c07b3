#!/bin/sh
# subset-font.sh IN OUT: writes the glyphs the app asks ImGui for (Latin, Greek, Cyrillic,
# punctuation, currency, arrows, shapes, symbols, dingbats, U+FFFD) of the TTF font IN to OUT,
# with Debian's python3-fonttools; copies IN whole when fonttools is not installed.
set -eu
in=$1
out=$2
if /usr/bin/python3 -c 'import fontTools.subset' 2>/dev/null; then
  /usr/bin/python3 -m fontTools.subset "$in" --output-file="$out.tmp" --no-hinting \
    --layout-features='' \
    --unicodes='U+0020-024F,U+0370-03FF,U+0400-052F,U+2000-206F,U+20A0-20CF,U+2190-21FF,U+25A0-25FF,U+2600-27BF,U+FFFD' \
    2>/dev/null
  mv "$out.tmp" "$out"
else
  cp "$in" "$out"
fi
