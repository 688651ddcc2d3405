from django.urls import path

from monenfant.www.information_requests.public_urls import (
    urlpatterns as information_request_urlpatterns,
)

from . import search_views, simulator_views, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("parents/", views.parents, name="parents"),
    path("professionnels/", views.professionals, name="professionals"),
    path("simulateur/", simulator_views.simulator, name="simulator"),
    path("simulateur/paje/", simulator_views.paje_simulator, name="paje_simulator"),
    path("connexion/", views.login_choice, name="login_choice"),
    path("plan-du-site/", views.site_map, name="site_map"),
    path("points-information/", views.information_points, name="information_points"),
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
    path("recherche/", search_views.search_page, name="search"),
    path("assistant-maternel/<int:pk>/", search_views.childminder_page, name="childminder"),
    path("structure/<int:pk>/", search_views.structure_page, name="structure"),
    *information_request_urlpatterns,
    *(
        path(f"{slug}/", views.content_page, {"slug": slug}, name="page")
        for slug in views.CONTENT_PAGES
    ),
]
