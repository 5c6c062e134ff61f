#!/usr/bin/env bash
# `make demo`: the mission on a local controller. Start a throwaway OpenZiti controller (with
# one tunneler-enabled edge router) on free loopback ports and local servers standing in for
# an agent's upstreams; apply examples/demo (the agent-sandbox registry module) with OpenTofu
# and this provider (through dev_overrides, no registry); enroll the agent with the OpenZiti
# SDK (cmd/demo-agent plays the agent pod); show which dials succeed and which are refused;
# hold a connection open, show what the revoking change takes away (ziti-access diff of its
# saved plan), revoke the grant with a second apply and show the connection cut;
# print what ziti_network_audit finds; destroy; stop everything and delete what it wrote.
# Failures and Ctrl-C clean up the same way. No secret is printed: not the admin password,
# not the agent's enrollment token.
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

for f in "$BIN/ziti" "$TF" "$BIN/terraform-provider-ziti" "$BIN/ziti-access"; do
  [[ -x $f ]] || { echo "demo: $f is missing: run 'make demo' (it builds the tools and the provider first)" >&2; exit 1; }
done

say() { printf '==> %s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

T0=$(now)
umask 077 # the controller's PKI, the agent's token and identity: readable by this user only
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ziti-demo-XXXXXX")
ZITI_PID=""
UPSTREAMS_PID=""
HOLD_PID=""
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

# stop_pid PID: end a process this script started.
stop_pid() {
  [[ -n $1 ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# The terminal, for the clean-up's messages: a signal can arrive while a function's output is
# redirected to a log (tf_run), and the trap runs inside that redirection.
exec 3>&1 4>&2

cleanup() {
  local rc=$?
  trap - EXIT
  trap '' INT TERM # a second Ctrl-C must not cut the clean-up short
  exec 1>&3 2>&4
  stop_pid "$HOLD_PID"
  stop_pid "$UPSTREAMS_PID"
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
    # Its own CLI config directory: the quickstart logs the ziti CLI in and caches the CA per
    # host there, which would clash with other local controllers and the user's own login.
    XDG_CONFIG_HOME=$WORK/ziti-config-$attempt HOME=$WORK \
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

# The agent pod and the upstream servers, played by one small SDK program.
AGENT=$WORK/demo-agent
say "building the demo agent (cmd/demo-agent, the OpenZiti Go SDK)"
go build -o "$AGENT" ./cmd/demo-agent

start_controller

ROUTER=router-quickstart # the quickstart's tunneler-enabled edge router

# Local servers the router connects to: the platform services behind the overlay, an internet
# API the agent may reach (egress), and an admin API it must not reach. Each answers
# "<name>: <what it read>".
say "starting local servers standing in for the llm proxy, the gateway, the tracing collector, an internet API (docs) and an internal admin API"
"$AGENT" upstreams -ports-file "$WORK/ports" llm-proxy gateway tracing docs admin-api >"$WORK/upstreams.log" 2>&1 &
UPSTREAMS_PID=$!
for _ in $(seq 100); do
  [[ -s $WORK/ports ]] && break
  kill -0 "$UPSTREAMS_PID" 2>/dev/null || { echo "demo: the local servers did not start:" >&2; tail -n 5 "$WORK/upstreams.log" >&2; exit 1; }
  sleep 0.1
done
[[ -s $WORK/ports ]] || { echo "demo: the local servers did not report their ports" >&2; exit 1; }
declare -A PORT
while IFS='=' read -r name port; do PORT[$name]=$port; done <"$WORK/ports"
for name in llm-proxy gateway tracing docs admin-api; do printf '      %-10s 127.0.0.1:%s\n' "$name" "${PORT[$name]}"; done

# router_online: the management API lists the router as online (it connects a few seconds
# after the controller starts, and it carries every circuit of the demo). The session token
# goes to curl through a file, never on a command line.
router_online() {
  if [[ ! -s $WORK/session.header ]]; then
    printf '{"username":"admin","password":"%s"}' "$ADMIN_PASSWORD" |
      curl -sf --max-time 5 --cacert "$CA_FILE" -H 'Content-Type: application/json' --data @- -o /dev/null -D - \
        "$API_URL/edge/management/v1/authenticate?method=password" | tr -d '\r' | grep -i '^zt-session:' >"$WORK/session.header" || return 1
  fi
  curl -sf --max-time 5 --cacert "$CA_FILE" -H @"$WORK/session.header" -G --data-urlencode "filter=name=\"$ROUTER\"" \
    "$API_URL/edge/management/v1/edge-routers" | grep -Eq '"isOnline": ?true'
}
t=$(now)
if command -v curl >/dev/null; then
  for _ in $(seq 300); do # 60 s
    router_online && break
    sleep 0.2
  done
  router_online || { echo "demo: edge router $ROUTER is not online after 60 s; the controller's log ends:" >&2; log_tail "$LOG" 20; exit 1; }
  say "edge router $ROUTER online after $(since "$t")"
else
  say "curl is not installed: giving edge router $ROUTER 10 s to come online"
  sleep 10
fi

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
VARS=(-var "upstream_ports={llm_proxy=${PORT[llm-proxy]},gateway=${PORT[gateway]},tracing=${PORT[tracing]},docs=${PORT[docs]},admin_api=${PORT[admin-api]}}" -var "host_router=$ROUTER")
tf() { "$TF" -chdir="$CONFIG_DIR" "$@"; }

# tf_run NAME ARGS...: run apply/destroy with the whole output in $WORK/NAME.log (all of it
# shown with DEMO_VERBOSE=1 or on failure); otherwise show what it decided and did: the plan's
# "# ... will be ..." lines, its summary, the provider's warnings (e.g. connections closed).
tf_run() {
  local log=$WORK/$1.log rc=0
  shift
  if [[ -n ${DEMO_VERBOSE:-} ]]; then
    tf "$@" "${COLOR[@]}" 2>&1 | tee "$log" || rc=$?
    return "$rc"
  fi
  tf "$@" -no-color >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    sed "s/${ADMIN_PASSWORD}/<redacted>/g" "$log" >&2
    return "$rc"
  fi
  awk '
    /^(Warning|Error): / { show = ($0 !~ /Provider development overrides/); body = 0 }
    show { print "    " $0; if ($0 == "" && body) show = 0; else if ($0 != "" && $0 !~ /^(Warning|Error): /) body = 1; next }
    /^  # .* (will be|must be)/ || /^(Plan|Apply complete|Destroy complete)/ { print "    " $0 }
  ' "$log"
}

# The provider reads its configuration from these (examples/demo has `provider "ziti" {}`).
export ZITI_API_URL=$API_URL ZITI_USERNAME=admin ZITI_PASSWORD=$ADMIN_PASSWORD ZITI_CA_FILE=$CA_FILE

# `get` records the local modules (no `init`: the provider comes from dev_overrides).
tf get "${COLOR[@]}" >/dev/null

say "$(basename "$TF") apply ($CONFIG_DIR): the agent's identity and sandbox (module ../modules/agent-sandbox), the admin API for operators only"
t=$(now)
tf_run apply-1 apply -auto-approve -input=false -state="$STATE" "${VARS[@]}"
say "applied in $(since "$t")"

say "outputs"
tf output "${COLOR[@]}" -state="$STATE"

# The token goes from the state to the agent through a file only this user can read.
AGENT_NAME=$(tf output -raw -state="$STATE" agent_name)
say "enrolling agent $AGENT_NAME with its one-time token ($(basename "$TF") output -raw agent_enrollment_jwt; the token is not shown)"
tf output -raw -state="$STATE" agent_enrollment_jwt >"$WORK/agent.jwt"
"$AGENT" enroll -jwt-file "$WORK/agent.jwt" -out "$WORK/agent.json" 2>"$WORK/enroll.log" | sed 's/^/    /' ||
  { tail -n 5 "$WORK/enroll.log" >&2; exit 1; }
rm -f "$WORK/agent.jwt"

# probe SPEC...: the agent dials each target; + expects it to work, - expects it refused.
probe() { "$AGENT" probe -identity "$WORK/agent.json" -- "$@" 2>"$WORK/probe.log" || { tail -n 5 "$WORK/probe.log" >&2; return 1; }; }

say "the agent dials: what the sandbox grants works, everything else is refused"
probe \
  "+llm proxy=llm-proxy.ziti:443" \
  "+llm proxy by name=service:llm-proxy.ziti" \
  "+gateway=gateway.ziti:443" \
  "+tracing=tracing.ziti:4318" \
  "+internet API (egress allowlist)=127.0.0.1:${PORT[docs]}" \
  "-llm proxy, another port=llm-proxy.ziti:8080" \
  "-admin API (operators only)=admin-api.ziti:443" \
  "-admin API by name=service:admin-api" \
  "-admin API's own address=127.0.0.1:${PORT[admin-api]}" \
  "-unlisted internet host=example.com:443"

say "the agent opens a long-lived connection to llm-proxy.ziti:443 (in the background)"
"$AGENT" hold -identity "$WORK/agent.json" -timeout 90s -ready-file "$WORK/hold.ready" -cut-file "$WORK/hold.cut" \
  llm-proxy.ziti:443 >"$WORK/hold.log" 2>&1 &
HOLD_PID=$!
for _ in $(seq 150); do
  [[ -e $WORK/hold.ready ]] && break
  kill -0 "$HOLD_PID" 2>/dev/null || break
  sleep 0.1
done
[[ -e $WORK/hold.ready ]] || { echo "demo: the agent could not open its connection:" >&2; tail -n 5 "$WORK/hold.log" >&2; exit 1; }
sed 's/^/    /' "$WORK/hold.log"

# The review a pull request gets before the apply: the revoking change's saved plan, read by
# ziti-access against the live controller (same ZITI_* environment as the provider).
say "ziti-access diff: who loses reach with revoke_llm_proxy=true, from the saved plan, before applying it"
tf plan -input=false -no-color -state="$STATE" "${VARS[@]}" -var revoke_llm_proxy=true -out="$WORK/revoke.tfplan" >"$WORK/plan-2.log" 2>&1 ||
  { sed "s/${ADMIN_PASSWORD}/<redacted>/g" "$WORK/plan-2.log" >&2; exit 1; }
tf show -json "$WORK/revoke.tfplan" >"$WORK/revoke.plan.json"
"$BIN/ziti-access" diff "$WORK/revoke.plan.json" | sed 's/^/    /'

say "$(basename "$TF") apply -var revoke_llm_proxy=true: llm-proxy.ziti leaves the agent's sandbox"
t=$(now)
tf_run apply-2 apply -auto-approve -input=false -state="$STATE" "${VARS[@]}" -var revoke_llm_proxy=true
APPLY_END=$(now)
say "applied in $(since "$t")"

say "the agent's open connection to llm-proxy.ziti"
HOLD_RC=0
wait "$HOLD_PID" || HOLD_RC=$?
HOLD_PID=""
tail -n +2 "$WORK/hold.log" | sed 's/^/    /'
if ((HOLD_RC != 0)) || [[ ! -s $WORK/hold.cut ]]; then
  echo "demo: the revocation did not cut the open connection" >&2
  exit 1
fi
awk -v cut="$(cat "$WORK/hold.cut")" -v end="$APPLY_END" -v start="$t" 'BEGIN {
  d = cut - end
  if (d <= 0) printf "    cut %.1fs after the apply started, %.2fs before it returned (the provider closes the circuits during the apply)\n", cut - start, -d
  else printf "    cut %.2fs after the apply returned\n", d
}'

say "the agent dials again: llm-proxy.ziti is refused, the rest of the sandbox still works"
probe \
  "-llm proxy=llm-proxy.ziti:443" \
  "-llm proxy by name=service:llm-proxy.ziti" \
  "+gateway=gateway.ziti:443" \
  "+tracing=tracing.ziti:4318"

say "what ziti_network_audit finds on this network (output audit)"
tf output -raw -state="$STATE" audit | sed 's/^/    /'
echo

say "$(basename "$TF") destroy"
t=$(now)
tf_run destroy destroy -auto-approve -input=false -state="$STATE" "${VARS[@]}" -var revoke_llm_proxy=true
say "destroyed in $(since "$t")"
