"""factory_boy factories for the models every test needs."""

import factory

from tuyengiao.accounts.models import ApiToken, Role, RoleAssignment, User
from tuyengiao.orgunits.models import OrgUnit, UnitKind

PASSWORD = "Mat-khau-thu-2026"


class UnitKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKind
        django_get_or_create = ("code",)

    code = "chi-bo"
    name = "Chi bộ"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Chi bộ Thôn {n}")
    kind = factory.SubFactory(UnitKindFactory)
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = "Cán bộ"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    orgunit = factory.SubFactory(OrgUnitFactory)
    role = Role.VIEWER


def make_token(user: User) -> str:
    """Create an API token for `user` through the service and return its secret."""
    from tuyengiao.accounts.services import token_create

    return token_create(user=user, name="test")[1]


__all__ = [
    "PASSWORD",
    "ApiToken",
    "OrgUnitFactory",
    "RoleAssignmentFactory",
    "UnitKindFactory",
    "UserFactory",
    "make_token",
]
