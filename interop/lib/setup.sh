# Functions of interop/run.sh: package installation, private configuration, start and stop of every daemon.
# Sourced, not run. Every daemon started is recorded in $IDIR/pids ("name pid" per line) and stopped by that pid.

# Loopback addresses and ports, none of them 25. The MX hosts share one port, as smtpx:direct has one mxPort.
RELAY_ADDR=127.42.0.1
RELAY_PORT=1587          # submission: STARTTLS offered, AUTH after STARTTLS, relaying only for authenticated clients
RELAY_TLS_PORT=1588      # smtpd_tls_security_level=encrypt: nothing but EHLO/STARTTLS before TLS
RELAY_PLAIN_PORT=1589    # no STARTTLS offered at all
MX1_ADDR=127.42.0.11     # MX hosts: virtual mailboxes, access maps for chosen replies
MX2_ADDR=127.42.0.12
MX3_ADDR=127.42.0.13
MX_DEAD_ADDR=127.42.0.19 # named in DNS, nothing listens there
MX_PORT=2525
DNS_ADDR=127.42.0.53
DNS_PORT=5353
DNS_DEAD_ADDR=127.42.0.9 # upstream for fail.test: nothing answers, so lookups there fail (SERVFAIL or timeout)
DNS_DEAD_PORT=5399

PACKAGES=(postfix dovecot-core dnsmasq)

log() { printf '[interop] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

require_root() {
    [ "$(id -u)" = 0 ] || die "must run as root (installs packages, starts Postfix as root like its packaging does)"
}

# Installs what is missing. The packages' own services must not start: a policy-rc.d that answers 101 ("action not
# allowed") is put in place for the install and the previous one (if any) restored after it.
install_packages() {
    local missing=()
    local p
    for p in "${PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "packages present: ${PACKAGES[*]}"
    else
        log "installing: ${missing[*]}"
        local policy=/usr/sbin/policy-rc.d backup=""
        if [ -e "$policy" ]; then
            backup="$(mktemp /usr/sbin/policy-rc.d.smtpx-interop.XXXXXX)"
            cp -p "$policy" "$backup"
        fi
        printf '#!/bin/sh\n# smtpx interop: no service starts during package installation\nexit 101\n' > "$policy"
        chmod 755 "$policy"
        local rc=0
        {
            echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections &&
            DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
        } || rc=$?
        if [ -n "$backup" ]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
        [ $rc -eq 0 ] || die "could not install ${missing[*]} (apt-get exit $rc)"
    fi
    for p in /usr/sbin/postfix /usr/sbin/postmap /usr/sbin/dovecot /usr/sbin/dnsmasq /usr/bin/openssl; do
        [ -x "$p" ] || die "$p is missing after installation"
    done
    command -v keytool >/dev/null || die "keytool (from the JDK) is missing"
}

# ---- private directory and cleanup

make_private_dir() {
    # SMTPX_PRIVATE_BASE: where (the benchmark puts it on tmpfs, so that Postfix's queue costs no disk flush)
    IDIR="$(mktemp -d "${SMTPX_PRIVATE_BASE:-/tmp}/smtpx-interop.XXXXXX")"
    # the daemons' own users (postfix, dovecot, nobody for mailboxes) must traverse it
    chmod 755 "$IDIR"
    : > "$IDIR/pids"
    log "private directory: $IDIR"
}

# Stops every daemon this run started, by the pid it recorded, then removes the private directory.
cleanup() {
    local rc=$?
    set +e
    if [ -n "${IDIR:-}" ] && [ -f "$IDIR/pids" ]; then
        local name pid
        while read -r name pid; do
            [ -n "$pid" ] || continue
            if kill -0 "$pid" 2>/dev/null; then
                log "stopping $name (pid $pid)"
                kill -TERM "$pid" 2>/dev/null
            fi
        done < <(tac "$IDIR/pids")
        local i
        for i in $(seq 1 50); do
            local alive=0
            while read -r name pid; do
                [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1
            done < "$IDIR/pids"
            [ $alive = 0 ] && break
            sleep 0.2
        done
        while read -r name pid; do
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                log "$name (pid $pid) did not stop: killing it"
                kill -KILL "$pid" 2>/dev/null
            fi
        done < "$IDIR/pids"
        # keep the daemons' logs for a failed run
        if [ $rc -ne 0 ]; then
            local keep="$ROOT/interop/target/interop-logs"
            rm -rf "$keep" && mkdir -p "$keep"
            cp -p "$IDIR"/*/*.log "$keep/" 2>/dev/null
            log "logs of the failed run: $keep"
        fi
        rm -rf "$IDIR"
    fi
    log "done (exit $rc)"
    exit $rc
}

record_pid() { # name pid
    [ -n "$2" ] || die "no pid for $1"
    echo "$1 $2" >> "$IDIR/pids"
}

# Reads a pid file, waiting for the daemon to write it.
pid_from_file() {
    local file=$1 i
    for i in $(seq 1 100); do
        if [ -s "$file" ]; then
            head -n1 "$file" | tr -d ' \n'
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# ---- TLS: one self-signed certificate for every host name and address the servers answer on

generate_tls() {
    mkdir -p "$IDIR/tls"
    local san="DNS:relay.test,DNS:localhost,DNS:mx1.good.test,DNS:mx2.fallback.test,DNS:implicit.test"
    san="$san,IP:$RELAY_ADDR,IP:$MX1_ADDR,IP:$MX2_ADDR,IP:$MX3_ADDR"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=relay.test" \
        -addext "subjectAltName=$san" -keyout "$IDIR/tls/key.pem" -out "$IDIR/tls/cert.pem" 2>/dev/null \
        || die "openssl could not make a certificate"
    chmod 644 "$IDIR/tls/cert.pem"
    chmod 600 "$IDIR/tls/key.pem"
    keytool -importcert -noprompt -alias interop -file "$IDIR/tls/cert.pem" -keystore "$IDIR/tls/truststore.p12" \
        -storetype PKCS12 -storepass changeit >/dev/null 2>&1 || die "keytool could not make the trust store"
}

# ---- dnsmasq: the test domains

start_dnsmasq() {
    local d="$IDIR/dns"
    mkdir -p "$d"
    cat > "$d/dnsmasq.conf" <<CONF
# private dnsmasq for the smtpx interop suite: answers for *.test only, asks nobody else
no-resolv
no-hosts
no-poll
port=$DNS_PORT
listen-address=$DNS_ADDR
bind-interfaces
pid-file=$d/dnsmasq.pid
log-facility=$d/dnsmasq.log
log-queries
user=nobody
# everything under test is answered here: names not listed are NXDOMAIN (nosuch.test)
local=/test/
# good.test: one MX
mx-host=good.test,mx1.good.test,10
host-record=mx1.good.test,$MX1_ADDR
# fallback.test: the preferred MX accepts no connection, the second one works
mx-host=fallback.test,dead.fallback.test,10
mx-host=fallback.test,mx2.fallback.test,20
host-record=dead.fallback.test,$MX_DEAD_ADDR
host-record=mx2.fallback.test,$MX2_ADDR
# dead.test: its only MX accepts no connection
mx-host=dead.test,mx.dead.test,10
host-record=mx.dead.test,$MX_DEAD_ADDR
# implicit.test: no MX, only an A record (RFC 5321 5.1 implicit MX)
host-record=implicit.test,$MX3_ADDR
# nullmx.test: null MX (RFC 7505), "MX 0 ."
mx-host=nullmx.test,.,0
# fail.test: forwarded to an upstream where nothing answers, so lookups fail (SERVFAIL or timeout)
server=/fail.test/$DNS_DEAD_ADDR#$DNS_DEAD_PORT
CONF
    chown nobody "$d"
    /usr/sbin/dnsmasq --conf-file="$d/dnsmasq.conf" || die "dnsmasq did not start"
    local pid
    pid="$(pid_from_file "$d/dnsmasq.pid")" || die "dnsmasq wrote no pid file"
    record_pid dnsmasq "$pid"
}

# ---- Dovecot: SASL authentication for the relay, nothing else (no IMAP/POP3 listener)

SASL_USER=alice
SASL_PASSWORD='interop-Secret-42'

start_dovecot() {
    local d="$IDIR/dovecot"
    mkdir -p "$d/run" "$d/state"
    chmod 755 "$d" "$d/run"
    printf '%s:{PLAIN}%s::::::\n' "$SASL_USER" "$SASL_PASSWORD" > "$d/users"
    chown root:dovecot "$d/users"
    chmod 640 "$d/users"
    cat > "$d/dovecot.conf" <<CONF
# private Dovecot for the smtpx interop suite: only the auth service, for Postfix's SASL
protocols =
base_dir = $d/run
state_dir = $d/state
instance_name = smtpx-interop
log_path = $d/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service anvil {
  chroot =
}
CONF
    /usr/sbin/dovecot -c "$d/dovecot.conf" || die "dovecot did not start (see $d/dovecot.log)"
    local pid
    pid="$(pid_from_file "$d/run/master.pid")" || die "dovecot wrote no pid file"
    record_pid dovecot "$pid"
}

# ---- Postfix: two private instances, "relay" (submission with STARTTLS and SASL) and "mx" (the MX hosts)

# Mailboxes (virtual_mailbox_maps): address, then maildir under the instance's virtual_mailbox_base.
RELAY_MAILBOXES=(alice@remote.test bob@remote.test carol@remote.test dave@remote.test)
MX_MAILBOXES=(alice@good.test bob@good.test carol@good.test dave@good.test
              alice@fallback.test alice@implicit.test)

write_common_main_cf() { # instance dir
    local name=$1 d=$2
    cat <<CONF
# private Postfix instance "$name" of the smtpx interop suite; nothing here is the machine's own mail system
compatibility_level = 3.6
config_directory = $d/etc
queue_directory = $d/queue
data_directory = $d/data
meta_directory = /etc/postfix
daemon_directory = /usr/lib/postfix/sbin
command_directory = /usr/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
syslog_name = smtpx-interop-$name
maillog_file_prefixes = $IDIR
maillog_file = $d/postfix.log
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = $name.test
mydomain = $name.test
myorigin = \$myhostname
mydestination =
mynetworks = 192.0.2.1/32
local_recipient_maps =
local_transport = error:5.1.1 no local delivery here
alias_maps =
alias_database =
# no DNS or name service look-ups anywhere: only the loopback traffic of the suite
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
smtp_host_lookup = native
biff = no
# the component is on the same machine: no waiting
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 100
smtpd_hard_error_limit = 200
smtpd_banner = \$myhostname ESMTP Postfix
# deliveries land in maildirs owned by nobody
virtual_mailbox_base = $d/mail
virtual_mailbox_maps = texthash:$d/etc/mailboxes
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
virtual_minimum_uid = 100
notify_classes =
# TLS: the certificate made at setup
smtpd_tls_cert_file = $IDIR/tls/cert.pem
smtpd_tls_key_file = $IDIR/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
tls_random_source = dev:/dev/urandom
smtpd_tls_session_cache_database =
CONF
}

write_common_master_cf() {
    cat <<'CONF'
# service type  private unpriv  chroot  wakeup  maxproc command + args
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
}

write_mailboxes() { # file addresses...
    local file=$1 a
    shift
    : > "$file"
    for a in "$@"; do
        echo "$a ${a#*@}/${a%@*}/" >> "$file"
    done
}

configure_relay() {
    local d=$1
    write_mailboxes "$d/etc/mailboxes" "${RELAY_MAILBOXES[@]}"
    # alice may send as alice@sender.test only (reject_sender_login_mismatch)
    echo "alice@sender.test $SASL_USER" > "$d/etc/sender_logins"
    {
        write_common_main_cf relay "$d"
        cat <<CONF
# a relay: it is the final destination of nothing, relays for authenticated clients only, and (since the suite
# must not reach any other host) hands what it relays to its own virtual delivery agent
virtual_mailbox_domains =
relay_domains =
default_transport = virtual
relay_transport = virtual
smtpd_sasl_type = dovecot
smtpd_sasl_path = $IDIR/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = yes
smtpd_tls_auth_only = yes
# the Received header shows the TLS protocol and the SASL user, for the tests to check
smtpd_tls_received_header = yes
smtpd_sasl_authenticated_header = yes
smtpd_sender_login_maps = texthash:$d/etc/sender_logins
smtpd_sender_restrictions = reject_sender_login_mismatch
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
CONF
    } > "$d/etc/main.cf"
    {
        write_common_master_cf
        echo "$RELAY_ADDR:$RELAY_PORT inet n - n - - smtpd"
        echo "$RELAY_ADDR:$RELAY_TLS_PORT inet n - n - - smtpd -o smtpd_tls_security_level=encrypt"
        echo "$RELAY_ADDR:$RELAY_PLAIN_PORT inet n - n - - smtpd -o smtpd_tls_security_level=none -o smtpd_sasl_auth_enable=no"
    } > "$d/etc/master.cf"
}

configure_mx() {
    local d=$1
    write_mailboxes "$d/etc/mailboxes" "${MX_MAILBOXES[@]}"
    # chosen replies per recipient, in the access(5) syntax; Postfix wraps the text in its own wording
    cat > "$d/etc/recipient_access" <<'CONF'
full@good.test       552 5.2.2 Mailbox full
greylist@good.test   450 4.2.0 Greylisted, see https://postgrey.schweikert.ch/help/good.test.html
spam@good.test       550 5.7.1 Message rejected as spam
ratelimit@good.test  421 4.7.0 Too many messages from this client, slow down
CONF
    {
        write_common_main_cf mx "$d"
        cat <<CONF
# MX hosts: the final destination of the test domains; no relaying
virtual_mailbox_domains = good.test fallback.test implicit.test
virtual_transport = virtual
relay_domains =
default_transport = error:5.4.6 this MX relays nothing
relay_transport = error:5.4.6 this MX relays nothing
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access texthash:$d/etc/recipient_access, reject_unlisted_recipient
CONF
    } > "$d/etc/main.cf"
    {
        write_common_master_cf
        echo "$MX1_ADDR:$MX_PORT inet n - n - - smtpd"
        echo "$MX2_ADDR:$MX_PORT inet n - n - - smtpd"
        echo "$MX3_ADDR:$MX_PORT inet n - n - - smtpd"
    } > "$d/etc/master.cf"
}

start_postfix() { # relay | mx
    local name=$1 d="$IDIR/$1"
    mkdir -p "$d/etc" "$d/queue" "$d/data" "$d/mail"
    chown postfix "$d/data"
    chown nobody:nogroup "$d/mail"
    "configure_$name" "$d"
    : > "$d/postfix.log"
    postfix -c "$d/etc" check >/dev/null 2>&1 || true   # creates the queue directories
    postfix -c "$d/etc" start >&2 || die "postfix $name did not start (see $d/postfix.log)"
    local pid
    pid="$(pid_from_file "$d/queue/pid/master.pid")" || die "postfix $name wrote no pid file"
    record_pid "postfix-$name" "$pid"
}

LISTENERS=("$RELAY_ADDR:$RELAY_PORT" "$RELAY_ADDR:$RELAY_TLS_PORT" "$RELAY_ADDR:$RELAY_PLAIN_PORT"
           "$MX1_ADDR:$MX_PORT" "$MX2_ADDR:$MX_PORT" "$MX3_ADDR:$MX_PORT")

# Refuses to start when something already listens on one of the suite's addresses (a run still going, or one that
# was killed before it could clean up): the tests would talk to servers that are not this run's.
require_free_listeners() {
    local target
    for target in "${LISTENERS[@]}"; do
        if (exec 3<>"/dev/tcp/${target%:*}/${target#*:}") 2>/dev/null; then
            die "something already listens on $target: another interop run? ('ss -ltnp' names it)"
        fi
    done
}

# Waits until every listener accepts connections (bash's /dev/tcp, loopback only).
wait_for_listeners() {
    local target host port i
    for target in "${LISTENERS[@]}"; do
        host=${target%:*}
        port=${target#*:}
        for i in $(seq 1 100); do
            if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
                continue 2
            fi
            sleep 0.1
        done
        die "nothing listens on $target"
    done
    log "listening: relay $RELAY_ADDR:$RELAY_PORT/$RELAY_TLS_PORT/$RELAY_PLAIN_PORT," \
        "MX $MX1_ADDR $MX2_ADDR $MX3_ADDR port $MX_PORT, DNS $DNS_ADDR:$DNS_PORT"
}

# Builds the component and runs the interop module's tests in one reactor, so that they test this work tree's
# component (not whatever snapshot the local repository holds). Only the interop tests run.
run_tests() {
    local started=$SECONDS
    (cd "$ROOT" && ./mvnw -B -ntp -Pinterop -pl interop -am verify \
        -Dtest='io.smtpx.interop.**' -Dsurefire.failIfNoSpecifiedTests=false \
        -Dinterop.dir="$IDIR" \
        -Dinterop.relay.host="$RELAY_ADDR" -Dinterop.relay.port="$RELAY_PORT" \
        -Dinterop.relay.tlsPort="$RELAY_TLS_PORT" -Dinterop.relay.plainPort="$RELAY_PLAIN_PORT" \
        -Dinterop.sasl.user="$SASL_USER" -Dinterop.sasl.password="$SASL_PASSWORD" \
        -Dinterop.mx1.host="$MX1_ADDR" -Dinterop.mx2.host="$MX2_ADDR" -Dinterop.mx3.host="$MX3_ADDR" \
        -Dinterop.mx.port="$MX_PORT" -Dinterop.dns="$DNS_ADDR:$DNS_PORT") || die "interop tests failed"
    log "interop tests passed in $((SECONDS - started)) s"
}
