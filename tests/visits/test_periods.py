"""When the next visit falls due: across month ends, year ends and leap days."""

import datetime as dt

import pytest

from carepoint.i18n import _, set_language
from carepoint.visits.periods import Every, add_months, next_due, parse_every, week_end

D = dt.date


@pytest.mark.parametrize(
    ("last", "every", "due"),
    [
        (D(2026, 3, 15), "1m", D(2026, 4, 15)),  # same day next month
        (D(2026, 1, 31), "1m", D(2026, 2, 28)),  # clamped to the end of a short month
        (D(2028, 1, 31), "1m", D(2028, 2, 29)),  # … which is the 29th in a leap year
        (D(2026, 12, 15), "1m", D(2027, 1, 15)),  # across the year end
        (D(2026, 12, 31), "1m", D(2027, 1, 31)),
        (D(2026, 11, 30), "3m", D(2027, 2, 28)),  # quarterly, clamped, into the next year
        (D(2027, 11, 30), "3m", D(2028, 2, 29)),
        (D(2026, 8, 31), "3m", D(2026, 11, 30)),
        (D(2028, 2, 29), "1m", D(2028, 3, 29)),  # from a leap day
        (D(2026, 12, 28), "1w", D(2027, 1, 4)),  # weekly across the year end
        (D(2028, 2, 25), "7d", D(2028, 3, 3)),  # a leap February has 29 days
        (D(2027, 2, 25), "7d", D(2027, 3, 4)),
    ],
)
def test_the_next_visit_is_due_one_period_after_the_last(last, every, due):
    assert next_due(last, parse_every(every)) == due


def test_a_monthly_rhythm_does_not_drift_to_the_28th_after_february():
    # Counted from each visit, a visit on 31 Jan falls due 28 Feb; visited then, due 28 Mar.
    assert add_months(D(2026, 2, 28), 1) == D(2026, 3, 28)
    assert add_months(D(2026, 1, 31), 2) == D(2026, 3, 31)


@pytest.mark.parametrize("text", ["", "0d", "-1m", "2y", "m", "1000d"])
def test_a_frequency_that_is_no_number_of_days_weeks_or_months_is_refused(text):
    with pytest.raises(ValueError):
        parse_every(text)


def test_frequencies_read_as_words():
    set_language("en")
    labels = [Every(1, "w").label, Every(1, "m").label, Every(3, "m").label, Every(10, "d").label]
    assert labels == [_("weekly"), _("monthly"), _("quarterly"), "every 10 days"]


def test_the_week_ends_on_sunday():
    assert week_end(D(2026, 11, 23)) == D(2026, 11, 29)  # a Monday
    assert week_end(D(2026, 11, 29)) == D(2026, 11, 29)
