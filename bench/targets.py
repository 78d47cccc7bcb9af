"""Issue 19's targets, checked on one run's numbers: each line says what was
asked, what was measured, and met or missed by how much.

Every line starts with "TARGET", so the verdicts of a run can be picked
out of its output (``… | grep ^TARGET``).
"""


def at_most(label, value, limit):
    """A ratio that must not exceed ``limit``."""
    if value <= limit:
        return f"TARGET met     {label}: x{value:.2f} (<= x{limit:g})"
    return (
        f"TARGET MISSED  {label}: x{value:.2f} (<= x{limit:g}; over by x{value - limit:.2f}, "
        f"{value / limit - 1:.0%} too slow)"
    )


def at_least(label, value, limit):
    """A share that must reach ``limit`` (fractions: 0.5 is 50 %)."""
    if value >= limit:
        return f"TARGET met     {label}: {value:.1%} (>= {limit:.0%})"
    return f"TARGET MISSED  {label}: {value:.1%} (>= {limit:.0%}; short by {limit - value:.1%})"


def zero(label, count):
    if count == 0:
        return f"TARGET met     {label}: 0"
    return f"TARGET MISSED  {label}: {count} (want 0)"
