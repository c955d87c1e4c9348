from django.urls import path

from followup.administration.goals import views

urlpatterns = [
    path("", views.goal_structure_page, name="admin-goals"),
    path("fora-over/", views.goals_carry_over, name="admin-goals-carry-over"),
    path("<str:kind>/ny/", views.goal_create, name="admin-goal-create"),
    path("<str:kind>/<int:pk>/", views.goal_edit, name="admin-goal-edit"),
    path("<str:kind>/<int:pk>/ta-bort/", views.goal_delete, name="admin-goal-delete"),
    path("<str:kind>/<int:pk>/flytta/", views.goal_move, name="admin-goal-move"),
    path("<str:kind>/<int:pk>/historik/", views.goal_history, name="admin-goal-history"),
]
