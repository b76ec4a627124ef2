"""The proxy's translators for the legacy JSON API: legacy clients served by the services.

The route table names them (`acl.proxy_translators:product_list`, ...). Each has the two hooks
of `strangler_proxy.data_plane.translation.Translator`: `to_new` turns the legacy request into
the service's (paths, query, body in the clean vocabulary) and `to_legacy` turns the service's
answer into exactly what the monolith answers (shapes, pagination envelope, status codes, error
bodies and headers). Both are pure: what the monolith refuses before doing anything (a bad
page, a missing token, a body it cannot read) is worked out from the request by both hooks, and
the service is then asked only something harmless (its health check), since the proxy always
makes one call.
"""

from .account import Account
from .catalogue import CategoryList, ProductDetail, ProductList
from .orders import OrderCancel, OrderDetail, OrderList

product_list = ProductList()
product_detail = ProductDetail()
category_list = CategoryList()
account = Account()
order_list = OrderList()
order_detail = OrderDetail()
order_cancel = OrderCancel()

__all__ = [
    "account",
    "category_list",
    "order_cancel",
    "order_detail",
    "order_list",
    "product_detail",
    "product_list",
]
