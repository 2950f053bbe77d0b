from datetime import timedelta

from tuyengiao.accounts.templatetags.accounts_tags import minutes


def test_minutes_rounds_up():
    assert minutes(timedelta(minutes=15)) == 15
    assert minutes(timedelta(minutes=14, seconds=1)) == 15
    assert minutes(timedelta(seconds=1)) == 1
    assert minutes(timedelta(hours=24)) == 24 * 60
    assert minutes(None) == 0
