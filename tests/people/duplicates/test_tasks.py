"""The whole-registry duplicate scan as a background task (immediate backend in tests)."""

from __future__ import annotations

import pytest
from django_tasks import TaskResultStatus

from tavana.accounts import roles
from tavana.audit.models import AuditEntry
from tavana.core.models import JobProgress
from tavana.people.duplicates import tasks
from tavana.people.duplicates.services import duplicate_mark_not_same, duplicate_scan_start
from tavana.people.models import DuplicateCandidate, Person
from tavana.people.services import person_create

pytestmark = pytest.mark.django_db

MARYAM = {
    "first_name": "مریم",
    "last_name": "رضایی‌پور",
    "father_name": "علی",
    "birth_date": "1365/04/12",
    "mobile": "09121234567",
    "national_code": "0012345679",
}
# the same woman registered again: Arabic letters, no half-space, a new mobile, no code
MARYAM_AGAIN = {
    "first_name": "مريم",
    "last_name": "رضايي پور",
    "father_name": "علي",
    "birth_date": "۱۳۶۵/۰۴/۱۲",
    "mobile": "09351112233",
}
# her sister: same surname, father and phone, another first name and birth date
SISTER = {
    "first_name": "زهرا",
    "last_name": "رضایی‌پور",
    "father_name": "علی",
    "birth_date": "1368/09/30",
    "mobile": "09121234567",
}


@pytest.fixture
def registrar(make_user):
    return make_user(roles.REGISTRAR)


@pytest.fixture
def people(registrar):
    return [person_create(actor=registrar, data=d) for d in (MARYAM, MARYAM_AGAIN, SISTER)]


def test_scan_task_queues_the_pair_and_reports_progress(people, registrar):
    maryam, again, sister = people
    result = tasks.duplicate_scan.enqueue(owner_id=registrar.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["persons"] == 3
    assert result.return_value["new"] == 1
    pairs = list(DuplicateCandidate.objects.values_list("person_a_id", "person_b_id", "source"))
    assert pairs == [(maryam.pk, again.pk, "scan")]
    c = DuplicateCandidate.objects.get()
    assert c.score > 0 and c.reasons and c.status == DuplicateCandidate.OPEN
    job = JobProgress.objects.get(task_id=str(result.id))
    assert job.kind == tasks.SCAN_KIND and job.finished and not job.failed
    assert job.result["new"] == 1 and job.percent == 100
    entry = AuditEntry.objects.get(action="duplicate.scan")
    assert entry.actor_id == registrar.pk


def test_rescan_does_not_repropose_decided_pairs(people, make_user):
    reviewer = make_user(roles.ADMINISTRATOR)  # a reviewer whose scope holds the pair
    tasks.duplicate_scan.enqueue()
    duplicate_mark_not_same(actor=reviewer, candidate=DuplicateCandidate.objects.get())
    second = tasks.duplicate_scan.enqueue()
    assert second.return_value["new"] == 0 and second.return_value["known"] == 1
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.NOT_SAME


def test_merged_records_are_left_out(people):
    maryam, again, _ = people
    Person.objects.filter(pk=again.pk).update(merged_into=maryam, national_code=None)
    result = tasks.scan_registry()
    assert result["persons"] == 2 and result["pairs"] == 0
    assert not DuplicateCandidate.objects.exists()


def test_scan_reads_in_chunks(people):
    result = tasks.scan_registry(task_id="chunked", chunk_size=1)
    assert result["new"] == 1
    assert JobProgress.objects.get(task_id="chunked").finished


def test_failed_scan_is_reported(people, monkeypatch):
    def broken(records):
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "analyse", broken)
    result = tasks.duplicate_scan.enqueue()
    assert result.status == TaskResultStatus.FAILED
    job = JobProgress.objects.get(task_id=str(result.id))
    assert job.finished and job.failed


def test_start_enqueues_after_commit(people, registrar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        duplicate_scan_start(actor=registrar)
        assert not DuplicateCandidate.objects.exists()  # not before the commit
    assert len(callbacks) == 1
    job = JobProgress.objects.get(kind=tasks.SCAN_KIND)
    assert job.finished and job.result["new"] == 1
    assert DuplicateCandidate.objects.count() == 1


def test_start_returns_a_running_scan_instead_of_a_second_one(registrar):
    JobProgress.objects.create(task_id="running-scan", kind=tasks.SCAN_KIND, total=10, done=3)
    assert duplicate_scan_start(actor=registrar) == "running-scan"


@pytest.mark.django_db(transaction=True)
def test_start_outside_a_transaction_returns_the_task_id(make_user):
    registrar = make_user(roles.REGISTRAR)
    person_create(actor=registrar, data=MARYAM)
    person_create(actor=registrar, data=MARYAM_AGAIN)
    task_id = duplicate_scan_start(actor=registrar)
    assert task_id
    job = JobProgress.objects.get(task_id=task_id)
    assert job.finished and job.result["new"] == 1
    assert Person.objects.count() == 2


def test_scan_keeps_the_learnt_model_for_every_other_check(people):
    from tavana.people import selectors
    from tavana.people.models import MatchModel

    before = selectors.registry_matcher()
    assert before.trained is None
    for _ in range(5):
        tasks.scan_registry()
    assert MatchModel.objects.count() == 3  # the latest and two before it
    row = MatchModel.objects.latest("pk")
    assert row.persons == 3 and row.parameters["m"]["nc"] and row.names["counts"]
    after = selectors.registry_matcher()
    assert after.trained == (row.pk, row.created_at)
    assert after.model.to_dict() == row.parameters
    # the name statistics know every spelling the registry has seen
    assert set(after.stats.spellings("رضاییپور", "last")) == {"رضاییپور"}
