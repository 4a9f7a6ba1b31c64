from django.urls import path

from . import public

urlpatterns = [path("tips/", public.tip_form, name="planning_tip_form")]
