#!/usr/bin/env bash
# Compiles corridor-openvpn-hook (OpenVPN's synchronous auth/connect hook) into dist/libexec.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist/libexec
src=src/engines/openvpn/hook/corridor-openvpn-hook.c
out=dist/libexec/corridor-openvpn-hook
if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
  cc -O2 -Wall -Wextra -Werror -D_FORTIFY_SOURCE=2 -fstack-protector-strong -o "$out.tmp" "$src"
  mv "$out.tmp" "$out"
fi
