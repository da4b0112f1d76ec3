"""Producers, businesses and product categories (gated by bazaar.manage: the
administrator and the bazaar organisers; the organisers read the categories, only
the administrator edits them — services.CATEGORIES)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tavana.accounts.access import require, user_can
from tavana.audit.selectors import audit_history
from tavana.core.domain.jalali import jalali_year_of
from tavana.core.paging import page_of

from . import selectors, services
from .forms import BusinessForm, CategoryForm, ProducerForm
from .models import Business, Category, Producer
from .selling import opportunities, producer_history

MANAGE = "bazaar.manage"


@require(MANAGE)
def producer_list(request):
    q = request.GET.get("q", "")
    category = request.GET.get("category") or None
    producers = list(selectors.producer_list(actor=request.user, q=q, category_id=category))
    jy = jalali_year_of(timezone.localdate())
    opp = opportunities([p.pk for p in producers], jy)
    for p in producers:
        p.opportunities = opp.get(p.pk, 0)
    return render(
        request,
        "businesses/list.html",
        {
            "producers": producers,
            "q": q,
            "category": category,
            "categories": Category.objects.all(),
            "year": jy,
            "n_producers": Producer.objects.count(),
            "n_businesses": Business.objects.count(),
        },
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def producer_new(request):
    form = ProducerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.showing_service_errors():
            p = services.producer_create(actor=request.user, **form.cleaned_data)
            messages.success(request, "تولیدکننده ثبت شد.")
            return redirect("businesses:producer", producer_id=p.pk)
    return render(request, "businesses/producer_new.html", {"form": form})


@require(MANAGE)
def producer_detail(request, producer_id: int):
    p = get_object_or_404(
        Producer.objects.select_related("person", "category", "business"), pk=producer_id
    )
    jy = jalali_year_of(timezone.localdate())
    history = producer_history(p)
    return render(
        request,
        "businesses/producer.html",
        {
            "p": p,
            "history": history,
            "page": page_of(request, history, per_page=25),
            "year": jy,
            "opportunities": opportunities([p.pk], jy).get(p.pk, 0),
            "sales": sum(a.sales or 0 for a in history),
        },
    )


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def business_new(request):
    form = BusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        owner, categories = d.pop("owner"), d.pop("categories")
        with form.showing_service_errors():
            b = services.business_create(
                actor=request.user, data=d, owners=[owner], categories=categories
            )
            messages.success(request, "کسب‌وکار ثبت شد.")
            return redirect("businesses:business", business_id=b.pk)
    return render(request, "businesses/business_new.html", {"form": form})


@require(MANAGE)
def business_detail(request, business_id: int):
    try:
        b = selectors.business_get(actor=request.user, business_id=business_id)
    except Business.DoesNotExist:
        raise Http404 from None
    return render(request, "businesses/business.html", {"b": b})


@require(MANAGE)
@require_http_methods(["GET", "POST"])
def categories(request):
    editor = user_can(request.user, services.CATEGORIES)
    if request.method == "POST" and not editor:
        raise PermissionDenied
    form = CategoryForm(request.POST or None) if editor else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.showing_service_errors():
            services.category_save(
                actor=request.user, name=d["name"], category=d["category"], active=d["active"]
            )
            messages.success(request, "دسته ذخیره شد.")
            return redirect("businesses:categories")
    return render(
        request,
        "businesses/categories.html",
        {
            "form": form,
            "categories": Category.objects.all(),
            "history": audit_history(actor=request.user, actions=("business.category_save",)),
        },
        status=400 if form is not None and form.errors else 200,
    )
