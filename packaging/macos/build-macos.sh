#!/usr/bin/env bash
# Build "Wesog Desktop.app" and a .dmg on macOS (hdiutil and iconutil ship with macOS).
#   packaging/macos/build-macos.sh   -> packaging/out/WesogDesktop-<version>.dmg
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/packaging/out"
cd "$ROOT"
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[package]'
VERSION="$(.venv/bin/python -c 'from importlib.metadata import version; print(version("wesog-desktop"))')"
rm -rf "$OUT" && mkdir -p "$OUT"

ICONSET="$OUT/wesog-desktop.iconset"
.venv/bin/python packaging/linux/render_icons.py resources/icons/wesog-desktop.svg "$OUT/icons"
mkdir -p "$ICONSET"
for size in 128 256; do cp "$OUT/icons/$size.png" "$ICONSET/icon_${size}x${size}.png"; done
cp "$OUT/icons/256.png" "$ICONSET/icon_128x128@2x.png"
iconutil -c icns "$ICONSET" -o resources/icons/wesog-desktop.icns

.venv/bin/python -m PyInstaller --noconfirm --clean --distpath "$OUT/dist" --workpath "$OUT/build" \
    packaging/wesog-desktop.spec
QT_QPA_PLATFORM=offscreen "$OUT/dist/Wesog Desktop.app/Contents/MacOS/wesog-desktop" --selftest
echo "bundle: $(du -sk "$OUT/dist/Wesog Desktop.app" | cut -f1) KB"

STAGE="$OUT/dmg"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$OUT/dist/Wesog Desktop.app" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Wesog Desktop $VERSION" -srcfolder "$STAGE" -ov -format UDZO \
    "$OUT/WesogDesktop-$VERSION.dmg"
echo "built $OUT/WesogDesktop-$VERSION.dmg"
