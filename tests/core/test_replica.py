"""The database router: figures and large exports read from the replica; writes never."""

import pytest
from django.db import transaction
from django.test import override_settings

from tavana.core.models import District
from tavana.core.replica import ReplicaRouter, reads_from_replica, replica_reads

WITH_REPLICA = {"default": {}, "replica": {}}


@override_settings(DATABASES=WITH_REPLICA)
def test_reads_go_to_the_replica_only_inside_replica_reads():
    router = ReplicaRouter()
    assert router.db_for_read(District) == "default"
    with replica_reads():
        assert router.db_for_read(District) == "replica"
        assert District.objects.all().db == "replica"
        assert router.db_for_write(District) == "default"
    assert District.objects.all().db == "default"
    assert not router.allow_migrate("replica", "core") and router.allow_migrate("default", "core")


def test_without_a_replica_everything_stays_on_the_primary():
    with replica_reads():
        assert ReplicaRouter().db_for_read(District) == "default"


@pytest.mark.django_db
@override_settings(DATABASES=WITH_REPLICA)
def test_inside_a_transaction_reads_stay_on_the_primary():
    with replica_reads(), transaction.atomic():
        assert District.objects.all().db == "default"  # must see its own writes


@override_settings(DATABASES=WITH_REPLICA)
def test_the_figures_and_the_person_export_read_from_the_replica():
    from tavana.insights import views as insights
    from tavana.people.export import views as views_export

    seen = []

    @reads_from_replica
    def probe():
        seen.append(District.objects.all().db)

    probe()
    assert seen == ["replica"]
    for view in (insights.dashboard, insights.export, views_export.persons_xlsx):
        inner = view
        while hasattr(inner, "__wrapped__"):
            if inner.__code__ is reads_from_replica(lambda: None).__code__:
                break
            inner = inner.__wrapped__
        else:
            pytest.fail(f"{view.__name__} does not read from the replica")
