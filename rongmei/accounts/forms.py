"""Staff forms: roles are chosen among the role groups; departments among the center's."""

from django import forms
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from rongmei.core.roles import ROLE_GROUP_NAMES

from .models import Department, Membership, User


def role_group_queryset():
    return Group.objects.filter(name__in=ROLE_GROUP_NAMES.values()).order_by("pk")


class MembershipForm(WagtailAdminModelForm):
    """Edit a staff member's place in the center; on create it also makes the account."""

    username = forms.CharField(label=_("登录账号"), max_length=150, required=False)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("至少8位，不能全为数字；员工首次登录后应自行修改。"),
    )

    class Meta:
        model = Membership
        fields = ["department", "title", "roles", "is_active"]
        widgets = {"roles": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = role_group_queryset()
        center_id = self.instance.center_id
        self.fields["department"].queryset = Department.objects.filter(center_id=center_id)
        creating = self.instance.pk is None
        for name in ("username", "display_name", "password"):
            self.fields[name].required = creating
        if not creating:
            for name in ("username", "password"):
                del self.fields[name]
            self.fields["display_name"].initial = self.instance.user.display_name

    def clean_username(self):
        username = self.cleaned_data.get("username", "").strip()
        if username and User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("该账号已存在。"))
        return username

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password)
        return password
