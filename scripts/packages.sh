# Debian packages Corridor needs, shared by install.sh and test.sh. Always --no-install-recommends:
# wireguard-tools recommends a whole kernel image, easy-rsa recommends smartcard daemons.
RUNTIME_PACKAGES="openvpn charon-systemd strongswan-swanctl libstrongswan-standard-plugins libstrongswan-extra-plugins \
libcharon-extra-plugins wireguard-go wireguard-tools iproute2 nftables iputils-ping openssl ca-certificates procps gcc libc6-dev \
bind9-dnsutils"
# bind9-dnsutils: nsupdate and dig for RFC 2136 DDNS updates and their check. Only for tests and benchmarks below
# (bind9: a real `named` the DDNS lab test updates; fonts-noto-cjk: Chinese glyphs in the browser tests' screenshots)
TEST_PACKAGES="easy-rsa postgresql chromium fonts-noto-cjk iperf3 socat tcpdump bind9"

ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "corridor: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_node_modules() {
  # reinstall when package-lock.json changed since the last install
  local stamp=node_modules/.corridor-lock-hash
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "corridor: installing npm dependencies" >&2
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}
