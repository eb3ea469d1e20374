"""``jixiao sample 名单.csv --size 3 --seed 2024 --by desk``: the 抽评 sample from the command line, drawn by
the same core function as the web app's (one candidate list, seed and size: one sample)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import main
from jixiao.monitoring.sampling import draw_sample, read_candidates

CSV = """单位编码,单位名称,归口科室,全年预算数（万元）
001,甲单位,社会保障股,120
002,乙单位,社会保障股,80
003,丙单位,社会保障股,2500
004,丁单位,农业股,40
005,戊单位,农业股,900
"""


def test_the_sample_by_desk_from_a_csv_is_reproducible(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text(CSV, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["sample", str(path), "--size", "3", "--seed", "2024", "--by", "desk"])
    assert first.exit_code == 0, first.output
    # 社会保障股 3 of 5, 农业股 2 of 5: quotas 3 × 3/5 = 1.8 and 3 × 2/5 = 1.2 → 1 and 1; the one left to
    # the larger remainder (0.8, 社会保障股): 2 and 1
    assert (
        first.output.splitlines()[0] == "分层随机抽样（随机种子 2024，共抽取3个）：农业股 1/2，社会保障股 2/3"
    )
    again = runner.invoke(main, ["sample", str(path), "--size", "3", "--seed", "2024", "--by", "desk"])
    assert again.output == first.output
    core = draw_sample(read_candidates(CSV, stratify_by="desk"), size=3, seed=2024, stratify_by="desk")
    assert [line.split("\t")[0] for line in first.output.splitlines()[1:]] == [c.key for c in core.drawn]


def test_size_bands_and_refusals(tmp_path: Path) -> None:
    cands = read_candidates(CSV, stratify_by="size", bounds=[Decimal(100), Decimal(1000)])
    # 120 and 900 → 100–1000; 80 and 40 → under 100; 2500 → above 1000
    assert [(c.key, c.stratum) for c in cands] == [
        ("001", "100–1000万元"),
        ("002", "100万元以下"),
        ("003", "1000万元以上"),
        ("004", "100万元以下"),
        ("005", "100–1000万元"),
    ]
    path = tmp_path / "名单.csv"
    path.write_text("编码,备注\n1,x\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["sample", str(path), "--size", "1", "--seed", "1"])
    assert refused.exit_code != 0 and "单位名称" in refused.output
