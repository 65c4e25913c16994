#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised: the login role the API and the worker
# use. It is a member of rtw_runtime, whose privileges the migrations grant (read and write the
# tables, only read and append the audit trail). The migrations run as the owner, POSTGRES_USER.
set -eu
if [ -z "${APP_DB_PASSWORD:-}" ]; then
  echo "APP_DB_PASSWORD is not set: the application's database role cannot be created" >&2
  exit 1
fi
psql -v ON_ERROR_STOP=1 -v app_password="$APP_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
DO $$ BEGIN
  CREATE ROLE rtw_runtime NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE ROLE rtw_app LOGIN IN ROLE rtw_runtime;
ALTER ROLE rtw_app PASSWORD :'app_password';
SQL
