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


def test_sichuan_is_a_file_of_its_own_with_its_declaration_weighting() -> None:
    from decimal import Decimal

    from jixiao.importers.places import jurisdiction_of, province_of

    assert jurisdiction_of("井研县马踏镇人民政府") == ["四川省", "乐山市", "井研县"]
    assert jurisdiction_of("凉山州西昌市财政局") == ["四川省", "凉山彝族自治州", "西昌市"]
    sichuan = province_of("青神县发展和改革局")
    assert sichuan is not None and sichuan.declarations is not None
    assert sichuan.declarations.execution_weight == Decimal(10)  # 预算执行情况(10分) + 绩效指标(90分)
    hunan = province_of("桃江县社会保险服务中心")
    assert hunan is not None and hunan.declarations is None  # no convention stated: the national 100
