"""The plan pages, under /planer/ in the namespace ``followup``."""

from django.urls import path

from followup.plans.views import actions, pages

urlpatterns: list = [
    path("", pages.plans_page, name="plans"),
    path("ny/", pages.plan_create_view, name="plan-create"),
    path("<int:pk>/", pages.plan_page_view, name="plan"),
    path("<int:pk>/pdf/", pages.plan_pdf_view, name="plan-pdf"),
    path("<int:pk>/text/", actions.plan_text_save_view, name="plan-text-save"),
    path("<int:pk>/skribent/", actions.plan_text_assign_view, name="plan-text-assign"),
    path("<int:pk>/status/", actions.plan_state_view, name="plan-state"),
    path("<int:pk>/hamta-mal/", actions.plan_fetch_goals_view, name="plan-fetch-goals"),
]
