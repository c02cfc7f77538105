#!/usr/bin/env bash
# The interop suite's Postfix relay (STARTTLS offered, AUTH PLAIN through Dovecot after it) as the server of the
# benchmark's postfix scenarios, its private directory on tmpfs so that a queue file costs no disk flush. On
# 127.42.0.1 it listens on:
#   1587  STARTTLS + AUTH; every message queued, then delivered to Postfix's discard transport
#   1590  the same for loopback clients without TLS and AUTH: Postfix's own smtp-source shows the server's ceiling
#   1591  STARTTLS + AUTH with Postfix as a sink: its cleanup service discards every message as it receives it (a
#         header_checks DISCARD), so no queue manager or delivery agent runs, and it serves 100,000 messages before
#         being replaced instead of 100. The analogue of the plain run's smtp-sink: the client is measured rather
#         than Postfix's queue.
#   1592  the sink for loopback clients without TLS and AUTH (its ceiling)
# Writes what a client needs (address, ports, account, trust store) to the file named by its argument once the relay
# listens; stops its daemons and removes the directory when terminated.
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
# in_flow_delay=0: an smtpd would wait (up to a second) for a flow-control token, and only deliveries give tokens
# back; the sink below delivers nothing
postconf -c "$IDIR/relay/etc" -e 'virtual_transport = discard' 'default_transport = discard' 'in_flow_delay = 0'
CEILING_PORT=1590
SINK_PORT=1591
SINK_CEILING_PORT=1592
WITHOUT_TLS_AND_AUTH="-o smtpd_tls_security_level=none -o smtpd_sasl_auth_enable=no -o mynetworks=127.0.0.0/8 \
-o smtpd_relay_restrictions=permit_mynetworks,reject -o smtpd_sender_restrictions="
AS_SINK="-o cleanup_service_name=sinkcleanup"
echo '/^/ DISCARD benchmark sink' > "$IDIR/relay/etc/sink_header_checks"
cat >> "$IDIR/relay/etc/master.cf" <<EOF
$RELAY_ADDR:$CEILING_PORT inet n - n - - smtpd $WITHOUT_TLS_AND_AUTH
$RELAY_ADDR:$SINK_PORT inet n - n - - smtpd $AS_SINK
$RELAY_ADDR:$SINK_CEILING_PORT inet n - n - - smtpd $AS_SINK $WITHOUT_TLS_AND_AUTH
sinkcleanup unix n - n - 0 cleanup -o header_checks=regexp:$IDIR/relay/etc/sink_header_checks -o max_use=100000
EOF
postfix -c "$IDIR/relay/etc" reload >/dev/null 2>&1
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$RELAY_ADDR/$RELAY_PORT" && exec 4<>"/dev/tcp/$RELAY_ADDR/$CEILING_PORT" \
        && exec 5<>"/dev/tcp/$RELAY_ADDR/$SINK_PORT" && exec 6<>"/dev/tcp/$RELAY_ADDR/$SINK_CEILING_PORT") 2>/dev/null \
        && break
    sleep 0.1
done
printf 'RELAY_ADDR=%s\nRELAY_PORT=%s\nCEILING_PORT=%s\nSINK_PORT=%s\nSINK_CEILING_PORT=%s\nSASL_USER=%s\n' \
    "$RELAY_ADDR" "$RELAY_PORT" "$CEILING_PORT" "$SINK_PORT" "$SINK_CEILING_PORT" "$SASL_USER" > "$READY_FILE.tmp"
printf 'SASL_PASSWORD=%q\nTRUST_STORE=%s\n' "$SASL_PASSWORD" "$IDIR/tls/truststore.p12" >> "$READY_FILE.tmp"
mv "$READY_FILE.tmp" "$READY_FILE"  # whole, for whoever waits for it
log "Postfix relay for the benchmark on $RELAY_ADDR:$RELAY_PORT (queued, then discarded), a sink on $SINK_PORT"
sleep infinity &
wait
