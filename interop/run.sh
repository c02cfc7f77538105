#!/usr/bin/env bash
# Interop suite: camel-smtpx against real Postfix (relay and MX hosts), Dovecot SASL and dnsmasq.
#
# Installs the Debian packages if missing, configures private instances under a mktemp directory, bound only to
# loopback addresses (127.42.0.0/24) and ports other than 25, runs the JUnit tests of the interop module, and stops
# what it started, by PID, whatever the outcome. The machine's own services and /etc configuration are not touched.
#
# Usage: bash interop/run.sh        (as root; exits non-zero when a package cannot be installed or a test fails)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
. "$HERE/lib/setup.sh"

main() {
    require_root
    install_packages
    require_free_listeners
    make_private_dir
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    generate_tls
    start_dnsmasq
    start_dovecot
    start_postfix relay
    start_postfix mx
    wait_for_listeners
    run_tests
}

main "$@"
