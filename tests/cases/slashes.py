from tests.casekit import Case

CASES: list[Case] = []  # placeholder: the case table is being written
