"""Synthetic planning instances for bench/production (fixed seeds, no real women).

The benchmark's instance: a 20,000-piece uniform order (4 products x 5 sizes,
delivered in three lots) over 30 Kowsar workshops and 500 home producers.

- Workshops: 4-12 machinists x 480 minutes a day; other orders take some of
  their days (55-85% of the days free); each makes 2-4 of the products.
- Home producers: 120-300 minutes a day, 3-6 days a week, one or two products,
  slower than a workshop (x1.2-1.6); tiers 1/2/3 for 30/40/30%.
"""

from __future__ import annotations

import random

PRODUCTS = {"shirt": 38, "trousers": 45, "jacket": 100, "cap": 16}
SIZES = ["S", "M", "L", "XL", "XXL"]
SIZE_SHARE = [0.12, 0.3, 0.3, 0.18, 0.1]
LOTS = [(8, 0.25), (16, 0.35), (24, 0.4)]  # due day, share of the order


def instance(
    seed: int, pieces: int = 20_000, units: int = 30, homes: int = 500, horizon: int = 24
) -> dict:
    rng = random.Random(seed)
    items = []
    product_share = {"shirt": 0.35, "trousers": 0.35, "jacket": 0.15, "cap": 0.15}
    for product, pshare in product_share.items():
        for size, sshare in zip(SIZES, SIZE_SHARE, strict=True):
            for due, lshare in LOTS:
                q = int(round(pieces * pshare * sshare * lshare))
                if q > 0:
                    items.append(
                        {
                            "id": f"{product}-{size}-d{due}",
                            "product": product,
                            "quantity": q,
                            "due": due,
                        }
                    )
    drift = pieces - sum(i["quantity"] for i in items)
    items[0]["quantity"] += drift
    producers = []
    for k in range(units):
        makes = rng.sample(sorted(PRODUCTS), rng.randint(2, 4))
        free = rng.uniform(0.55, 0.85)
        producers.append(
            {
                "id": f"k{k + 1:02d}",
                "kind": "unit",
                "day_minutes": rng.randint(4, 12) * 480,
                "minutes": {p: int(PRODUCTS[p] * rng.uniform(0.9, 1.15)) for p in makes},
                "days": [d for d in range(1, horizon + 1) if rng.random() < free],
            }
        )
    for k in range(homes):
        makes = rng.sample(sorted(PRODUCTS), rng.choice([1, 1, 2]))
        per_week = rng.randint(3, 6)
        days = [d for d in range(1, horizon + 1) if (d - 1) % 6 < per_week]
        tier = rng.choices([1, 2, 3], weights=[0.3, 0.4, 0.3])[0]
        producers.append(
            {
                "id": f"h{k + 1:03d}",
                "kind": "home",
                "tier": tier,
                "day_minutes": rng.randrange(120, 301, 30),
                "minutes": {p: int(PRODUCTS[p] * rng.uniform(1.2, 1.6)) for p in makes},
                "days": days,
            }
        )
    return {
        "order": f"bench-{seed}",
        "horizon": horizon,
        "min_batch": 20,
        "items": items,
        "producers": producers,
    }
