#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test inside a private D-Bus session with its own gnome-keyring-daemon (Secret
# Service), on throwaway home and data directories, so keyring tests never touch a real
# keyring. Usage: run-with-keyring.sh PROGRAM [ARGS…]
set -eu

if [ -z "${PD_KEYRING_INNER:-}" ]; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/partner-desk-keyring-XXXXXX")
  trap 'rm -rf "$dir"' EXIT INT TERM
  mkdir -p "$dir/home" "$dir/data" "$dir/config" "$dir/cache" "$dir/runtime"
  chmod 700 "$dir/runtime"
  status=0
  # GNOME_KEYRING_CONTROL would point the daemon at the developer's own keyring.
  env -u GNOME_KEYRING_CONTROL HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config" \
    XDG_CACHE_HOME="$dir/cache" XDG_RUNTIME_DIR="$dir/runtime" \
    PD_TEST_KEYRING_DIR="$dir" PD_KEYRING_INNER=1 \
    dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi

# Inside the private bus. The login keyring gets a password: gnome-keyring writes a
# keyring with an empty password unencrypted, and the test checks that no file on disk
# holds the token.
printf 'partner-desk-test' | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >/dev/null 2>&1 &
daemon=$!

# Wait (up to 10 s) until the daemon owns the Secret Service name.
tries=0
until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null \
      | grep -q true; do
  tries=$((tries + 1))
  if [ $tries -ge 100 ] || ! kill -0 $daemon 2>/dev/null; then
    echo "run-with-keyring.sh: gnome-keyring-daemon did not start" >&2
    exit 1
  fi
  sleep 0.1
done

status=0
"$@" || status=$?
kill $daemon 2>/dev/null || true
wait $daemon 2>/dev/null || true
exit $status
