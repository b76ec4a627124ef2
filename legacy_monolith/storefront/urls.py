from django.urls import path
from django.http import HttpResponse

app_name = "storefront"
urlpatterns = [path("", lambda r: HttpResponse("shop"), name="home")]
