"""Where a unit stands: Hunan's prefectures and counties, for the package's jurisdiction path.

The seeds are all Hunan units; a unit name such as "桃江县社会保险服务中心" gives
["湖南省", "益阳市", "桃江县"]. Names elsewhere fall back to the "…省…市…县" words they contain.
Administrative divisions as of 2024 (民政部 行政区划).
"""

from __future__ import annotations

import re

PROVINCE = "湖南省"

HUNAN: dict[str, tuple[str, ...]] = {
    "长沙市": ("芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县", "浏阳市", "宁乡市"),
    "株洲市": ("荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "攸县", "茶陵县", "炎陵县", "醴陵市"),
    "湘潭市": ("雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"),
    "衡阳市": (
        "珠晖区",
        "雁峰区",
        "石鼓区",
        "蒸湘区",
        "南岳区",
        "衡阳县",
        "衡南县",
        "衡山县",
        "衡东县",
        "祁东县",
        "耒阳市",
        "常宁市",
    ),
    "邵阳市": (
        "双清区",
        "大祥区",
        "北塔区",
        "新邵县",
        "邵阳县",
        "隆回县",
        "洞口县",
        "绥宁县",
        "新宁县",
        "城步苗族自治县",
        "武冈市",
        "邵东市",
    ),
    "岳阳市": ("岳阳楼区", "云溪区", "君山区", "岳阳县", "华容县", "湘阴县", "平江县", "汨罗市", "临湘市"),
    "常德市": ("武陵区", "鼎城区", "安乡县", "汉寿县", "澧县", "临澧县", "桃源县", "石门县", "津市市"),
    "张家界市": ("永定区", "武陵源区", "慈利县", "桑植县"),
    "益阳市": ("资阳区", "赫山区", "南县", "桃江县", "安化县", "沅江市"),
    "郴州市": (
        "北湖区",
        "苏仙区",
        "桂阳县",
        "宜章县",
        "永兴县",
        "嘉禾县",
        "临武县",
        "汝城县",
        "桂东县",
        "安仁县",
        "资兴市",
    ),
    "永州市": (
        "零陵区",
        "冷水滩区",
        "东安县",
        "双牌县",
        "道县",
        "江永县",
        "宁远县",
        "蓝山县",
        "新田县",
        "江华瑶族自治县",
        "祁阳市",
    ),
    "怀化市": (
        "鹤城区",
        "中方县",
        "沅陵县",
        "辰溪县",
        "溆浦县",
        "会同县",
        "麻阳苗族自治县",
        "新晃侗族自治县",
        "芷江侗族自治县",
        "靖州苗族侗族自治县",
        "通道侗族自治县",
        "洪江市",
    ),
    "娄底市": ("娄星区", "双峰县", "新化县", "冷水江市", "涟源市"),
    "湘西土家族苗族自治州": ("吉首市", "泸溪县", "凤凰县", "花垣县", "保靖县", "古丈县", "永顺县", "龙山县"),
}

ALIASES = {"湘西自治州": "湘西土家族苗族自治州", "湘西州": "湘西土家族苗族自治州"}


def jurisdiction_of(name: str) -> list[str]:
    """The jurisdiction path a unit name implies, e.g. "株洲市石峰区…" -> [湖南省, 株洲市, 石峰区]."""
    rest = name.removeprefix(PROVINCE)
    prefectures = sorted([*HUNAN, *ALIASES], key=len, reverse=True)
    for pref in prefectures:
        if rest.startswith(pref):
            full = ALIASES.get(pref, pref)
            rest = rest[len(pref) :]
            for county in sorted(HUNAN[full], key=len, reverse=True):
                if rest.startswith(county):
                    return [PROVINCE, full, county]
            return [PROVINCE, full]
    for pref, counties in HUNAN.items():
        for county in sorted(counties, key=len, reverse=True):
            if rest.startswith(county) and len(county) > 2:
                return [PROVINCE, pref, county]
    path: list[str] = []
    for m in re.finditer(r"[\u4e00-\u9fa5]{1,8}?(省|自治区|自治州|市|县|区)", name[:20]):
        path.append(m.group(0))
    return path
