"""``cli.py districts resolve``: one object per text, homonyms, refusal of an unknown region."""

import json

from tests.test_cli import cli


def test_districts_resolve_json_gives_one_object_per_text():
    result = cli("districts", "resolve", "Жаңасемей ауданы", "г. Кентау", "Есильский район",
                 "Сауранский район", "Атлантида", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["region"] is None
    items = answer["results"]
    assert [item["kato"] for item in items] == [
        "104100000", "612000000", None, "612000000", None,
    ]
    assert [item["region"] for item in items] == ["KZ-10", "KZ-61", None, "KZ-61", None]
    assert items[0]["name"] == "Жанасемейский район"
    assert [c["region"] for c in items[2]["candidates"]] == ["KZ-11", "KZ-59", "KZ-71"]
    assert items[3]["warning"] and "Kentau" in items[3]["warning"]
    assert items[4]["candidates"] == []


def test_districts_resolve_with_region_decides_homonyms():
    result = cli("districts", "resolve", "Есильский район", "Абайский район", "--region",
                 "KZ-59", "--lang", "en", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["results"]
    assert items[0]["kato"] == "594200000" and items[0]["name"] == "Esil District"
    assert items[1]["kato"] is None and items[1]["candidates"] == []


def test_districts_resolve_with_the_pre_reform_region():
    result = cli("districts", "resolve", "Абайский район", "--region", "ВКО")
    assert result.returncode == 0
    assert "103200000" in result.stdout and "KZ-10" in result.stdout


def test_districts_resolve_refuses_an_unknown_region_with_exit_2():
    result = cli("districts", "resolve", "Есильский район", "--region", "Атлантида")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "region" in result.stderr
