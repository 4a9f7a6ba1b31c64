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

mkdir -p var
$PY manage.py migrate --noinput -v0
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
# minutes: the site's page views into the publications' figures.
(
  n=0
  while sleep 60; do
    $PY manage.py publish_jobs >>var/worker.log 2>&1 || true
    n=$(( (n + 1) % 5 ))
    [ "$n" -eq 0 ] && { $PY manage.py site_views_flush >>var/worker.log 2>&1 || true; }
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
