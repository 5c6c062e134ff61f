#!/usr/bin/env bash
# `make demo`: start a throwaway OpenZiti controller (with one edge router) on free loopback
# ports, apply examples/demo with OpenTofu and this provider (through dev_overrides, no
# registry), print the outputs, destroy, stop the controller and delete everything it wrote.
# Failures and Ctrl-C clean up the same way.
#
# Environment: BIN (where `make tools build` put ziti, tofu and terraform-provider-ziti;
# default ./bin), DEMO_TF (the CLI to use; default $BIN/tofu, $BIN/terraform works too),
# DEMO_KEEP=1 keeps the temporary directory (controller home, state, logs) for inspection.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=${BIN:-$ROOT/bin}
TF=${DEMO_TF:-$BIN/tofu}
CONFIG_DIR=examples/demo

for f in "$BIN/ziti" "$TF" "$BIN/terraform-provider-ziti"; do
  [[ -x $f ]] || { echo "demo: $f is missing: run 'make demo' (it builds the tools and the provider first)" >&2; exit 1; }
done

say() { printf '==> %s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

T0=$(now)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ziti-demo-XXXXXX")
ZITI_PID=""
# A fresh random admin password per run. It is never printed; log excerpts shown on failure
# have it masked. (The quickstart only takes it on its command line, so local users who can
# list processes can see it for the lifetime of this throwaway controller.)
ADMIN_PASSWORD="Demo$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"

stop_controller() {
  [[ -n $ZITI_PID ]] || return 0
  if kill -0 "$ZITI_PID" 2>/dev/null; then
    kill -TERM "$ZITI_PID" 2>/dev/null || true
    for _ in $(seq 150); do # SIGTERM stops it in about 1.5 s; give it 15 s
      kill -0 "$ZITI_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$ZITI_PID" 2>/dev/null || true
  fi
  wait "$ZITI_PID" 2>/dev/null || true
  ZITI_PID=""
}

cleanup() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM # a second Ctrl-C must not cut the clean-up short
  stop_controller
  if [[ -n ${DEMO_KEEP:-} ]]; then
    say "kept $WORK (DEMO_KEEP is set)"
  else
    rm -rf "$WORK"
  fi
  if ((rc == 0)); then
    say "demo finished in $(since "$T0"); controller stopped, $WORK removed"
  else
    say "demo FAILED (exit $rc) after $(since "$T0"); controller stopped, temporary files removed" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The controller's log, with the admin password masked.
log_tail() { tail -n "${2:-30}" "$1" 2>/dev/null | sed "s/${ADMIN_PASSWORD}/<redacted>/g" >&2; }

# port_in_use PORT: something accepts connections on it.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port [EXCEPT]: a port nothing listens on, below Linux's ephemeral range.
pick_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 12000))
    if [[ $p != "${1:-}" ]] && ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
  done
  echo "demo: no free TCP port found" >&2
  return 1
}

# api_ready: the management API answers over verified TLS and accepts the admin's password.
api_ready() {
  [[ -s $CA_FILE ]] || return 1
  if command -v curl >/dev/null; then
    curl -sf -o /dev/null --max-time 5 --cacert "$CA_FILE" "$API_URL/edge/management/v1/version" || return 1
    # The password goes through stdin, not curl's command line.
    printf '{"username":"admin","password":"%s"}' "$ADMIN_PASSWORD" |
      curl -sf -o /dev/null --max-time 5 --cacert "$CA_FILE" -H 'Content-Type: application/json' \
        --data @- "$API_URL/edge/management/v1/authenticate?method=password"
  else
    # Without curl: the port accepts connections; give the login a moment to follow.
    port_in_use "$CTRL_PORT" && sleep 1
  fi
}

# Start the quickstart; retry on other ports if it dies during start-up (a port race).
start_controller() {
  local attempt
  for attempt in 1 2 3; do
    CTRL_PORT=$(pick_port)
    ROUTER_PORT=$(pick_port "$CTRL_PORT")
    ZITI_HOME_DIR=$WORK/controller-$attempt # a reused home would keep an old password
    CA_FILE=$ZITI_HOME_DIR/pki/root-ca/certs/root-ca.cert
    API_URL=https://127.0.0.1:$CTRL_PORT
    LOG=$WORK/controller-$attempt.log
    say "starting the OpenZiti controller and edge router ($("$BIN/ziti" version 2>/dev/null || echo ziti)) on 127.0.0.1:$CTRL_PORT / :$ROUTER_PORT"
    local t=$(now)
    "$BIN/ziti" edge quickstart --ctrl-address 127.0.0.1 --router-address 127.0.0.1 \
      --ctrl-port "$CTRL_PORT" --router-port "$ROUTER_PORT" \
      --home "$ZITI_HOME_DIR" -u admin -p "$ADMIN_PASSWORD" >"$LOG" 2>&1 &
    ZITI_PID=$!
    for _ in $(seq 450); do # 90 s
      if ! kill -0 "$ZITI_PID" 2>/dev/null; then
        wait "$ZITI_PID" 2>/dev/null || true
        ZITI_PID=""
        echo "demo: the controller exited during start-up; its log ends:" >&2
        log_tail "$LOG" 15
        continue 2
      fi
      if api_ready; then
        say "controller ready at $API_URL in $(since "$t")"
        return 0
      fi
      sleep 0.2
    done
    echo "demo: the controller at $API_URL did not answer within 90 s; its log ends:" >&2
    log_tail "$LOG" 30
    return 1
  done
  echo "demo: the controller failed to start three times" >&2
  return 1
}

start_controller

# OpenTofu/Terraform use the provider binary in $BIN for agentfence/ziti (both registries'
# addresses), with no `init` and no download. Its working data and the state stay in $WORK.
cat >"$WORK/dev.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/agentfence/ziti" = "$BIN"
    "registry.opentofu.org/agentfence/ziti" = "$BIN"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE=$WORK/dev.tfrc TF_DATA_DIR=$WORK/tf-data CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
STATE=$WORK/demo.tfstate
COLOR=()
[[ -t 1 ]] || COLOR=(-no-color) # plain text when the output goes to a file or a CI log

# The provider reads its configuration from these (examples/demo has `provider "ziti" {}`).
export ZITI_API_URL=$API_URL ZITI_USERNAME=admin ZITI_PASSWORD=$ADMIN_PASSWORD ZITI_CA_FILE=$CA_FILE

say "$(basename "$TF") apply ($CONFIG_DIR)"
t=$(now)
"$TF" -chdir="$CONFIG_DIR" apply -auto-approve -input=false "${COLOR[@]}" -state="$STATE"
say "applied in $(since "$t")"

say "outputs"
"$TF" -chdir="$CONFIG_DIR" output "${COLOR[@]}" -state="$STATE"

say "$(basename "$TF") destroy"
t=$(now)
"$TF" -chdir="$CONFIG_DIR" destroy -auto-approve -input=false "${COLOR[@]}" -state="$STATE"
say "destroyed in $(since "$t")"
