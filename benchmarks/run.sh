#!/usr/bin/env bash
# Throughput comparison: camel-mail's smtp: producer, smtpx:relay and Postfix's smtp-source (the ceiling), 4 KB
# messages to one recipient, at several concurrencies, in interleaved rounds against Postfix's smtp-sink on loopback;
# then STARTTLS + AUTH PLAIN against a SubEthaSMTP server that requires both, and against a real Postfix relay (the
# interop suite's, with Dovecot for SASL: benchmarks/postfix-relay.sh), once queueing every message and once as a sink
# that discards it on receipt (the analogue of smtp-sink, where the client rather than Postfix's queue is the limit).
# Prints medians, ratios, client CPU and allocation per message, and the issue's targets with PASS/FAIL.
#
#   benchmarks/run.sh                  # the whole comparison (about 40 minutes)
#   QUICK=1 benchmarks/run.sh          # one short round, to see that everything works
#   SMTPX_OPTIONS='maxSessionsPerDestination=16' benchmarks/run.sh   # extra smtpx:relay URI options
#
# Knobs (environment): ROUNDS (3), CONCURRENCY ("1 4 16"), TLS_CONCURRENCY ("1 4 16"), POSTFIX_TLS_CONCURRENCY ("1 4"),
# POSTFIX_SINK_TLS_CONCURRENCY ("1"); each of them set empty skips its scenario,
# SKIP_POSTFIX_TLS=1, SKIP_LARGE=1 (the 50 MB attachments run), MESSAGES (50000, per measured run, also bounded by
# RUN_SECONDS=10), WARMUP (at least 500 messages, WARMUP_MIN_SECONDS=3 and until the JIT has settled, at most
# WARMUP_SECONDS=30), SOURCE_MESSAGES (50000 for smtp-source; POSTFIX_SOURCE_MESSAGES=5000 through Postfix),
# SKIP_TLS=1, SKIP_BUILD=1 (use the built jars as they are), PROFILE=1 (afterwards, one more smtpx run at c4 with JFR,
# and its top frames by CPU and allocation; and, when perf is installed, one with perf: kernel, JIT and JVM shares),
# JAVA_OPTS (-Xms512m -Xmx512m -XX:+UseG1GC), SMTPX_CLASSPATH (the smtpx jar(s) to measure instead of this
# checkout's camel-smtpx-component/target jar).
#
# Everything runs on loopback (127.0.0.1; the Postfix relay on 127.42.0.1) and is stopped on exit. Postfix's smtp-sink
# and smtp-source come from the Debian package postfix, installed here when missing with its daemon kept from starting
# and without any Postfix configuration; the Postfix relay is a private instance (interop/lib/setup.sh), which also
# installs dovecot-core.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

if [[ -n "${QUICK:-}" ]]; then
    ROUNDS=${ROUNDS:-1}; MESSAGES=${MESSAGES:-2000}; RUN_SECONDS=${RUN_SECONDS:-3}; WARMUP=${WARMUP:-200}
    WARMUP_MIN_SECONDS=${WARMUP_MIN_SECONDS:-1}; WARMUP_SECONDS=${WARMUP_SECONDS:-3}
    SOURCE_MESSAGES=${SOURCE_MESSAGES:-5000}; POSTFIX_SOURCE_MESSAGES=${POSTFIX_SOURCE_MESSAGES:-1000}
fi
ROUNDS=${ROUNDS:-3}
# set but empty, a list of concurrencies skips its scenario (CONCURRENCY= to measure only with TLS)
CONCURRENCY=${CONCURRENCY-"1 4 16"}
TLS_CONCURRENCY=${TLS_CONCURRENCY-"1 4 16"}
POSTFIX_TLS_CONCURRENCY=${POSTFIX_TLS_CONCURRENCY-"1 4"}
POSTFIX_SINK_TLS_CONCURRENCY=${POSTFIX_SINK_TLS_CONCURRENCY-1}
MESSAGES=${MESSAGES:-50000}
RUN_SECONDS=${RUN_SECONDS:-10}
WARMUP=${WARMUP:-500}
WARMUP_MIN_SECONDS=${WARMUP_MIN_SECONDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
SOURCE_MESSAGES=${SOURCE_MESSAGES:-50000}
POSTFIX_SOURCE_MESSAGES=${POSTFIX_SOURCE_MESSAGES:-5000}
SMTPX_OPTIONS=${SMTPX_OPTIONS:-}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseG1GC"}

SINK=/usr/sbin/smtp-sink
SOURCE=/usr/sbin/smtp-source
OUT="$HERE/target/results-$(date +%Y%m%d-%H%M%S)"
RESULTS="$OUT/results.txt"

SINK_PID=""
TLS_PID=""
POSTFIX_PID=""
CREATED_POLICY=""

cleanup() {
    local status=$?
    set +e  # a server we stop reports its signal; that is no failure of the run
    [[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null
    [[ -n "$TLS_PID" ]] && kill "$TLS_PID" 2>/dev/null && wait "$TLS_PID" 2>/dev/null
    [[ -n "$POSTFIX_PID" ]] && kill "$POSTFIX_PID" 2>/dev/null && wait "$POSTFIX_PID" 2>/dev/null
    [[ -n "$CREATED_POLICY" ]] && rm -f /usr/sbin/policy-rc.d
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s\n' "$*" | tee -a "$OUT/run.log"; }

cpu_ticks() { # all and stolen CPU ticks of the machine so far (/proc/stat): what a run competed with, when printed
    awk '/^cpu / { for (i = 2; i <= NF; i++) all += $i; print all, $9 }' /proc/stat
}

log_steal() { # the ticks cpu_ticks gave before a run: logs the share of the machine the hypervisor took meanwhile,
    # and keeps it with the load average in quiet.txt for the summary's last line
    local before_all=$1 before_steal=$2 after_all after_steal share
    read -r after_all after_steal < <(cpu_ticks)
    share=$(awk -v a="$((after_all - before_all))" -v s="$((after_steal - before_steal))" \
        'BEGIN { if (a > 0) printf "%.1f", 100 * s / a }')
    [[ -n "$share" ]] || return 0
    echo "# stolen by the hypervisor during that run: $share% of the machine" | tee -a "$OUT/run.log"
    echo "$share $(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/quiet.txt"
}

ensure_postfix_tools() {
    if [[ -x "$SINK" && -x "$SOURCE" ]]; then
        return
    fi
    if [[ $(id -u) -ne 0 ]]; then
        echo "smtp-sink/smtp-source missing: install the Debian package postfix (as root), or run this as root" >&2
        exit 1
    fi
    echo "Installing postfix for smtp-sink and smtp-source (daemon kept from starting, no configuration)"
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        # invoke-rc.d asks this first: 101 means "action forbidden", so the package cannot start its daemon
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        CREATED_POLICY=1
    fi
    # "No configuration": the package leaves /etc/postfix alone (no main.cf written)
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postfix
    if [[ -n "$CREATED_POLICY" ]]; then
        rm -f /usr/sbin/policy-rc.d
        CREATED_POLICY=""
    fi
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

wait_for_port() {
    local port=$1
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return
        fi
        sleep 0.1
    done
    echo "nothing listening on 127.0.0.1:$port" >&2
    exit 1
}

client_run() { # scenario client concurrency round port
    local scenario=$1 client=$2 conc=$3 round=$4 port=$5
    local status ticks
    ticks=$(cpu_ticks)
    set +e
    timeout $((RUN_SECONDS + WARMUP_SECONDS + 120)) \
        java $JAVA_OPTS -Dsmtpx.options="$SMTPX_OPTIONS" -cp "$CP" io.smtpx.bench.ClientRun \
        client="$client" scenario="$scenario" port="$port" concurrency="$conc" round="$round" \
        messages="$MESSAGES" seconds="$RUN_SECONDS" warmup="$WARMUP" warmupMinSeconds="$WARMUP_MIN_SECONDS" \
        warmupSeconds="$WARMUP_SECONDS" \
        out="$RESULTS" "${@:6}" 2>&1 | tee -a "$OUT/run.log" | grep -E '^(result|# .*failed|# cannot)'
    status=${PIPESTATUS[0]}
    set -e
    log_steal $ticks
    if [[ $status -eq 2 ]]; then
        echo "stopping: $client cannot be configured (SMTPX_OPTIONS='$SMTPX_OPTIONS' for this build?)" >&2
        exit 1
    elif [[ $status -ne 0 ]]; then
        echo "   ($client c=$conc exited with $status; see $OUT/run.log)"
    fi
}

compare_rounds() { # scenario concurrencies port [more ClientRun arguments]: camel-mail, then smtpx, then the command
    # in ALSO when set (given the scenario, the concurrency, the round, the port and the ClientRun arguments),
    # interleaved
    local scenario=$1 concurrencies=$2 port=$3 round conc
    for round in $(seq 1 "$ROUNDS"); do
        for conc in $concurrencies; do
            log "## $scenario round $round c=$conc; $(uptime)"
            client_run "$scenario" camel-mail "$conc" "$round" "$port" "${@:4}"
            client_run "$scenario" smtpx "$conc" "$round" "$port" "${@:4}"
            if [[ -n "${ALSO:-}" ]]; then
                "$ALSO" "$scenario" "$conc" "$round" "$port" "${@:4}"
            fi
        done
    done
}

source_run() { # scenario concurrency round address messages from to: Postfix's smtp-source, reusing connections
    local scenario=$1 conc=$2 round=$3 address=$4 messages=$5 from=$6 to=$7 times
    times=$( { TIMEFORMAT='%R %U %S'; time "$SOURCE" -d -s "$conc" -m "$messages" -l 4096 \
        -f "$from" -t "$to" -S bench -M bench.example "$address" >>"$OUT/run.log" 2>&1; } 2>&1 )
    read -r real user sys <<<"$times"
    local line
    line=$(awk -v s="$scenario" -v c="$conc" -v r="$round" -v n="$messages" -v real="$real" -v user="$user" \
        -v sys="$sys" \
        'BEGIN { printf "result scenario=%s client=smtp-source conc=%d round=%s sent=%d failed=0 seconds=%.3f rate=%.1f cpu_us=%.1f thread_cpu_us=- alloc_kb=-\n",
                 s, c, r, n, real, n / real, (user + sys) * 1e6 / n }')
    echo "$line" >>"$RESULTS"
    echo "$line" | tee -a "$OUT/run.log"
}

mkdir -p "$OUT"
: >"$RESULTS"
ensure_postfix_tools

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "Building the component and the benchmark"
    (cd "$ROOT" && ./mvnw -q install -DskipTests -pl camel-smtpx-component -am)
    (cd "$ROOT" && ./mvnw -q -f benchmarks/pom.xml package)
fi
# The component under test: SMTPX_CLASSPATH when given (jars separated by ':', e.g. another checkout's
# camel-smtpx-component/target/camel-smtpx-0.1.0-SNAPSHOT.jar and what it needs beyond this one, such as
# commons-pool2), else this checkout's own build, else the installed one. The installed SNAPSHOT in ~/.m2 is shared
# by every checkout on the machine and can change under a run.
SMTPX_JAR=$(ls "$ROOT"/camel-smtpx-component/target/camel-smtpx-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
SMTPX_CLASSPATH=${SMTPX_CLASSPATH:-$SMTPX_JAR}
if [[ -n "$SMTPX_CLASSPATH" ]]; then
    CP="$HERE/target/classes:$SMTPX_CLASSPATH:$(tr ':' '\n' <"$HERE/target/classpath.txt" | grep -v '/io/smtpx/camel-smtpx/' | paste -sd: -)"
else
    CP="$HERE/target/classes:$(cat "$HERE/target/classpath.txt")"
fi

log "# $(date -u +%FT%TZ) on $(hostname), $(nproc) cores; $(uptime)"
log "# checkout $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?'); smtpx options: '${SMTPX_OPTIONS}'"
log "# smtpx under test: ${SMTPX_CLASSPATH:-the installed camel-smtpx (see $HERE/target/classpath.txt)}"
log "# java: $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
log "# rounds=$ROUNDS concurrency='$CONCURRENCY' messages=$MESSAGES (<= ${RUN_SECONDS}s) warmup=$WARMUP (${WARMUP_MIN_SECONDS}-${WARMUP_SECONDS}s) smtp-source messages=$SOURCE_MESSAGES"

SINK_PORT=$(free_port)
# -u: smtp-sink refuses to run as root without a user to switch to; -a: no AUTH offered (no client here uses it)
"$SINK" -u nobody -a "127.0.0.1:$SINK_PORT" 1024 >>"$OUT/run.log" 2>&1 &
SINK_PID=$!
wait_for_port "$SINK_PORT"
log "# smtp-sink on 127.0.0.1:$SINK_PORT"

for round in $(seq 1 "$ROUNDS"); do
    for conc in $CONCURRENCY; do
        log "## plain round $round c=$conc; $(uptime)"
        client_run plain camel-mail "$conc" "$round" "$SINK_PORT"
        client_run plain smtpx "$conc" "$round" "$SINK_PORT"
        source_run plain "$conc" "$round" "127.0.0.1:$SINK_PORT" "$SOURCE_MESSAGES" bench@example.com \
            sink@example.org
    done
done

if [[ -z "${SKIP_LARGE:-}" ]]; then
    # streaming: eight 50 MB attachments in flight at once (400 MB, 540 MB as base64) through a 64 MB heap
    for client in camel-mail smtpx; do
        log "## large messages, $client; $(uptime)"
        timeout 600 java -Xmx64m -cp "$CP" io.smtpx.bench.LargeMessageRun client="$client" port="$SINK_PORT" \
            concurrency=8 messages=1 sizeMb=50 2>&1 | tee -a "$OUT/run.log" | grep -E '^(large|# )' \
            | tee -a "$OUT/large.txt" || true
    done
fi

if [[ -z "${SKIP_TLS:-}" ]]; then
    java $JAVA_OPTS -cp "$CP" io.smtpx.bench.TlsAuthServer portFile="$OUT/tls.port" maxSeconds=7200 \
        >>"$OUT/run.log" 2>&1 &
    TLS_PID=$!
    for _ in $(seq 1 200); do [[ -s "$OUT/tls.port" ]] && break; sleep 0.1; done
    TLS_PORT=$(cat "$OUT/tls.port")
    log "# SubEthaSMTP (STARTTLS and AUTH PLAIN required) on 127.0.0.1:$TLS_PORT"
    compare_rounds tls "$TLS_CONCURRENCY" "$TLS_PORT"
fi

if [[ -z "${SKIP_TLS:-}" && -z "${SKIP_POSTFIX_TLS:-}" ]]; then
    # a real server: against Postfix, a client without TCP_NODELAY meets the stall after the TLS handshake (Nagle
    # holding its small write while the server delays its ACK) that the JSSE server above does not provoke
    "$HERE/postfix-relay.sh" "$OUT/postfix.env" >>"$OUT/run.log" 2>&1 &
    POSTFIX_PID=$!
    for _ in $(seq 1 3000); do
        [[ -s "$OUT/postfix.env" ]] || ! kill -0 "$POSTFIX_PID" 2>/dev/null && break
        sleep 0.1
    done
    [[ -s "$OUT/postfix.env" ]] || { echo "the Postfix relay did not start: see $OUT/run.log" >&2; exit 1; }
    . "$OUT/postfix.env"
    export BENCH_PASSWORD=$SASL_PASSWORD
    log "# Postfix relay (STARTTLS, AUTH PLAIN through Dovecot, queue on tmpfs) on $RELAY_ADDR: port $RELAY_PORT" \
        "queues every message and then discards it, port $SINK_PORT is a sink (its cleanup discards every message)"
    postfix_also() { # scenario concurrency round port [ClientRun arguments]: the server's ceiling (smtp-source
        # through the same Postfix on port CEILING, without TLS and AUTH) and, at c1, what smtpx does with a new
        # session per message
        source_run "$1" "$2" "$3" "$RELAY_ADDR:$CEILING" "$POSTFIX_SOURCE_MESSAGES" "$SASL_USER@sender.test" \
            "$SASL_USER@remote.test"
        if [[ "$2" == 1 ]]; then
            client_run "$1" smtpx-new-session 1 "$3" "$4" "${@:5}"
        fi
    }
    POSTFIX_CLIENT=(host="$RELAY_ADDR" user="$SASL_USER" from="$SASL_USER@sender.test" to="$SASL_USER@remote.test"
        trustStore="$TRUST_STORE")
    CEILING=$CEILING_PORT ALSO=postfix_also compare_rounds postfix-tls "$POSTFIX_TLS_CONCURRENCY" "$RELAY_PORT" \
        "${POSTFIX_CLIENT[@]}"
    CEILING=$SINK_CEILING_PORT ALSO=postfix_also compare_rounds postfix-sink-tls "$POSTFIX_SINK_TLS_CONCURRENCY" \
        "$SINK_PORT" "${POSTFIX_CLIENT[@]}"
    kill "$POSTFIX_PID" && wait "$POSTFIX_PID" || true
    POSTFIX_PID=""
fi

log ""
log "# done $(date -u +%FT%TZ); $(uptime)"
java -cp "$CP" io.smtpx.bench.Summary "$RESULTS" | tee "$OUT/summary.txt"
if [[ -s "$OUT/large.txt" ]]; then
    printf '\nLarge messages (most heap live after a GC, with a 64 MB heap):\n' | tee -a "$OUT/summary.txt"
    tee -a "$OUT/summary.txt" <"$OUT/large.txt"
fi
# the ratios moved around the 4x target from run to run while the hypervisor took up to 14% of the machine, and not
# on a quiet one: say how quiet this run was, beside its figures
if [[ -s "$OUT/quiet.txt" ]]; then
    awk '$1 > steal { steal = $1 } $2 > load { load = $2 }
         END { printf "\nThe machine: at most %.1f%% of it stolen by the hypervisor during any of %d client runs," \
                      " load average up to %.2f\n", steal, NR, load }' "$OUT/quiet.txt" | tee -a "$OUT/summary.txt"
fi

if [[ -n "${PROFILE:-}" ]]; then
    echo
    echo "Profiling smtpx at c4 (JFR over the measured phase, plain SMTP)"
    client_run plain smtpx 4 profile "$SINK_PORT" jfr="$OUT/smtpx-c4.jfr" >/dev/null
    sed -i '/round=profile/d' "$RESULTS"
    java -cp "$CP" io.smtpx.bench.JfrTop "$OUT/smtpx-c4.jfr" top=25 | tee "$OUT/profile.txt"
    # JFR samples only threads running Java, so its shares leave out the kernel (the socket calls and, above all,
    # the thread switches of a blocking client) and the JVM itself: perf, when there is one, shows that split
    if command -v perf >/dev/null; then
        echo
        echo "The client's CPU by layer at c4 (perf over 5 s of the measured phase; [JIT] is compiled Java)"
        before=$(wc -l <"$OUT/run.log")
        # long enough for perf to see 5 s of it, whatever MESSAGES and RUN_SECONDS are (later arguments win)
        client_run plain smtpx 4 profile "$SINK_PORT" messages=1000000 seconds=8 >/dev/null &
        runner=$!
        until tail -n +$((before + 1)) "$OUT/run.log" | grep -q '^# warm-up:' || ! kill -0 $runner 2>/dev/null; do
            sleep 0.5
        done
        pid=$(pgrep -f '^java .*io.smtpx.bench.ClientRun.*round=profile' | head -1 || true) # not its timeout
        if [[ -n "$pid" ]]; then
            perf record -F 999 -p "$pid" -o "$OUT/smtpx-c4.perf" -- sleep 5 >/dev/null 2>&1 || true
        fi
        wait $runner || true
        sed -i '/round=profile/d' "$RESULTS"
        perf report -i "$OUT/smtpx-c4.perf" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' \
            | head -6 | tee "$OUT/profile-perf.txt" || true
    fi
fi
echo
echo "Results, log and summary in $OUT; load average now: $(uptime)"
