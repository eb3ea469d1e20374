"""The jurisdiction a unit name implies, from the divisions as data (``data/places``)."""

from __future__ import annotations

import pytest

from jixiao.importers.places import jurisdiction_of, provinces


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("桃江县社会保险服务中心", ["湖南省", "益阳市", "桃江县"]),
        ("湘西自治州社会保险服务中心", ["湖南省", "湘西土家族苗族自治州"]),
        ("岳阳市岳阳楼区社会保险服务中心", ["湖南省", "岳阳市", "岳阳楼区"]),
        ("湖南省长沙市芙蓉区财政局", ["湖南省", "长沙市", "芙蓉区"]),
        ("吉首市财政局", ["湖南省", "湘西土家族苗族自治州", "吉首市"]),
        # a place no file knows: the place words of the name
        ("四川省遂宁市大英县司法局", ["四川省", "遂宁市", "大英县"]),
        ("南县农业局", ["南县"]),  # a two-character county is not guessed without its prefecture
    ],
)
def test_jurisdiction_of(name: str, path: list[str]) -> None:
    assert jurisdiction_of(name) == path


def test_every_place_file_validates_and_names_its_source() -> None:
    assert provinces()
    for province in provinces():
        assert province.source
        assert all(province.aliases[a] in province.prefectures for a in province.aliases)
