"""A survey's published tables, with disclosure control (issue 19 §1 and §3). Pure Python.

No count below k is ever published (primary suppression, zeros included), and no hidden count
below k can be worked out exactly from everything published, across every breakdown of the
survey at once (complementary suppression). All breakdowns are protected together in one pass
over one set of numbers, so a number shown in several tables has one fate everywhere.

Per question, the tables are the question's answers by stratum: the guarantee holds against
an attacker who solves, as real numbers, for the counts of each question's cross-
classification with unit and bands (tests/surveys/test_disclosure_attack.py runs that attacker
with scipy's linprog).

The modules, in the order the numbers flow:

- `spec`: the questions and respondents given, and how an answer is read;
- `counts`: the cross-classification and which published number each respondent adds to;
- `certificates`: the changes of the data that leave everything published as it is, which
  show that a hidden count cannot be worked out;
- `suppression`: the decision, one greedy pass over the counts to protect;
- `tables`: the published tables of every breakdown, read from that one decision.
"""

from tuyengiao.surveys.disclosure.spec import QuestionSpec, Respondent
from tuyengiao.surveys.disclosure.tables import results, results_all

__all__ = ["QuestionSpec", "Respondent", "results", "results_all"]
