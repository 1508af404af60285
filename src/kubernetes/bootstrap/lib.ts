// The shell library every instance keeps at /opt/kube-tui/lib.sh: logging, bounded retries, IMDSv2
// and S3 requests signed with the instance role's temporary credentials. The images have no AWS CLI:
// requests are signed by curl --aws-sigv4 (curl >= 7.82 signs the session-token and payload-hash
// headers we add) or, on older curl (Ubuntu 22.04 ships 7.81), by the same SigV4 steps done with openssl.
import { statusPrefix } from '../status.js';
import { sh, shellAssignments } from './sh.js';

export const LIB_PATH = '/opt/kube-tui/lib.sh';
export const LOG_PATH = '/var/log/kube-tui-bootstrap.log';
/** One `<phase>.done` file per finished phase: a rerun (a reboot, the unit started again) skips them. */
export const PHASES_DIR = '/var/lib/kube-tui/phases';
export const STATUS_TAIL_LINES = 20;

export interface LibInput {
  cluster: string;
  role: 'master' | 'node';
  bucket: string;
  bucketRegion: string;
}

/** Where a bucket's objects are addressed: virtual-hosted style, or path style for dotted names (TLS). */
export function s3BaseUrl(bucket: string, region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return bucket.includes('.')
    ? `https://s3.${region}.${domain}/${bucket}`
    : `https://${bucket}.s3.${region}.${domain}`;
}

export function libScript(input: LibInput): string {
  return sh`#!/bin/bash
# kube-tui instance library (sourced): logging, retries, IMDSv2, S3 with the instance role.
${shellAssignments({
  KT_CLUSTER: input.cluster,
  KT_ROLE: input.role,
  KT_BUCKET_REGION: input.bucketRegion,
  KT_STATUS_PREFIX: statusPrefix(input.cluster, input.role),
})}
# Overridable for tests against an emulator; the defaults are AWS's.
: "\${KT_S3_BASE:=${s3BaseUrl(input.bucket, input.bucketRegion)}}"
: "\${KT_IMDS:=http://169.254.169.254}"
export KT_CLUSTER KT_ROLE KT_BUCKET_REGION KT_S3_BASE KT_IMDS KT_STATUS_PREFIX

log() {
  printf '%s kube-tui[%s]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$KT_ROLE" "$*" >&2
}

# retry ATTEMPTS DELAY_SECONDS COMMAND...: runs COMMAND until it succeeds, at most ATTEMPTS times.
retry() {
  local attempts=$1 delay=$2 attempt=1
  shift 2
  until "$@"; do
    if [ "$attempt" -ge "$attempts" ]; then
      log "giving up after $attempt attempts: $*"
      return 1
    fi
    log "attempt $attempt of $attempts failed, retrying in \${delay}s: $*"
    sleep "$delay"
    attempt=$((attempt + 1))
  done
}

imds_token() {
  curl -fsS --connect-timeout 5 --max-time 10 -X PUT \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' "$KT_IMDS/latest/api/token"
}

# imds PATH: a value from the instance metadata service (IMDSv2: session token first).
imds() {
  local token
  token=$(imds_token) || return 1
  curl -fsS --connect-timeout 5 --max-time 10 -H "X-aws-ec2-metadata-token: $token" "$KT_IMDS/latest/$1"
}

# json_string FIELD: the string value of FIELD in the flat JSON document on stdin (no jq on the images).
json_string() {
  tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"
}

# Sets KT_ACCESS_KEY, KT_SECRET_KEY and KT_SESSION_TOKEN from the instance role (valid for hours;
# fetched per request, so a long retry loop never signs with expired credentials).
load_role_credentials() {
  local role document
  role=$(imds meta-data/iam/security-credentials/ | head -n 1) || return 1
  [ -n "$role" ] || { log "the instance has no IAM role"; return 1; }
  document=$(imds "meta-data/iam/security-credentials/$role") || return 1
  KT_ACCESS_KEY=$(printf '%s' "$document" | json_string AccessKeyId)
  KT_SECRET_KEY=$(printf '%s' "$document" | json_string SecretAccessKey)
  KT_SESSION_TOKEN=$(printf '%s' "$document" | json_string Token)
  [ -n "$KT_ACCESS_KEY" ] && [ -n "$KT_SECRET_KEY" ] && [ -n "$KT_SESSION_TOKEN" ]
}

sha256_hex() {
  openssl dgst -sha256 -r | cut -d ' ' -f 1
}

# hmac_hex HEXKEY DATA
hmac_hex() {
  printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -r | cut -d ' ' -f 1
}

# Does this curl sign the headers we add (x-amz-security-token, x-amz-content-sha256)? From 7.82.
curl_signs_headers() {
  local version major minor
  case "\${KT_SIGV4:-auto}" in
    curl) return 0 ;;
    openssl) return 1 ;;
  esac
  version=$(curl --version | head -n 1 | cut -d ' ' -f 2)
  major=\${version%%.*}
  minor=\${version#*.}
  minor=\${minor%%.*}
  [ "$major" -gt 7 ] || { [ "$major" -eq 7 ] && [ "$minor" -ge 82 ]; }
}

# aws_request SERVICE REGION METHOD URL PAYLOAD_SHA256 [CURL ARGS...]: one request signed (SigV4) with
# the role's credentials. Runs under retry, where bash suspends set -e: failures are checked explicitly.
aws_request() {
  local service=$1 region=$2 method=$3 url=$4 payload=$5
  shift 5
  load_role_credentials || return 1
  if curl_signs_headers; then
    # Any process on the instance can read these credentials from IMDS, so passing them as
    # arguments discloses nothing new.
    curl -fsS --connect-timeout 10 --max-time 300 -X "$method" \
      --aws-sigv4 "aws:amz:$region:$service" --user "$KT_ACCESS_KEY:$KT_SECRET_KEY" \
      -H "x-amz-security-token: $KT_SESSION_TOKEN" -H "x-amz-content-sha256: $payload" \
      "$@" "$url"
    # An explicit status: a bare return in a trap handler (the failure report) returns the status
    # from before the trap.
    return $?
  fi
  local now day rest host path scope signed canonical string_to_sign signing_key signature
  now=$(date -u +%Y%m%dT%H%M%SZ)
  day=\${now%%T*}
  rest=\${url#*://}
  host=\${rest%%/*}
  path=/
  [ "$rest" = "$host" ] || path="/\${rest#*/}"
  scope="$day/$region/$service/aws4_request"
  signed='host;x-amz-content-sha256;x-amz-date;x-amz-security-token'
  canonical=$(printf '%s\n' "$method" "$path" "" "host:$host" "x-amz-content-sha256:$payload" \
    "x-amz-date:$now" "x-amz-security-token:$KT_SESSION_TOKEN" "" "$signed" "$payload")
  string_to_sign=$(printf '%s\n' 'AWS4-HMAC-SHA256' "$now" "$scope" "$(printf '%s' "$canonical" | sha256_hex)")
  signing_key=$(printf '%s' "$day" | openssl dgst -sha256 -mac HMAC -macopt "key:AWS4$KT_SECRET_KEY" -r | cut -d ' ' -f 1)
  signing_key=$(hmac_hex "$signing_key" "$region")
  signing_key=$(hmac_hex "$signing_key" "$service")
  signing_key=$(hmac_hex "$signing_key" aws4_request)
  signature=$(hmac_hex "$signing_key" "$string_to_sign")
  curl -fsS --connect-timeout 10 --max-time 300 -X "$method" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=$KT_ACCESS_KEY/$scope, SignedHeaders=$signed, Signature=$signature" \
    -H "x-amz-date: $now" -H "x-amz-content-sha256: $payload" -H "x-amz-security-token: $KT_SESSION_TOKEN" \
    "$@" "$url"
}

# s3_request METHOD KEY PAYLOAD_SHA256 [CURL ARGS...]: one signed request for an object of the bucket.
s3_request() {
  local method=$1 key=$2 payload=$3
  shift 3
  aws_request s3 "$KT_BUCKET_REGION" "$method" "$KT_S3_BASE/$key" "$payload" "$@"
  return $?
}

# ec2_query REGION BODY: one EC2 Query API call (a form POST, e.g. "Action=DescribeInstances&…"); the
# XML answer on stdout.
ec2_query() {
  local region=$1 body=$2 base payload domain=amazonaws.com
  case "$region" in cn-*) domain=amazonaws.com.cn ;; esac
  base=\${KT_EC2_BASE:-https://ec2.$region.$domain}
  payload=$(printf '%s' "$body" | sha256_hex)
  aws_request ec2 "$region" POST "$base/" "$payload" \
    -H 'Content-Type: application/x-www-form-urlencoded; charset=utf-8' --data-binary "$body"
  return $?
}

EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

# s3_get KEY DEST [MODE]: downloads an object (bounded retries), replacing DEST atomically.
s3_get() {
  local key=$1 dest=$2 mode=\${3:-0644}
  mkdir -p "$(dirname "$dest")"
  if retry 10 6 s3_request GET "$key" "$EMPTY_SHA256" -o "$dest.part"; then
    chmod "$mode" "$dest.part"
    mv -f "$dest.part" "$dest"
  else
    rm -f "$dest.part"
    log "could not download s3 object $key"
    return 1
  fi
}

# s3_put KEY FILE: uploads FILE (the bucket encrypts it at rest by default).
s3_put() {
  local key=$1 file=$2 payload
  payload=$(sha256_hex <"$file")
  retry 10 6 s3_request PUT "$key" "$payload" -T "$file" -o /dev/null
}
# ---- boot phases and the status object ----
KT_PHASES_DIR=${PHASES_DIR}
KT_CURRENT_PHASE=""

# json_string_value TEXT: TEXT as a JSON string (quotes, backslashes and control characters escaped).
json_string_value() {
  printf '%s' "$1" | tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' \
    | awk 'BEGIN { printf "\"" } { if (NR > 1) printf "\\n"; printf "%s", $0 } END { printf "\"" }'
}

# redact: removes what looks like a secret from log lines (bootstrap tokens, keys, credentials).
redact() {
  sed -E \
    -e 's/[a-z0-9]{6}\.[a-z0-9]{16}/<redacted-token>/g' \
    -e 's/(A(KI|SI)A)[A-Z0-9]{12,}/\1<redacted>/g' \
    -e 's/-----BEGIN [A-Z ]*PRIVATE[ ]KEY.*/<redacted-key>/g' \
    -e 's/((token|secret|password|passwd|key|credential|authorization)[A-Za-z_-]*"?[[:space:]]*[:=][[:space:]]*"?)[^[:space:],"]+/\1<redacted>/Ig'
}

phases_done_json() {
  local list="" phase
  for phase in "$@"; do
    if [ -f "$KT_PHASES_DIR/$phase.done" ]; then
      list="$list\${list:+,}\"$phase\""
    fi
  done
  printf '[%s]' "$list"
}

# report_status PHASE [FAILED_PHASE]: writes this instance's status object (best effort: a status that
# cannot be written never stops the bootstrap).
report_status() {

  local phase=$1 failed=\${2:-} instance body file line tail=""
  instance=$(imds meta-data/instance-id 2>/dev/null) || { log "could not report status: no instance id"; return 0; }
  body="{\"version\":1,\"instanceId\":$(json_string_value "$instance"),\"role\":\"$KT_ROLE\",\"phase\":\"$phase\""
  # shellcheck disable=SC2086 # the phase names, one word each
  body="$body,\"phasesDone\":$(phases_done_json \${KT_ALL_PHASES:-})"
  if [ -n "$failed" ]; then
    while IFS= read -r line; do
      tail="$tail\${tail:+,}$(json_string_value "$line")"
    done < <(tail -n ${STATUS_TAIL_LINES} ${LOG_PATH} 2>/dev/null | redact)
    body="$body,\"failedPhase\":\"$failed\",\"logTail\":[$tail]"
  fi
  body="$body,\"updatedAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}"
  file=$(mktemp)
  printf '%s\n' "$body" >"$file"
  s3_put "\${KT_STATUS_PREFIX}$instance.json" "$file" || log "could not report status to s3"
  rm -f "$file"
  return 0
}

# run_phase PHASE FUNCTION...: runs the functions in order unless PHASE finished before, then records
# it. A failure exits the script (set -e) and the EXIT trap reports the phase that failed.
run_phase() {
  local phase=$1 step
  shift
  if [ -f "$KT_PHASES_DIR/$phase.done" ]; then
    log "phase $phase: done before"
    return 0
  fi
  KT_CURRENT_PHASE=$phase
  log "phase $phase: starting"
  report_status "$phase"
  for step in "$@"; do
    "$step"
  done
  mkdir -p "$KT_PHASES_DIR"
  touch "$KT_PHASES_DIR/$phase.done"
  KT_CURRENT_PHASE=""
  log "phase $phase: done"
}

# finish_phases: the last phase, done (reported once).
finish_phases() {
  if [ -f "$KT_PHASES_DIR/done.done" ]; then
    log "bootstrap finished before; nothing to do"
    return 0
  fi
  mkdir -p "$KT_PHASES_DIR"
  touch "$KT_PHASES_DIR/done.done"
  report_status "done"
}

on_bootstrap_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$KT_CURRENT_PHASE" ]; then
    log "phase $KT_CURRENT_PHASE failed (exit $status)"
    report_status failed "$KT_CURRENT_PHASE"
  fi
  exit "$status"
}
`;
}
