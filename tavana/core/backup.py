"""Backups of the whole installation: the database and the uploaded documents, in one file.

`backup_create` writes a tar archive holding
- `manifest.json`: when, which engine, Tavana's version, the newest migration
  of each app, the audit log's length and last hash;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`: consistent while the
  app keeps running) or `database.sqlite3` (SQLite's online backup API);
- `media/…`: every uploaded document under MEDIA_ROOT.

`backup_restore` puts all of it back: PostgreSQL with `pg_restore --clean
--single-transaction` (all or nothing), SQLite through the backup API into
the live file, the documents swapped in whole; then it walks the audit chain
and says whether it still verifies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from .errors import ServiceError

FORMAT = 1


@dataclass
class BackupInfo:
    path: Path
    manifest: dict


def _pg_env_and_url() -> tuple[dict, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    host = s.get("HOST") or "localhost"
    port = s.get("PORT") or "5432"
    return env, f"postgresql://{s.get('USER') or ''}@{host}:{port}/{s['NAME']}"


def _run(args: list[str], env: dict | None = None) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise ServiceError(
            {"backup": f"{Path(args[0]).name} ناموفق بود: {done.stderr.strip()[-500:]}"},
            code="backup_tool_failed",
        )


def _manifest() -> dict:
    from tavana.audit.models import AuditEntry

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
    return {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "tavana": version("tavana"),
        "migrations": latest,
        "audit_entries": AuditEntry.objects.count(),
        "audit_last": last,
    }


def default_backup_path() -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.TAVANA_HOME) / "backups" / f"tavana-{stamp}.tar"


def backup_create(*, output: Path | None = None) -> BackupInfo:
    output = Path(output or default_backup_path())
    if output.is_dir():
        output = output / default_backup_path().name
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest = _manifest()
    with tempfile.TemporaryDirectory(prefix="tavana-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            env, url = _pg_env_and_url()
            db_file = work / "database.dump"
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={db_file}",
                    f"--dbname={url}",
                ],
                env,
            )
        elif connection.vendor == "sqlite":
            db_file = work / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:  # pragma: no cover - the settings allow only these two
            raise ServiceError({"backup": f"پشتیبان‌گیری از {connection.vendor} پشتیبانی نمی‌شود."})
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(db_file, arcname=db_file.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname="media")
        partial.replace(output)  # a backup file is either whole or absent
    output.chmod(0o600)  # it holds every person's record
    return BackupInfo(output, manifest)


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = tar.getmembers()
    for m in members:
        p = Path(m.name)
        if p.is_absolute() or ".." in p.parts or not (m.isfile() or m.isdir()):
            raise ServiceError({"backup": f"پروندهٔ پشتیبان مشکوک است: {m.name}"}, code="unsafe")
    return members


def backup_read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive) as tar:
            f = tar.extractfile("manifest.json")
            manifest = json.loads(f.read()) if f else None
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as e:
        raise ServiceError({"backup": "این فایل پشتیبان توانا نیست یا آسیب دیده است."}) from e
    if not manifest or manifest.get("format") != FORMAT:
        raise ServiceError({"backup": "نسخهٔ این فایل پشتیبان شناخته نیست."})
    return manifest


def backup_restore(*, archive: Path):
    """Replace the database and the documents with the archive's; returns the
    audit verification report of the restored database."""
    from tavana.audit.services import audit_verify

    archive = Path(archive)
    manifest = backup_read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise ServiceError(
            {
                "backup": f"این پشتیبان از {manifest['engine']} است و پایگاه کنونی {connection.vendor}."
            }
        )
    with tempfile.TemporaryDirectory(prefix="tavana-restore-", dir=settings.TAVANA_HOME) as tmp:
        work = Path(tmp)
        with tarfile.open(archive) as tar:
            tar.extractall(work, members=_safe_members(tar), filter="data")
        connections.close_all()
        if connection.vendor == "postgresql":
            env, url = _pg_env_and_url()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={url}",
                    str(work / "database.dump"),
                ],
                env,
            )
        else:
            source = sqlite3.connect(work / "database.sqlite3")
            target = sqlite3.connect(connection.settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        media = Path(settings.MEDIA_ROOT)
        restored = work / "media"
        if media.exists():
            old = media.with_name(media.name + ".before-restore")
            shutil.rmtree(old, ignore_errors=True)
            media.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        if restored.exists():
            shutil.move(str(restored), media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    return audit_verify()
