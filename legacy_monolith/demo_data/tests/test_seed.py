"""`manage.py seed`: counts, determinism, batching, refusal of a non-empty shop, realistic rows."""

import hashlib
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.demo_data.seeding import DEMO_CUSTOMER_PASSWORD
from legacy_monolith.demo_data.vocabulary import CATEGORIES
from legacy_monolith.factories import ProductFactory, StaffFactory
from legacy_monolith.orders.models import Order, OrderLine

pytestmark = pytest.mark.django_db

UNTIL = "2026-01-01"
ANCHOR = datetime(2026, 1, 1)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", "--no-progress", f"--until={UNTIL}", *args, stdout=out)
    return out.getvalue()


def customers():
    return get_user_model().objects.filter(is_staff=False)


def shop_checksum() -> str:
    """A digest of every seeded row by content, leaving out the database's own ids."""
    digest = hashlib.sha256()
    rows = [
        *customers()
        .order_by("username")
        .values_list(
            "username",
            "email",
            "first_name",
            "last_name",
            "password",
            "date_joined",
            "last_login",
            "profile__phone_no",
            "profile__addr",
            "profile__newsletter_yn",
            "profile__modified_dt",
        ),
        *Category.objects.order_by("slug").values_list(
            "slug", "cat_name", "visible_yn", "sort_order"
        ),
        *Product.objects.order_by("prod_code").values_list(
            "prod_code",
            "prod_name",
            "descr",
            "price_cents",
            "qty_on_hand",
            "cat__slug",
            "active_yn",
            "created_dt",
            "modified_dt",
        ),
    ]
    for order in (
        Order.objects.order_by("pk").select_related("cust").prefetch_related("lines__prod")
    ):
        rows.append(
            (
                order.cust.username,
                order.status,
                order.ship_addr,
                order.total_cents,
                order.order_dt,
                order.ship_dt,
                order.modified_dt,
                [
                    (line.prod.prod_code, line.qty, line.unit_price_cents)
                    for line in order.lines.all()
                ],
            )
        )
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def empty_the_shop() -> None:
    Order.objects.all().delete()
    Product.objects.all().delete()
    Category.objects.all().delete()
    customers().delete()


def test_seed_creates_what_was_asked_for():
    output = seed("--customers=12", "--products=30", "--orders=40", "--seed=3")

    assert customers().count() == 12
    assert Profile.objects.count() == 12
    assert Category.objects.count() == len(CATEGORIES)
    assert Product.objects.count() == 30
    assert Order.objects.count() == 40
    lines = OrderLine.objects.count()
    assert 40 <= lines <= 5 * 40
    assert f"Seeded 12 customers, {len(CATEGORIES)} categories, 30 products and 40 orders" in output
    assert f"({lines} lines)" in output
    assert DEMO_CUSTOMER_PASSWORD in output


def test_the_same_seed_gives_the_same_shop_and_another_seed_does_not():
    seed("--customers=15", "--products=25", "--orders=60", "--seed=11")
    first = shop_checksum()
    empty_the_shop()
    seed("--customers=15", "--products=25", "--orders=60", "--seed=11")
    second = shop_checksum()
    empty_the_shop()
    seed("--customers=15", "--products=25", "--orders=60", "--seed=12")
    other = shop_checksum()

    assert first == second
    assert other != first


def test_a_small_batch_size_gives_the_same_counts_and_the_same_rows():
    seed("--customers=9", "--products=11", "--orders=23", "--seed=5", "--batch-size=2000")
    one_batch = shop_checksum()
    empty_the_shop()

    seed("--customers=9", "--products=11", "--orders=23", "--seed=5", "--batch-size=4")

    assert (customers().count(), Product.objects.count(), Order.objects.count()) == (9, 11, 23)
    assert shop_checksum() == one_batch


def test_seeding_a_shop_that_has_data_is_refused_and_changes_nothing():
    seed("--customers=3", "--products=5", "--orders=4")

    with pytest.raises(
        CommandError,
        match=r"already has data \(3 customers, 12 categories, "
        r"5 products, 4 orders\).*--append",
    ):
        seed("--customers=3", "--products=5", "--orders=4")

    assert (customers().count(), Product.objects.count(), Order.objects.count()) == (3, 5, 4)


def test_a_single_product_is_enough_to_make_the_shop_non_empty():
    ProductFactory()

    with pytest.raises(CommandError, match="1 products"):
        seed("--customers=1", "--products=1", "--orders=0")

    assert customers().count() == 0


def test_append_adds_to_a_shop_with_data():
    seed("--customers=3", "--products=5", "--orders=4")

    seed("--customers=2", "--products=3", "--orders=6", "--seed=99", "--append")

    assert (customers().count(), Product.objects.count(), Order.objects.count()) == (5, 8, 10)
    assert Category.objects.count() == len(CATEGORIES)
    assert customers().values("username").distinct().count() == 5


def test_staff_logins_do_not_count_as_shop_data():
    StaffFactory(username="admin")

    seed("--customers=2", "--products=2", "--orders=2")

    assert Order.objects.exclude(cust__is_staff=False).count() == 0


def test_seeded_customers_sign_in_with_the_demo_password(client):
    seed("--customers=2", "--products=1", "--orders=0")
    customer = customers().first()

    assert client.login(username=customer.username, password=DEMO_CUSTOMER_PASSWORD)
    assert not client.login(username=customer.username, password="wrong")


def test_orders_look_like_two_years_of_real_trading():
    seed("--customers=40", "--products=60", "--orders=400", "--seed=8")

    orders = list(Order.objects.select_related("cust").prefetch_related("lines"))
    assert {o.status for o in orders} == {"N", "H", "S", "D", "C"}
    for order in orders:
        lines = list(order.lines.all())
        assert 1 <= len(lines) <= 5
        assert order.total_cents == sum(line.line_total_cents for line in lines)
        assert ANCHOR - timedelta(days=731) <= order.order_dt < ANCHOR
        assert order.order_dt >= order.cust.date_joined
        assert order.ship_addr.strip()
        assert order.modified_dt >= order.order_dt
        if order.status in ("S", "D"):
            assert order.order_dt < order.ship_dt <= ANCHOR
        else:
            assert order.ship_dt is None
    # Spread over the period, not stamped with the time of seeding.
    assert len({o.order_dt.date() for o in orders}) > 100
    assert min(o.order_dt for o in orders) < ANCHOR - timedelta(days=365)


def test_catalogue_has_sensible_products_and_some_are_off_sale():
    seed("--customers=1", "--products=100", "--orders=0", "--seed=2")

    products = list(Product.objects.select_related("cat"))
    assert {p.cat.cat_name for p in products} <= {spec.name for spec in CATEGORIES}
    assert all(99 <= p.price_cents <= 300_00 for p in products)
    assert all(p.qty_on_hand >= 0 and p.prod_name and p.descr for p in products)
    assert sum(p.active_yn == "N" for p in products) == 4  # one in 25
    assert len({p.created_dt for p in products}) == 100


def test_customer_addresses_are_uk_blobs_with_some_legacy_mess():
    seed("--customers=300", "--products=1", "--orders=0", "--seed=4")

    addresses = list(Profile.objects.values_list("addr", flat=True))
    multi_line = [a for a in addresses if "\n" in a]
    one_liners = [a for a in addresses if a and "\n" not in a]
    assert len(multi_line) > 250
    assert one_liners, "some addresses were typed on one line"
    assert "" in addresses, "some customers never gave an address"
    assert any(
        "c/o " in a or "neighbour" in a or "reception" in a or "porch" in a.lower()
        for a in addresses
    )


def test_timestamps_are_stamped_again_after_seeding():
    seed("--customers=1", "--products=1", "--orders=0")

    product = ProductFactory()

    assert product.created_dt > ANCHOR


def test_progress_bars_show_the_rate(capsys):
    call_command(
        "seed",
        "--customers=2",
        "--products=3",
        "--orders=5",
        f"--until={UNTIL}",
        stdout=StringIO(),
    )

    progress = capsys.readouterr().err
    assert "orders: 100%" in progress
    assert "order/s" in progress


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--orders=-1"], "--orders: must be 0 or more"),
        (["--customers=many"], "--customers: expected a whole number"),
        (["--batch-size=0"], "--batch-size: must be at least 1"),
        (["--until=yesterday"], "--until: expected a date like"),
        (["--customers=0", "--orders=5"], "Orders need customers"),
        (["--products=0", "--orders=5"], "Orders need products"),
    ],
)
def test_bad_options_get_a_clear_message_and_write_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed", "--no-progress", *args, stdout=StringIO())

    assert Category.objects.count() == 0
    assert customers().count() == 0
