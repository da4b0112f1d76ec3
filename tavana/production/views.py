"""Staff pages: orders, the plan, a week's work, quality checks, payroll."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tavana.accounts.access import require
from tavana.audit.services import audit_write
from tavana.core.domain.jalali import InvalidDate, parse_jalali, to_jalali
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError, service_errors_as_message

from . import selectors, services
from .domain import orders as rules
from .forms import (
    AdjustForm,
    ClientForm,
    DeliveryForm,
    HomeProducerEditForm,
    HomeProducerForm,
    MaterialForm,
    MoveForm,
    OrderForm,
    PayrollCloseForm,
    ProductForm,
    QualityForm,
    RateForm,
    UnitEditForm,
    UnitForm,
)
from .models import Assignment, OrderItem, Worker
from .services.common import today

MANAGE = "production.manage"


@require(MANAGE)
def home(request):
    status = request.GET.get("status", "")
    if status not in rules.LABELS:
        status = ""
    return render(
        request,
        "production/home.html",
        {
            "orders": selectors.order_list(actor=request.user, status=status),
            "statuses": rules.STATUSES,
            "status": status,
        },
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def order_new(request):
    form = OrderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = data.pop("items")
        with form.showing_service_errors():
            order = services.order_create(actor=request.user, data=data, items=items)
            messages.success(request, "سفارش ثبت شد.")
            return redirect("production:order", order_id=order.pk)
    return render(request, "production/order_new.html", {"form": form})


def _order_context(request, order, **extra):
    plan = selectors.plan_current(actor=request.user, order=order)
    return {
        "order": order,
        "items": list(order.items.select_related("product")),
        "history": list(order.status_changes.select_related("by")),
        "moves": rules.next_moves(order.status),
        "plannable": order.status in rules.PLANNABLE,
        "working": order.status in rules.WORKING,
        "plan": plan,
        "rows": selectors.plan_rows(actor=request.user, plan=plan) if plan else [],
        "shortfalls": list(plan.shortfalls.select_related("item__product")) if plan else [],
        "move_form": MoveForm(),
        "adjust_form": AdjustForm(),
        "delivery_form": DeliveryForm(items=order.items.select_related("product")),
        "material_form": MaterialForm(),
        "deliveries": list(order.deliveries.prefetch_related("lines__item__product")),
        "materials": list(order.materials_moved.select_related("unit")),
        "delivering": order.status in (rules.QUALITY_CHECK, rules.IN_PRODUCTION),
        **extra,
    }


@require(MANAGE)
def order_detail(request, order_id: int):
    order = selectors.order_get(actor=request.user, order_id=order_id)
    return render(request, "production/order.html", _order_context(request, order))


@require(MANAGE)
@require_POST
def order_move(request, order_id: int):
    order = selectors.order_get(actor=request.user, order_id=order_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        with form.showing_service_errors():
            services.order_move(
                actor=request.user,
                order=order,
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, "وضعیت سفارش تغییر کرد.")
            return redirect("production:order", order_id=order.pk)
    return render(
        request, "production/order.html", _order_context(request, order, move_form=form), status=422
    )


@require(MANAGE)
@require_POST
def plan_make(request, order_id: int):
    order = selectors.order_get(actor=request.user, order_id=order_id)
    with service_errors_as_message(request):
        plan = services.plan_make(actor=request.user, order=order, time_limit=60)
        messages.success(
            request,
            "برنامه ساخته شد."
            if plan.optimal
            else "برنامه ساخته شد (بهترین برنامهٔ یافته در زمان مجاز).",
        )
    return redirect("production:order", order_id=order.pk)


@require(MANAGE)
@require_POST
def assignment_adjust(request, assignment_id: int):
    a = get_object_or_404(Assignment.objects.select_related("plan__order"), pk=assignment_id)
    order = a.plan.order
    form = AdjustForm(request.POST)
    if form.is_valid():
        with form.showing_service_errors():
            services.assignment_adjust(
                actor=request.user,
                assignment=a,
                pieces=form.cleaned_data["pieces"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "بستهٔ کار تغییر کرد.")
            return redirect("production:order", order_id=order.pk)
    ctx = _order_context(request, order, adjust_form=form, adjusting=a.pk)
    return render(request, "production/order.html", ctx, status=422)


def _lines(workers: list[Worker], typed) -> list[tuple]:
    return [(w, typed.get(f"pieces_{w.pk}", ""), typed.get(f"hours_{w.pk}", "")) for w in workers]


def _int(text: str) -> int | None:
    text = to_ascii_digits(text or "").strip().replace(",", "")
    if not text:
        return 0
    return int(text) if text.isdigit() else None


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def worklog(request, item_id: int):
    item = get_object_or_404(OrderItem.objects.select_related("order", "product"), pk=item_id)
    workers = selectors.item_workers(actor=request.user, item=item)
    errors: dict[str, str] = {}
    typed = request.POST
    if request.method == "POST":
        try:
            week_of = parse_jalali(typed.get("week_of", ""))
        except InvalidDate as e:  # the parser says what is wrong: format, month, day
            week_of = None
            errors["week_of"] = e.message
        rows = []
        for w in workers:
            pieces, hours = (
                _int(typed.get(f"pieces_{w.pk}", "")),
                _int(typed.get(f"hours_{w.pk}", "")),
            )
            if pieces is None or hours is None:
                errors[f"w{w.pk}"] = "عدد وارد کنید."
            else:
                rows.append((w, pieces, hours))
        if not errors:
            try:
                services.worklog_add(actor=request.user, item=item, week_of=week_of, rows=rows)
            except ServiceError as e:
                errors.update(e.errors)
            else:
                messages.success(request, "کارکرد هفته ثبت شد.")
                return redirect("production:order", order_id=item.order_id)
    return render(
        request,
        "production/worklog.html",
        {
            "item": item,
            "lines": _lines(workers, typed),
            "errors": errors,
            "general_errors": [v for k, v in errors.items() if k == "__all__"],
            "bad": {w.pk for w in workers if f"w{w.pk}" in errors},
            "typed": typed,
            "quality_form": QualityForm(workers=workers),
        },
        status=422 if errors else 200,
    )


@require(MANAGE)
@require_POST
def quality_check(request, item_id: int):
    item = get_object_or_404(OrderItem.objects.select_related("order", "product"), pk=item_id)
    workers = selectors.item_workers(actor=request.user, item=item)
    form = QualityForm(request.POST, workers=workers)
    if form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.quality_check_add(
                actor=request.user,
                item=item,
                worker=next(w for w in workers if str(w.pk) == d["worker"]),
                checked_on=d["checked_on"],
                passed=d["passed"],
                rework=d["rework"],
                rejected=d["rejected"],
                reason=d["reason"],
            )
            messages.success(request, "کنترل کیفیت ثبت شد.")
            return redirect("production:order", order_id=item.order_id)
    return render(
        request,
        "production/worklog.html",
        {
            "item": item,
            "lines": _lines(workers, {}),
            "errors": {},
            "typed": {},
            "quality_form": form,
        },
        status=422,
    )


# ----------------------------------------------------------------------- payroll


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def payrolls(request):
    year, month, _ = to_jalali(today())
    form = PayrollCloseForm(request.POST or None, initial={"year": year, "month": month})
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            p = services.payroll_close(
                actor=request.user,
                year=form.cleaned_data["year"],
                month=int(form.cleaned_data["month"]),
            )
            messages.success(request, "حقوق ماه بسته شد و برای تأییدِ نفر دوم آماده است.")
            return redirect("production:payroll", payroll_id=p.pk)
    return render(
        request,
        "production/payrolls.html",
        {"payrolls": selectors.payroll_list(actor=request.user), "form": form},
    )


@require(MANAGE)
def payroll_detail(request, payroll_id: int):
    payroll = selectors.payroll_get(actor=request.user, payroll_id=payroll_id)
    lines = selectors.payroll_lines(actor=request.user, payroll=payroll)
    return render(
        request,
        "production/payroll.html",
        {
            "payroll": payroll,
            "lines": lines,
            "total": sum(x.net for x in lines),
            "no_sheba": [x for x in lines if not x.sheba and x.net > 0],
            "may_approve": payroll.status == payroll.CLOSED
            and payroll.closed_by_id != request.user.pk,
        },
    )


@require(MANAGE)
@require_POST
def payroll_approve(request, payroll_id: int):
    payroll = selectors.payroll_get(actor=request.user, payroll_id=payroll_id)
    with service_errors_as_message(request):
        services.payroll_approve(actor=request.user, payroll=payroll)
        messages.success(request, "حقوق ماه تأیید شد.")
    return redirect("production:payroll", payroll_id=payroll.pk)


@require(MANAGE)
def bank_file(request, payroll_id: int):
    payroll = selectors.payroll_get(actor=request.user, payroll_id=payroll_id)
    with service_errors_as_message(request) as refused:
        content, _ = services.bank_file(actor=request.user, payroll=payroll)
    if refused:
        return redirect("production:payroll", payroll_id=payroll.pk)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="wages-{payroll.year}-{payroll.month:02d}.xlsx"'
    )
    return response


@require(MANAGE)
def statement(request, payroll_id: int, worker_id: int):
    line = selectors.statement_get(actor=request.user, payroll_id=payroll_id, worker_id=worker_id)
    audit_write(
        actor=request.user,
        action="production.statement_print",
        obj=line.payroll,
        person_id=line.worker.person_id,
    )
    return render(request, "production/statement.html", {"line": line, "payroll": line.payroll})


# ----------------------------------------------------- clients, deliveries, materials


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def clients(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.client_save(
                actor=request.user,
                data={k: d[k] for k in ("name", "kind", "phone", "address")},
                contact={
                    "name": d["contact_name"],
                    "position": d["contact_position"],
                    "phone": d["contact_phone"],
                },
            )
            messages.success(request, "سفارش‌دهنده ثبت شد.")
            return redirect("production:clients")
    return render(
        request,
        "production/clients.html",
        {
            "clients": selectors.client_list(actor=request.user).prefetch_related("contacts"),
            "form": form,
        },
    )


@require(MANAGE)
@require_POST
def delivery_new(request, order_id: int):
    order = selectors.order_get(actor=request.user, order_id=order_id)
    form = DeliveryForm(
        request.POST, request.FILES, items=list(order.items.select_related("product"))
    )
    if form.is_valid():
        with form.showing_service_errors():
            services.delivery_record(
                actor=request.user,
                order=order,
                data={
                    k: form.cleaned_data[k]
                    for k in ("delivered_on", "receipt_number", "signed_by", "receipt")
                },
                lines=form.lines(),
            )
            messages.success(request, "تحویل با رسید ثبت شد.")
            return redirect("production:order", order_id=order.pk)
    ctx = _order_context(request, order, delivery_form=form)
    return render(request, "production/order.html", ctx, status=422)


@require(MANAGE)
@require_POST
def material_move(request, order_id: int):
    order = selectors.order_get(actor=request.user, order_id=order_id)
    form = MaterialForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.material_move(
                actor=request.user,
                order=order,
                unit=d["unit"],
                material=d["material"],
                quantity=d["quantity"],
                measure=d["measure"],
                direction=d["direction"],
                on=d["on"],
            )
            messages.success(request, "جابه‌جایی مواد ثبت شد.")
            return redirect("production:order", order_id=order.pk)
    ctx = _order_context(request, order, material_form=form)
    return render(request, "production/order.html", ctx, status=422)


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def producers(request):
    """Workshops and women working at home, with what each makes and how fast."""
    unit_form = UnitForm(request.POST if request.POST.get("form") == "unit" else None)
    home_form = HomeProducerForm(
        request.POST if request.POST.get("form") == "home" else None,
        auto_id="home_%s",  # the workshop form on the same page uses the plain ids
    )
    if request.method == "POST" and unit_form.is_bound and unit_form.is_valid():
        d = unit_form.cleaned_data
        with unit_form.showing_service_errors():
            services.unit_save(
                actor=request.user,
                data={k: d[k] for k in ("centre", "name", "machines", "day_minutes", "weekdays")},
                products=unit_form.products(),
            )
            messages.success(request, "کارگاه ثبت شد.")
            return redirect("production:producers")
    if request.method == "POST" and home_form.is_bound and home_form.is_valid():
        d = home_form.cleaned_data
        with home_form.showing_service_errors():
            person = selectors.person_by_national_code(actor=request.user, code=d["national_code"])
            services.worker_save(
                actor=request.user, person=person, unit=None, day_minutes=d["day_minutes"],
                weekdays=d["weekdays"], products=home_form.products(), sheba=d["sheba"],
            )  # fmt: skip
            messages.success(request, "تولیدکنندهٔ خانگی ثبت شد.")
            return redirect("production:producers")
    return render(
        request,
        "production/producers.html",
        {
            "units": selectors.unit_list(actor=request.user),
            "homes": selectors.worker_list(actor=request.user, home=True).prefetch_related(
                "products__product"
            ),
            "unit_form": unit_form,
            "home_form": home_form,
        },
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def unit_edit(request, unit_id: int):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    form = UnitEditForm.of(unit, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.unit_save(
                actor=request.user,
                unit=unit,
                data={
                    k: d[k]
                    for k in ("centre", "name", "machines", "day_minutes", "weekdays", "active")
                },
                products=form.products(),
            )
            messages.success(request, "کارگاه به‌روز شد.")
            return redirect("production:producers")
    status = 422 if form.is_bound else 200
    return render(
        request, "production/producer_edit.html", {"unit": unit, "form": form}, status=status
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def worker_edit(request, worker_id: int):
    worker = selectors.home_worker_get(actor=request.user, worker_id=worker_id)
    form = HomeProducerEditForm.of(worker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.worker_save(
                actor=request.user, person=worker.person, unit=None,
                day_minutes=d["day_minutes"], weekdays=d["weekdays"],
                products=form.products(), sheba=d["sheba"], available=d["available"],
            )  # fmt: skip
            messages.success(request, "تولیدکنندهٔ خانگی به‌روز شد.")
            return redirect("production:producers")
    status = 422 if form.is_bound else 200
    return render(
        request, "production/producer_edit.html", {"worker": worker, "form": form}, status=status
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def rates(request):
    """Products and their piece rates: a new rate starts on a day; a month whose
    payroll is closed keeps the rates it was paid at."""
    which = request.POST.get("form")
    product_form = ProductForm(request.POST if which == "product" else None, auto_id="product_%s")
    rate_form = RateForm(request.POST if which == "rate" else None)
    if request.method == "POST" and product_form.is_bound and product_form.is_valid():
        with product_form.showing_service_errors():
            p = services.product_save(actor=request.user, **product_form.cleaned_data)
            messages.success(request, f"کالای «{p.name}» ثبت شد.")
            return redirect("production:rates")
    if request.method == "POST" and rate_form.is_bound and rate_form.is_valid():
        with rate_form.showing_service_errors():
            services.rate_add(actor=request.user, **rate_form.cleaned_data)
            messages.success(request, "نرخ تازه ثبت شد.")
            return redirect("production:rates")
    return render(
        request,
        "production/rates.html",
        {
            "products": selectors.product_list(actor=request.user),
            "rates": selectors.rate_list(actor=request.user),
            "last_paid": services.last_paid_day(),
            "product_form": product_form,
            "rate_form": rate_form,
        },
        status=422 if request.method == "POST" else 200,
    )
