"""Writes of the production context (see the modules)."""

from .orders import client_save, order_create, order_move
from .payroll import bank_file, payroll_approve, payroll_close
from .planning import assignment_adjust, instance_of, plan_make
from .rates import last_paid_day, product_save, rate_add
from .units import unit_save, worker_save
from .work import delivery_record, material_move, quality_check_add, worklog_add

__all__ = [
    "assignment_adjust",
    "bank_file",
    "client_save",
    "delivery_record",
    "instance_of",
    "material_move",
    "order_create",
    "order_move",
    "payroll_approve",
    "payroll_close",
    "last_paid_day",
    "plan_make",
    "product_save",
    "rate_add",
    "quality_check_add",
    "unit_save",
    "worker_save",
    "worklog_add",
]
