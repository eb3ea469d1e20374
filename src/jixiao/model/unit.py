"""The budget unit (预算单位): identity, staffing, offices, duties, contacts."""

from __future__ import annotations

from pydantic import Field

from .common import Headcount, Located


class Contact(Located):
    """联系人 / 填表人 and how to reach them."""

    name: str = Field(title="姓名")
    # 联系人, 填表人, 单位负责人 ...
    role: str | None = Field(default=None, title="身份")
    phone: str | None = Field(default=None, title="联系电话")


class Unit(Located):
    """部门（单位）基本概况."""

    name: str = Field(title="单位名称")
    short_name: str | None = Field(default=None, title="单位简称")
    budget_code: str | None = Field(default=None, title="预算编码")
    credit_code: str | None = Field(default=None, title="统一社会信用代码")
    # 湖南省 / 益阳市 / 桃江县
    jurisdiction: list[str] = Field(default=[], title="所属地区")
    # 参照公务员法管理事业单位, 公益一类事业单位 ...
    unit_type: str | None = Field(default=None, title="单位性质")
    parent: str | None = Field(default=None, title="主管部门")
    address: str | None = Field(default=None, title="单位住所")
    head: str | None = Field(default=None, title="单位负责人")
    # 编制数 / 人员编制
    authorized_staff: Headcount | None = Field(default=None, title="编制数")
    # 实有人数 / 实际在职人数
    actual_staff: Headcount | None = Field(default=None, title="实有人数")
    # 退休人员
    retired_staff: Headcount | None = Field(default=None, title="退休人数")
    # 内设机构 N 个, as stated
    internal_office_count: Headcount | None = Field(default=None, title="内设机构数")
    internal_offices: list[str] = Field(default=[], title="内设机构")
    # 职能职责概述
    duties: str | None = Field(default=None, title="主要职责")
    annual_work: str | None = Field(default=None, title="年度主要工作内容")
    achievements: str | None = Field(default=None, title="年度总体运行情况及取得的成绩")
    contacts: list[Contact] = Field(default=[], title="联系人")


class Evaluator(Located):
    """评价人员: one member of the evaluation panel."""

    name: str = Field(title="姓名")
    title: str | None = Field(default=None, title="职务/职称")
    organisation: str | None = Field(default=None, title="单位")
    signed: bool = Field(default=False, title="已签字")


class FormFooter(Located):
    """填表人 / 填报日期 / 联系电话 / 单位负责人签字 under a form."""

    filled_by: str | None = Field(default=None, title="填表人")
    # ISO date as printed (2025-04-17) or Chinese (2025年5月20日)
    fill_date: str | None = Field(default=None, title="填报日期")
    phone: str | None = Field(default=None, title="联系电话")
    head_signature: str | None = Field(default=None, title="单位负责人（签章）")


class Signoff(Located):
    """评价组组长 / 部门（单位） / 财政部门归口业务科室 opinion blocks."""

    # 评价组组长, 部门（单位）, 财政部门归口业务科室
    party: str = Field(title="签署方")
    opinion: str | None = Field(default=None, title="意见")
    signed_by: str | None = Field(default=None, title="签字人")
    date: str | None = Field(default=None, title="日期")
