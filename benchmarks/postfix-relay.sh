#!/usr/bin/env bash
# The interop suite's Postfix relay (STARTTLS offered, AUTH PLAIN through Dovecot after it, on 127.42.0.1:1587) as the
# server of the benchmark's postfix-tls scenario: its private directory on tmpfs, so that a queue file costs no disk
# flush, and every accepted message discarded. On 127.42.0.1:1590 it also relays for loopback clients without TLS and
# AUTH, for Postfix's own smtp-source to show what the server itself can take. Writes what a client needs (address,
# account, trust store) to the file named by its argument once the relay listens; stops its daemons and removes the
# directory when terminated.
#
#   benchmarks/postfix-relay.sh /tmp/relay.env    # as root; installs postfix and dovecot-core when missing
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
READY_FILE=${1:?usage: postfix-relay.sh READY_FILE}
. "$ROOT/interop/lib/setup.sh"
export SMTPX_PRIVATE_BASE=/dev/shm

require_root
install_packages
require_free_listeners
make_private_dir
trap cleanup EXIT
trap 'exit 0' INT TERM
generate_tls
start_dovecot
start_postfix relay
postconf -c "$IDIR/relay/etc" -e 'virtual_transport = discard' 'default_transport = discard'
# the server's ceiling: Postfix's own smtp-source, which speaks neither TLS nor AUTH, relays through this port
CEILING_PORT=1590
echo "$RELAY_ADDR:$CEILING_PORT inet n - n - - smtpd -o smtpd_tls_security_level=none -o smtpd_sasl_auth_enable=no \
-o mynetworks=127.0.0.0/8 -o smtpd_relay_restrictions=permit_mynetworks,reject -o smtpd_sender_restrictions=" \
    >> "$IDIR/relay/etc/master.cf"
postfix -c "$IDIR/relay/etc" reload >/dev/null 2>&1
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$RELAY_ADDR/$RELAY_PORT" && exec 4<>"/dev/tcp/$RELAY_ADDR/$CEILING_PORT") 2>/dev/null && break
    sleep 0.1
done
printf 'RELAY_ADDR=%s\nRELAY_PORT=%s\nCEILING_PORT=%s\nSASL_USER=%s\nSASL_PASSWORD=%q\nTRUST_STORE=%s\n' "$RELAY_ADDR" \
    "$RELAY_PORT" "$CEILING_PORT" "$SASL_USER" "$SASL_PASSWORD" "$IDIR/tls/truststore.p12" > "$READY_FILE"
log "Postfix relay for the benchmark on $RELAY_ADDR:$RELAY_PORT (messages discarded)"
sleep infinity &
wait
