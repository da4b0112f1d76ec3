"""From an empty PostgreSQL database, only the documented production steps
(README, «Operating Tavana»), then an import that succeeds."""

import subprocess
import uuid

import pytest
from django.db import connection

from tests.people.importing.import_files import PERSIAN_HEADERS, code, write_csv

from .subprocesses import TAVANA, env_for_test_database, postgres_url


@pytest.mark.django_db
def test_an_empty_postgresql_database_takes_the_production_steps_and_an_import(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the production steps are for PostgreSQL")
    import psycopg

    name = f"{connection.settings_dict['NAME']}_fresh_{uuid.uuid4().hex[:6]}"
    server = psycopg.connect(postgres_url("postgres"), autocommit=True)
    server.execute(
        f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
        "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
    )
    env = env_for_test_database(
        DJANGO_SETTINGS_MODULE="tavana.config.settings.production",
        DATABASE_URL=postgres_url(name),
        DJANGO_SECRET_KEY="f" * 60,
        DJANGO_ALLOWED_HOSTS="tavana.example.org",
        TAVANA_REDIS_URL="redis://127.0.0.1:6379/3",
        TAVANA_TRUSTED_PROXIES="127.0.0.1",
        TAVANA_HOME=str(tmp_path / "home"),
        TAVANA_ADMIN_PASSWORD="Sabz-Kuh-1403-Tehran",
    )

    def tavana(*args):
        done = subprocess.run(
            [*TAVANA, *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    people = write_csv(
        tmp_path / "people.csv",
        PERSIAN_HEADERS,
        [
            [1, code(101), "مریم", "احمدی", "علی", "1360/01/15", "09121234567", "4", "تهرانپارس"],
            [2, code(102), "زهرا", "کریمی", "حسن", "1365/05/20", "09121234568", "22", "چیتگر"],
        ],
    )
    try:
        tavana("migrate", "--no-input")
        tavana("createadmin", "admin")
        out = tavana("import", "people", str(people))
        assert out.strip().splitlines()[-1] == "created 2, updated 0, unchanged 0, rejected 0"
        assert tavana("geography", "show").splitlines()[-1].startswith("22\t")
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()
