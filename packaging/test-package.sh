#!/usr/bin/env bash
# Build the .deb, install it, self-test the installed app (offscreen and on X under Xvfb),
# report its sizes and its cold start against the source checkout, then purge it.
#   packaging/test-package.sh           (as root, or with sudo; .ci/run calls it)
# Needs what .ci/run installs: the Qt runtime and xcb libraries, xvfb, xauth, dpkg-dev, and
# `pip install -e '.[test,package]'` in .venv. Exits non-zero when the build, the install or a
# self-test fails; the cold-start figures are reported, not judged.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
START=$SECONDS
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APP=/usr/bin/wesog-desktop

step() { echo "== $* ($((SECONDS - START)) s)"; }

step "build"
packaging/build-linux.sh
DEB="$(ls packaging/out/wesog-desktop_*.deb)"

step "install $DEB"
removed=0
remove() {
    if [ "$removed" -eq 0 ] && dpkg-query -W wesog-desktop >/dev/null 2>&1; then
        $SUDO dpkg --purge wesog-desktop >/dev/null && echo "removed wesog-desktop (purged)"
    fi
    removed=1
}
trap remove EXIT
$SUDO dpkg -i "$DEB" >/dev/null

step "self-test of the installed app, offscreen"
(cd / && env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$APP" --selftest)

step "self-test of the installed app on X (Xvfb, the bundled xcb plugin)"
(cd / && QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" "$APP" --selftest) \
    | grep -E "window ok|selftest ok|FAILED"

step "cold start: installed vs source checkout (Xvfb, median of 5)"
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python packaging/linux/cold_start.py "$APP" 5

step "sizes"
echo ".deb:                     $(du -k "$DEB" | cut -f1) KB  ($(basename "$DEB"))"
echo "installed /opt (du):      $(du -sk /opt/wesog-desktop | cut -f1) KB"
echo "Installed-Size field:     $(dpkg-query -W -f='${Installed-Size}' wesog-desktop) KB"
remove
echo "test-package: ok in $((SECONDS - START)) s"
