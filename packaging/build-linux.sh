#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and wrap it in a .deb, from a clean checkout:
#   packaging/build-linux.sh            -> packaging/out/wesog-desktop_<version>_<arch>.deb
# Uses ./.venv when present (created with the package extra when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/packaging/out"
PY="$ROOT/.venv/bin/python"
cd "$ROOT"

if [ ! -x "$PY" ]; then
    python3 -m venv .venv
    .venv/bin/pip install -q --upgrade pip
fi
"$PY" -m pip install -q -e '.[package]'

VERSION="$("$PY" -c 'from importlib.metadata import version; print(version("wesog-desktop"))')"
ARCH="$(dpkg --print-architecture)"
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== PyInstaller bundle (version $VERSION)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/build" packaging/wesog-desktop.spec

echo "== icons"
"$PY" packaging/linux/render_icons.py resources/icons/wesog-desktop.svg "$OUT/icons"

echo "== .deb"
PKG="$OUT/pkgroot"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
         "$PKG/usr/share/doc/wesog-desktop"
cp -a "$OUT/dist/wesog-desktop" "$PKG/opt/wesog-desktop"
ln -s /opt/wesog-desktop/wesog-desktop "$PKG/usr/bin/wesog-desktop"
install -m 644 packaging/linux/wesog-desktop.desktop "$PKG/usr/share/applications/"
for size in 48 128 256; do
    install -D -m 644 "$OUT/icons/${size}.png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/wesog-desktop.png"
done
install -D -m 644 resources/icons/wesog-desktop.svg "$PKG/usr/share/icons/hicolor/scalable/apps/wesog-desktop.svg"
install -m 644 tests/data/LICENCE-CC0.txt "$PKG/usr/share/doc/wesog-desktop/copyright-tate-sample"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" \
    -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)/" \
    packaging/linux/control.in > "$PKG/DEBIAN/control"
install -m 755 packaging/linux/postinst packaging/linux/postrm "$PKG/DEBIAN/"
DEB="$OUT/wesog-desktop_${VERSION}_${ARCH}.deb"
dpkg-deb -Zzstd --build --root-owner-group "$PKG" "$DEB" >/dev/null
echo "built $DEB ($(du -h "$DEB" | cut -f1))"
