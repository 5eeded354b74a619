#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller, check it, and wrap it in a .deb, from a clean checkout:
#   packaging/build-linux.sh            -> packaging/out/wesog-desktop_<version>_<arch>.deb
# Uses ./.venv (created, with the package extra, when missing). Needs dpkg-deb and binutils
# (Debian: dpkg-dev) and, so that they are bundled, the xcb libraries .ci/run installs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/packaging/out"
PY="$ROOT/.venv/bin/python"
cd "$ROOT"

if [ ! -x "$PY" ]; then
    echo "== creating .venv"
    python3 -m venv .venv
    .venv/bin/pip install -q --upgrade pip
fi
if ! "$PY" -c 'import PyInstaller, importlib.metadata as m; m.version("wesog-desktop")' 2>/dev/null; then
    "$PY" -m pip install -q -e '.[package]'
fi

VERSION="$("$PY" -c 'from importlib.metadata import version; print(version("wesog-desktop"))')"
ARCH="$(dpkg --print-architecture)"
BUNDLE="$OUT/dist/wesog-desktop"
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== PyInstaller bundle (version $VERSION)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/build" packaging/wesog-desktop.spec

echo "== checking the bundle"
# Every library a bundled file needs must be in the bundle or on this system; only Wayland's
# may be missing (the package recommends them; X11 works without).
missing="$(find "$BUNDLE/_internal" -name '*.so*' -type f -print0 \
    | LD_LIBRARY_PATH="$BUNDLE/_internal" xargs -0 ldd 2>/dev/null \
    | awk '/not found/ {print $1}' | sort -u || true)"
fatal="$(grep -v '^libwayland-' <<<"$missing" || true)"
if [ -n "$fatal" ]; then
    echo "bundled files need libraries that are neither bundled nor installed:" $fatal >&2
    exit 1
fi
env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen "$BUNDLE/wesog-desktop" --selftest
echo "bundle: $(du -sk "$BUNDLE" | cut -f1) KB"

echo "== icons"
"$PY" packaging/linux/render_icons.py resources/icons/wesog-desktop.svg "$OUT/icons"

echo "== .deb"
PKG="$OUT/pkgroot"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
         "$PKG/usr/share/doc/wesog-desktop"
cp -a "$BUNDLE" "$PKG/opt/wesog-desktop"
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
echo "built $DEB ($(du -k "$DEB" | cut -f1) KB)"
