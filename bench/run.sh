#!/usr/bin/env bash
# `make bench`: load-test picam against a raw-socket "floor" server measured in the same run.
# What it measures and how to read it: docs/PERFORMANCE.md. Everything talks to 127.0.0.1 only.
#
# Environment:
#   PICAM_BIN         picam binary to test (default: build it with `make aot` -> artifacts/aot/picam)
#   BENCH_OUT         work dir for fixtures, logs, results (default: artifacts/bench)
#   BENCH_WARMUP      seconds of warm-up after all viewers stream (default 3)
#   BENCH_SECONDS     measurement window per load in seconds (default 15)
#   BENCH_PORT        first TCP port to try (default 18480)
#   BENCH_FLOOR_ONLY  1 = only the floor server loads (harness check without picam)
#   BENCH_SOAK_SECONDS   soak length: viewers joining and leaving, RSS and descriptors sampled (default 1800; 0 = none)
#   BENCH_SOAK_VIEWERS   viewers at a time in the soak (default 50)
#   BENCH_WEBRTC_SECONDS   measurement window per WebRTC load (default 10; 0 = no WebRTC loads)
#   BENCH_WEBRTC_SESSIONS  the WebRTC loads, sessions each (default "1 10 50")
#   BENCH_WEBRTC_ONLY      1 = only the WebRTC loads (and their MJPEG comparison)
#   BENCH_AGENT            1 = the device agent's watch_request -> first frame, direct and through coturn (default; needs root)
#   BENCH_AGENT_ROUNDS     rounds a path of that measurement (default 3)
#
# Exit status: 0 whenever the figures were produced, MISSes included; non-zero only if the harness
# (or a build, or a server start) broke.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/artifacts/bench}
FIXTURES=$OUT/fixtures
RESULTS=$OUT/results
LOGS=$OUT/logs
WARMUP=${BENCH_WARMUP:-3}
WINDOW=${BENCH_SECONDS:-15}
NEXT_PORT=${BENCH_PORT:-18480}
BENCH=$ROOT/bench/PiCam.Bench/bin/Release/net10.0/picam-bench
SERVER_PID=""
SERVER_LOG=""
PORT=""
PROBLEMS=0

log() { printf '==> %s\n' "$*"; }
warn() { printf 'bench: %s\n' "$*" >&2; }
die() { warn "$*"; exit 2; }

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# Picks the next port nobody listens on, so a stray server can never answer for ours.
pick_port() {
    while (exec 3<>"/dev/tcp/127.0.0.1/$NEXT_PORT") 2>/dev/null; do
        NEXT_PORT=$((NEXT_PORT + 1))
    done
    PORT=$NEXT_PORT
    NEXT_PORT=$((NEXT_PORT + 1))
}

# start_server NAME COMMAND... : runs it in the background (its PID is the server's, no wrapper)
# and waits until it accepts connections.
start_server() {
    local name=$1
    shift
    SERVER_LOG=$LOGS/$name.log
    "$@" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    local waited=0
    until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null || ((waited >= 200)); then
            warn "$name: server did not come up on 127.0.0.1:$PORT; last log lines:"
            tail -n 20 "$SERVER_LOG" >&2 || true
            stop_server
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

# load NAME LABEL VIEWERS FPS [extra load options...] against the running server.
load() {
    local name=$1 label=$2 viewers=$3 fps=$4
    shift 4
    if ! "$BENCH" load --port "$PORT" --pid "$SERVER_PID" --viewers "$viewers" --fps "$fps" \
        --warmup "$WARMUP" --seconds "$WINDOW" --name "$name" --label "$label" \
        --out "$RESULTS/$name.json" "$@"; then
        warn "$name: the load generator failed"
        PROBLEMS=$((PROBLEMS + 1))
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        warn "$name: the server exited during the load; last log lines:"
        tail -n 20 "$SERVER_LOG" >&2 || true
        PROBLEMS=$((PROBLEMS + 1))
    fi
}

# fixture FILE SIZE RATE QUALITY [LAVFI]: testsrc (or LAVFI) MJPEG, regenerated only when the parameters change.
fixture() {
    local file=$1 size=$2 rate=$3 q=$4 source=${5:-testsrc=size=$2:rate=$3}
    local params="testsrc size=$size rate=$rate t=10 q=$q"
    [[ -z "${5:-}" ]] || params="$source t=10 q=$q"
    if [[ ! -s "$file" || "$(cat "$file.params" 2>/dev/null)" != "$params" ]]; then
        ffmpeg -nostdin -v error -y -f lavfi -i "$source" -t 10 -q:v "$q" -f mjpeg "$file"
        printf '%s\n' "$params" >"$file.params"
    fi
    log "fixture $(basename "$file"): $((rate * 10)) frames, $(($(stat -c %s "$file") / (rate * 10))) bytes/frame average"
}

# picam_server NAME SIZE FPS FIXTURE: WebRTC's UDP port is the HTTP port's number (UDP and TCP ports are apart).
picam_server() {
    pick_port
    start_server "$1" env PORT="$PORT" BIND=127.0.0.1 RESOLUTION="$2" FRAMERATE="$3" \
        VIDEO_SOURCE="file:$4" MAX_CLIENTS=1000 WEBRTC_PORT="$PORT" WEBRTC_MAX_SESSIONS=1000 "$PICAM" --config /dev/null
}

# webrtc_loads: per load, one server: N MJPEG viewers of the WebRTC fixture (no session yet, so no encoder),
# then N WHEP sessions of the same picture. Figures: docs/PERFORMANCE.md, "WebRTC".
webrtc_loads() {
    local seconds=${BENCH_WEBRTC_SECONDS:-10} n
    ((seconds > 0)) || return 0
    for n in ${BENCH_WEBRTC_SESSIONS:-1 10 50}; do
        log "picam WebRTC, $n sessions 960x540 @ 30 fps (and $n MJPEG viewers of the same picture first)"
        if picam_server "webrtc-$n" 960x540 30 "$H264PIC"; then
            WINDOW=$seconds load "webrtc-mjpeg-$n" "MJPEG: $n × 960x540@30 (WebRTC fixture)" "$n" 30
            if ! "$BENCH" webrtc --port "$PORT" --pid "$SERVER_PID" --sessions "$n" --fps 30 --warmup "$WARMUP" \
                --seconds "$seconds" --name "webrtc-$n" --label "WebRTC: $n × 960x540@30" --out "$RESULTS/webrtc-$n.json"; then
                warn "webrtc-$n: the load generator failed"
                PROBLEMS=$((PROBLEMS + 1))
            fi
            kill -0 "$SERVER_PID" 2>/dev/null || { warn "webrtc-$n: the server exited"; tail -n 20 "$SERVER_LOG" >&2; PROBLEMS=$((PROBLEMS + 1)); }
            stop_server
        else PROBLEMS=$((PROBLEMS + 1)); fi
    done
}

# agent_watch_times: the device agent's watch_request -> first decoded frame, direct and through coturn, measured
# in the test suite's relay world (tests/PiCam.Tests/Agent/AgentWatchTimeBench.cs: network namespaces, Chromium,
# coturn; root), against the binary under test. It writes $RESULTS/agent-watch.md, which the report appends.
agent_watch_times() {
    [[ "${BENCH_AGENT:-1}" == 1 ]] || return 0
    log "device agent: watch_request -> first decoded frame, direct and through coturn"
    local tests=$ROOT/tests/PiCam.Tests/PiCam.Tests.csproj
    if ! dotnet build "$tests" -c Release -nologo -v q -clp:ErrorsOnly >"$LOGS/build-tests.log" 2>&1; then
        tail -n 30 "$LOGS/build-tests.log" >&2
        warn "agent: the test project did not build"
        PROBLEMS=$((PROBLEMS + 1))
        return 0
    fi
    if ! PICAM_BINARY="$PICAM" PICAM_BENCH_RESULTS="$RESULTS" dotnet test "$tests" -c Release --no-build -nologo \
        --filter 'FullyQualifiedName~AgentWatchTimeBench' --logger 'console;verbosity=normal' >"$LOGS/agent-watch.log" 2>&1; then
        tail -n 30 "$LOGS/agent-watch.log" >&2
        warn "agent: the measurement failed (log: $LOGS/agent-watch.log)"
        PROBLEMS=$((PROBLEMS + 1))
    elif [[ ! -s "$RESULTS/agent-watch.md" ]]; then
        warn "agent: no figures: $(grep -m1 -o 'Skipped.*' "$LOGS/agent-watch.log" || echo 'see '"$LOGS/agent-watch.log")"
    fi
}

floor_server() {
    pick_port
    start_server "$1" "$BENCH" floor --port "$PORT" --file "$2" --fps "$3" --max-seconds 300
}

mkdir -p "$FIXTURES" "$RESULTS" "$LOGS"
read -r LOAD1 _ </proc/loadavg
log "load average before the bench: $LOAD1 (anything else using the 2 cores skews CPU and lag figures)"
rm -f "$RESULTS"/*.json "$RESULTS/agent-watch.md" "$OUT/report.md"
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

if ! command -v ffmpeg >/dev/null; then
    log "installing ffmpeg"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
fi

log "fixtures"
# -q:v picked for ~26 KiB/frame (bandwidth) and ~10 KB/frame (500 x 15 fps x 10 KB = 75 MB/s).
BIG=$FIXTURES/960x540.mjpg
SMALL=$FIXTURES/640x360.mjpg
fixture "$BIG" 960x540 30 4
fixture "$SMALL" 640x360 15 15
# WebRTC's picture: testsrc2 blurred by a round trip through 320x180 encodes at ~2.3 Mbit/s with picam's
# libx264 settings (testsrc alone: ~0.5) and ~22 KB a JPEG (~5 Mbit/s of MJPEG), the issue's ratio.
H264PIC=$FIXTURES/960x540-webrtc.mjpg
fixture "$H264PIC" 960x540 30 4 "testsrc2=size=960x540:rate=30,scale=320:180,scale=960:540"

log "building the load generator"
dotnet build "$ROOT/bench/PiCam.Bench/PiCam.Bench.csproj" -c Release -nologo -v q -clp:ErrorsOnly >"$LOGS/build-bench.log" 2>&1 ||
    { cat "$LOGS/build-bench.log" >&2; die "load generator build failed"; }

PICAM=""
if [[ "${BENCH_FLOOR_ONLY:-0}" != 1 ]]; then
    if [[ -n "${PICAM_BIN:-}" ]]; then
        PICAM=$PICAM_BIN
    else
        log "building picam (NativeAOT): make -C $ROOT aot"
        make -C "$ROOT" aot >"$LOGS/build-picam.log" 2>&1 || { tail -n 30 "$LOGS/build-picam.log" >&2; die "make aot failed"; }
        PICAM=$ROOT/artifacts/aot/picam
    fi
    [[ -x "$PICAM" ]] || die "picam binary not found: $PICAM"
fi

if [[ "${BENCH_WEBRTC_ONLY:-0}" == 1 ]]; then
    [[ -n "$PICAM" ]] || die "BENCH_WEBRTC_ONLY needs picam (not BENCH_FLOOR_ONLY)"
    webrtc_loads
    log "report (also in ${OUT#"$ROOT"/}/report.md; server logs in ${LOGS#"$ROOT"/}/)"
    echo
    "$BENCH" report --dir "$RESULTS" --markdown "$OUT/report.md"
    ((PROBLEMS == 0)) || die "$PROBLEMS load(s) could not run or the server died; see above"
    exit 0
fi

log "floor server, 100 viewers 960x540 @ 30 fps"
if floor_server floor-100 "$BIG" 30; then
    load floor-100 "floor: 100 × 960x540@30" 100 30
    stop_server
else PROBLEMS=$((PROBLEMS + 1)); fi

log "floor server, 500 viewers 640x360 @ 15 fps"
if floor_server floor-500 "$SMALL" 15; then
    load floor-500 "floor: 500 × 640x360@15" 500 15
    stop_server
else PROBLEMS=$((PROBLEMS + 1)); fi

if [[ -n "$PICAM" ]]; then
    for viewers in 1 20 100; do
        log "picam, $viewers viewers 960x540 @ 30 fps"
        if picam_server "picam-$viewers" 960x540 30 "$BIG"; then
            load "picam-$viewers" "picam: $viewers × 960x540@30" "$viewers" 30 --status true
            stop_server
        else PROBLEMS=$((PROBLEMS + 1)); fi
    done

    log "picam, 500 viewers 640x360 @ 15 fps"
    if picam_server picam-500 640x360 15 "$SMALL"; then
        load picam-500 "picam: 500 × 640x360@15" 500 15 --status true
        stop_server
    else PROBLEMS=$((PROBLEMS + 1)); fi

    webrtc_loads
    agent_watch_times

    SOAK_SECONDS=${BENCH_SOAK_SECONDS:-1800}
    if ((SOAK_SECONDS > 0)); then
        log "picam soak: ${SOAK_SECONDS} s of up to ${BENCH_SOAK_VIEWERS:-50} viewers joining and leaving, 960x540 @ 30 fps"
        if picam_server picam-soak 960x540 30 "$BIG"; then
            "$BENCH" soak --port "$PORT" --pid "$SERVER_PID" --seconds "$SOAK_SECONDS" --viewers "${BENCH_SOAK_VIEWERS:-50}" \
                --out "$RESULTS/soak.json" || { warn "soak: the load generator failed"; PROBLEMS=$((PROBLEMS + 1)); }
            kill -0 "$SERVER_PID" 2>/dev/null || { warn "soak: the server exited"; PROBLEMS=$((PROBLEMS + 1)); }
            stop_server
        else PROBLEMS=$((PROBLEMS + 1)); fi
    fi

    log "picam startup: process start -> first complete frame"
    pick_port
    "$BENCH" startup --bin "$PICAM" --port "$PORT" --runs 5 --out "$RESULTS/startup.json" \
        --env "PORT=$PORT" --env BIND=127.0.0.1 --env RESOLUTION=960x540 --env FRAMERATE=30 \
        --env "VIDEO_SOURCE=file:$BIG" --env MAX_CLIENTS=1000 --arg --config --arg /dev/null ||
        { warn "startup probe failed"; PROBLEMS=$((PROBLEMS + 1)); }
fi

log "report (also in ${OUT#"$ROOT"/}/report.md; server logs in ${LOGS#"$ROOT"/}/)"
echo
"$BENCH" report --dir "$RESULTS" --markdown "$OUT/report.md"
if ((PROBLEMS > 0)); then
    die "$PROBLEMS load(s) could not run or the server died; see above"
fi
