import gc
import weakref

from stanzalint.partial import restricted
from stanzalint.rules.toolkit import tables
from stanzalint.rules.toolkit.tables import analysis_table
from toolkit_input import analysed


def _stage_count(analysis):
    return {"stages": len(analysis.stages), "built": []}


def test_a_table_is_built_once_per_analysis_and_shared_with_its_partial_views():
    dockerfile, analysis = analysed("FROM a AS base\nFROM base\nFROM c\n")
    table = analysis_table(analysis, _stage_count)
    table["built"].append("first")
    _, partial = restricted(dockerfile, analysis, dockerfile.instructions[2:], analysis.stages[2:])
    assert analysis_table(partial, _stage_count) is table
    assert table == {"stages": 3, "built": ["first"]}  # built from the whole file, not the view


def test_another_analysis_gets_its_own_table():
    _, one = analysed("FROM a\n")
    _, two = analysed("FROM a\nFROM b\n")
    assert analysis_table(one, _stage_count)["stages"] == 1
    assert analysis_table(two, _stage_count)["stages"] == 2


def test_a_table_is_dropped_with_its_analysis_and_does_not_keep_it_alive():
    gc.disable()  # freed by reference counting alone, as the server's lints are
    try:
        _, analysis = analysed("FROM a\nWORKDIR /app\n")
        analysis_table(analysis, _stage_count)
        key, alive = id(analysis), weakref.ref(analysis)
        assert key in tables._TABLES
        del analysis
        assert alive() is None
        assert key not in tables._TABLES
    finally:
        gc.enable()
