#!/usr/bin/env bash
# make run: migrate, build the demo center once, then serve with the task worker.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
HOST="${RONGMEI_HOST:-127.0.0.1}"
PORT="${RONGMEI_PORT:-8000}"
CENTER="${DEMO_CENTER:-632224}"
YEAR="${DEMO_YEAR:-2021}"

# Served as in production: DEBUG off (Chinese 404/500 pages; static files by WhiteNoise).
export DJANGO_DEBUG=false
export RONGMEI_SERVE_MEDIA="${RONGMEI_SERVE_MEDIA:-true}"

# First run: this machine's own random SECRET_KEY and credential key, kept in .env (mode
# 0600, git-ignored) and reused afterwards. Variables set in the shell still win over it.
# Prints the SECRET_KEY that was in effect when a new credential key had to be made, so
# that credentials stored under the key it derived are re-encrypted below.
OLD_SECRET="$($PY - <<'PYEOF'
import os, re, secrets
from pathlib import Path

from cryptography.fernet import Fernet

PUBLIC = {"", "dev-only-insecure-key-change-me", "change-me-to-a-long-random-string"}
path = Path(".env")
lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def value(name):
    for line in lines:
        m = re.match(rf"\s*(?:export\s+)?{name}\s*=\s*(.*)$", line)
        if m:
            return re.sub(r"\s+#.*$", "", m.group(1)).strip().strip("'\"")
    return None


def put(name, new):
    global lines
    kept = [l for l in lines if not re.match(rf"\s*(?:export\s+)?{name}\s*=", l)]
    lines = kept + [f"{name}={new}"]


secret = value("DJANGO_SECRET_KEY")
made_credential_key = False
if (secret or "").strip() in PUBLIC:
    put("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
if not (value("RONGMEI_CREDENTIAL_KEY") or value("RONGMEI_CREDENTIALS_KEY")):
    put("RONGMEI_CREDENTIAL_KEY", Fernet.generate_key().decode())
    made_credential_key = True
# The audit log's hash-chain key (安全审计): made once, never changed afterwards (entries
# chained under it verify only with it).
if not value("RONGMEI_AUDIT_KEY"):
    put("RONGMEI_AUDIT_KEY", secrets.token_urlsafe(48))
# The data keys (数据保密性, rongmei/core/crypto.py): made once. What was encrypted before
# under the key derived from SECRET_KEY ("dev") stays readable through it, second in the
# list; `keys_rotate` below moves it under the new key.
if not value("RONGMEI_DATA_KEYS"):
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    def b64(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    in_effect = os.environ.get("DJANGO_SECRET_KEY") or secret or "dev-only-insecure-key-change-me"
    dev = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"rongmei-data-keys", info=b"v1")
    put("RONGMEI_DATA_KEYS", f"k1:{b64(secrets.token_bytes(32))},dev:{b64(dev.derive(in_effect.encode()))}")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w", encoding="utf-8") as fh:
    fh.write("\n".join(lines) + "\n")
os.chmod(path, 0o600)
if made_credential_key:
    print(os.environ.get("DJANGO_SECRET_KEY") or secret or "dev-only-insecure-key-change-me")
PYEOF
)"

mkdir -p var
$PY manage.py migrate --noinput -v0
if [ -n "$OLD_SECRET" ]; then
  # Credentials stored before .env held a key of its own: under the new key from now on.
  $PY manage.py credentials_rotate --old-secret-key="$OLD_SECRET" >/dev/null ||
    echo "警告：已保存的渠道凭据未能重新加密，请查看上面的原因。"
fi
# Everything encrypted under the current data key (idempotent, quick when nothing is due).
$PY manage.py keys_rotate >/dev/null ||
  echo "警告：有加密数据未能用当前密钥重新加密，请查看上面的原因。"
$PY manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*' -v0 >/dev/null 2>&1 || true
$PY manage.py collectstatic --noinput -v0
# Pages cached by an earlier run may have been rendered with older templates.
$PY manage.py site_cache_purge >/dev/null
if [ ! -f "var/demo-$CENTER-$YEAR.done" ]; then
  echo "正在生成演示中心 $CENTER 的 $YEAR 年数据（首次运行需要一两分钟）…"
  $PY manage.py seed_demo --center "$CENTER" --year "$YEAR" > "var/demo-$CENTER-$YEAR.txt"
  touch "var/demo-$CENTER-$YEAR.done"
fi
cat "var/demo-$CENTER-$YEAR.txt"

if [ "${RONGMEI_TASKS_BACKEND:-db}" = "rq" ]; then
  $PY manage.py rqworker default --job-class django_tasks_rq.Job >var/worker.log 2>&1 &
else
  $PY manage.py db_worker >var/worker.log 2>&1 &
fi
WORKER=$!
# Every minute: publish jobs that are due or were left by a lost worker; every five
# minutes: the site's page views into the publications' figures; at start and once a
# day: the audit log's retention purge (安全审计, RONGMEI_AUDIT_RETENTION_DAYS).
(
  n=0
  d=0
  $PY manage.py audit_purge >>var/worker.log 2>&1 || true
  while sleep 60; do
    $PY manage.py publish_jobs >>var/worker.log 2>&1 || true
    n=$(( (n + 1) % 5 ))
    [ "$n" -eq 0 ] && { $PY manage.py site_views_flush >>var/worker.log 2>&1 || true; }
    d=$(( (d + 1) % 1440 ))
    [ "$d" -eq 0 ] && { $PY manage.py audit_purge >>var/worker.log 2>&1 || true; }
  done
) &
TICKER=$!
trap 'kill $WORKER $TICKER 2>/dev/null || true' EXIT INT TERM

echo
echo "公共网站：  http://$HOST:$PORT/"
echo "员工后台：  http://$HOST:$PORT/admin/"
echo "接口文档：  http://$HOST:$PORT/api/v1/docs"
echo "后台任务日志：var/worker.log（按 Ctrl+C 停止）"
.venv/bin/gunicorn config.wsgi -w "${RONGMEI_WORKERS:-3}" -b "$HOST:$PORT" --access-logfile - --log-level warning
