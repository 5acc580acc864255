#!/bin/sh
# The X11 libraries Qt's window system plugin needs on Debian/Ubuntu (and UOS, Kylin). Installed
# only when missing and when we may; otherwise say what to install.
missing=""
for lib in libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-image.so.0 \
           libxcb-render-util.so.0 libxkbcommon-x11.so.0; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
[ -z "$missing" ] && exit 0
packages="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq $packages >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    sudo apt-get install -y $packages
else
    echo "Qt needs these libraries to open a window:$missing (Debian: apt-get install $packages)"
fi
