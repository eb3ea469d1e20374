"""The budget unit (预算单位): identity, staffing, offices, duties, contacts."""

from __future__ import annotations

from .common import Headcount, Located


class Contact(Located):
    """联系人 / 填表人 and how to reach them."""

    name: str
    role: str | None = None  # 联系人, 填表人, 单位负责人 ...
    phone: str | None = None


class Unit(Located):
    """部门（单位）基本概况."""

    name: str
    short_name: str | None = None
    budget_code: str | None = None  # 预算编码
    credit_code: str | None = None  # 统一社会信用代码
    jurisdiction: list[str] = []  # 湖南省 / 益阳市 / 桃江县
    unit_type: str | None = None  # 参照公务员法管理事业单位, 公益一类事业单位 ...
    parent: str | None = None  # 主管部门
    address: str | None = None
    head: str | None = None  # 单位负责人
    authorized_staff: Headcount | None = None  # 编制数 / 人员编制
    actual_staff: Headcount | None = None  # 实有人数 / 实际在职人数
    retired_staff: Headcount | None = None  # 退休人员
    internal_office_count: Headcount | None = None  # 内设机构 N 个, as stated
    internal_offices: list[str] = []
    duties: str | None = None  # 职能职责概述
    annual_work: str | None = None  # 年度主要工作内容
    achievements: str | None = None  # 年度总体运行情况及取得的成绩
    contacts: list[Contact] = []


class Evaluator(Located):
    """评价人员: one member of the evaluation panel."""

    name: str
    title: str | None = None  # 职务/职称
    organisation: str | None = None  # 单位
    signed: bool = False


class FormFooter(Located):
    """填表人 / 填报日期 / 联系电话 / 单位负责人签字 under a form."""

    filled_by: str | None = None
    fill_date: str | None = None  # ISO date as printed (2025-04-17) or Chinese (2025年5月20日)
    phone: str | None = None
    head_signature: str | None = None


class Signoff(Located):
    """评价组组长 / 部门（单位） / 财政部门归口业务科室 opinion blocks."""

    party: str  # 评价组组长, 部门（单位）, 财政部门归口业务科室
    opinion: str | None = None
    signed_by: str | None = None
    date: str | None = None
