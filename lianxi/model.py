"""Format v1 of a lianxi definition as pydantic models: frozen, unknown keys forbidden; no IO."""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SCHEMA_URL = "../schema/lianxi.schema.json"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=True)


# --- enumerations: English values, Chinese names accepted ---------------------------------------


class Level(enum.StrEnum):
    national = "national"
    provincial = "provincial"
    city = "city"
    county = "county"


class Status(enum.StrEnum):
    active = "active"
    abolished = "abolished"
    replaced = "replaced"


class Role(enum.StrEnum):
    chief_convener = "chief_convener"
    convener = "convener"
    deputy_convener = "deputy_convener"


class MeetingKind(enum.StrEnum):
    plenary = "plenary"
    thematic = "thematic"
    liaison = "liaison"


class DecisionStatus(enum.StrEnum):
    open = "open"
    done = "done"


class HistoryKind(enum.StrEnum):
    established = "established"
    adjusted = "adjusted"
    abolished = "abolished"


#: Chinese names of every enumeration value, as documents print them.
CHINESE: dict[type[enum.StrEnum], dict[str, str]] = {
    Level: {
        "部际": "national",
        "国家级": "national",
        "全国": "national",
        "厅际": "provincial",
        "省级": "provincial",
        "市级": "city",
        "市": "city",
        "县级": "county",
        "县": "county",
    },
    Status: {
        "有效": "active",
        "现行": "active",
        "撤销": "abolished",
        "已撤销": "abolished",
        "被替代": "replaced",
        "已替代": "replaced",
    },
    Role: {"总召集人": "chief_convener", "召集人": "convener", "副召集人": "deputy_convener"},
    MeetingKind: {"全体会议": "plenary", "专题会议": "thematic", "联络员会议": "liaison"},
    DecisionStatus: {
        "未完成": "open",
        "进行中": "open",
        "待办": "open",
        "已完成": "done",
        "完成": "done",
        "办结": "done",
        "已办结": "done",
    },
    HistoryKind: {
        "建立": "established",
        "设立": "established",
        "调整": "adjusted",
        "撤销": "abolished",
    },
}


def _chinese(cls: type[enum.StrEnum]) -> BeforeValidator:
    """Accept an enumeration's Chinese names (`全体会议` for `plenary`); the schema lists both."""
    names = CHINESE[cls]

    def accept_chinese(value: object) -> object:
        if isinstance(value, str):
            return names.get(value.strip(), value)
        return value

    choices = (*(m.value for m in cls), *names)
    return BeforeValidator(accept_chinese, json_schema_input_type=Literal[choices])


LevelT = Annotated[Level, _chinese(Level)]
StatusT = Annotated[Status, _chinese(Status)]
RoleT = Annotated[Role, _chinese(Role)]
MeetingKindT = Annotated[MeetingKind, _chinese(MeetingKind)]
DecisionStatusT = Annotated[DecisionStatus, _chinese(DecisionStatus)]
HistoryKindT = Annotated[HistoryKind, _chinese(HistoryKind)]

Text = Annotated[str, Field(min_length=1)]


# --- parts ---------------------------------------------------------------------------------------


class Source(_Model):
    title: Text = Field(description="来源文件或网页的标题")
    url: str | None = Field(None, description="来源网址")
    note: str | None = Field(None, description="说明")


class Document(_Model):
    kind: str | None = Field(None, description="文种（通知、函、意见……），按文件自身")
    issuer: str | None = Field(None, description="发文机关")
    number: str | None = Field(None, description="发文字号，如 运政办函〔2024〕38号")
    date: dt.date | None = Field(None, description="成文日期")
    title: str | None = Field(None, description="标题")
    addressees: list[Text] = Field(default_factory=list, description="主送机关")
    preamble: str | None = Field(None, description="正文开头（缘由段）")
    body: list[Text] = Field(default_factory=list, description="正文其余段落（如函的批复意见）")
    attachments: list[Text] = Field(default_factory=list, description="附件名称")
    signature: str | None = Field(None, description="署名（默认为发文机关）")
    note: str | None = Field(None, description="附注，如 此件公开发布")
    copies_to: list[Text] = Field(
        default_factory=list, description="版记：抄送机关（按文件所列顺序，不含句号）"
    )
    printed_by: str | None = Field(None, description="版记：印发机关，如 运城市人民政府办公室")
    printed_on: dt.date | None = Field(None, description="版记：印发日期")


class Person(_Model):
    name: str | None = Field(None, description="姓名")
    post: str | None = Field(None, description="职务")
    unit: str | None = Field(None, description="所在单位")


class Member(_Model):
    name: str | None = Field(None, description="联席会议成员姓名")
    post: str | None = Field(None, description="职务")


class Unit(_Model):
    name: Text = Field(description="成员单位名称，按文件原文")
    duty: str | None = Field(None, description="职责分工")
    member: Member | None = Field(None, description="该单位的联席会议成员")
    group: bool | int | None = Field(
        None, description="一项代表多个单位（如 各县区政府）：true，或已知的单位数"
    )
    note: str | None = Field(None, description="说明")

    @property
    def count(self) -> int | None:
        """How many units this entry stands for; None when it is a group of unknown size."""
        if self.group is None or self.group is False:
            return 1
        if self.group is True:
            return None
        return int(self.group)


def _unit_from_str(value: object) -> object:
    return {"name": value} if isinstance(value, str) else value


UnitT = Annotated[Unit, BeforeValidator(_unit_from_str, json_schema_input_type=str | Unit)]


class OtherDuty(_Model):
    units: list[Text] = Field(description="承担职责但不是成员单位的单位")
    duty: Text = Field(description="职责分工原文")
    note: str | None = Field(None, description="说明")


class Convener(_Model):
    role: RoleT = Field(description="总召集人 / 召集人 / 副召集人")
    post: Text = Field(description="职务，按文件原文")
    unit: str | None = Field(None, description="所在单位（须为成员单位）")
    name: str | None = Field(None, description="姓名")


class Office(_Model):
    unit: str | None = Field(None, description="办公室所在单位")
    director: str | None = Field(None, description="办公室主任")


class Liaison(_Model):
    unit: Text = Field(description="单位")
    name: str | None = Field(None, description="姓名")
    post: str | None = Field(None, description="职务")
    phone: str | None = Field(None, description="电话（不公开，仅 --private 输出）")


class Liaisons(_Model):
    rule: str | None = Field(None, description="联络员由谁担任")
    people: list[Liaison] = Field(default_factory=list, description="联络员名单")


class Rules(_Model):
    plenary_per_year: int | None = Field(None, ge=0, description="每年全体会议次数")
    liaison_per_year: int | None = Field(None, ge=0, description="每年联络员会议次数")
    minutes: bool | None = Field(None, description="是否印发会议纪要")
    text: list[Text] = Field(default_factory=list, description="工作规则原文段落")


class ListStyle(enum.StrEnum):
    """How a list of duties, rules or requirements is printed in the document."""

    paragraphs = "paragraphs"  # one paragraph each, unnumbered
    inline = "inline"  # one paragraph, items joined with ；
    yishi = "一是"  # one paragraph: 一是……；二是……。
    paren_cn = "（一）"  # one paragraph each: （一）……
    paren_ascii = "(一)"  # one paragraph each: (一)……
    arabic = "1."  # one paragraph each: 1. ……


class Layout(_Model):
    duties: ListStyle = Field(ListStyle.inline, description="主要职责的排列方式")
    rules: ListStyle = Field(ListStyle.paragraphs, description="工作规则的排列方式")
    requirements: ListStyle = Field(ListStyle.paragraphs, description="工作要求的排列方式")


class Headings(_Model):
    duties: str | None = Field(None, description="“主要职责”标题")
    units: str | None = Field(None, description="“成员单位”标题")
    rules: str | None = Field(None, description="“工作规则/工作机制”标题")
    requirements: str | None = Field(None, description="“工作要求”标题")
    unit_duties: str | None = Field(None, description="“职责分工”标题")


class Decision(_Model):
    text: Text = Field(description="议定事项原文")
    owners: list[Text] = Field(default_factory=list, description="责任单位")
    due: dt.date | None = Field(None, description="完成时限")
    status: DecisionStatusT = Field(DecisionStatus.open, description="open 未完成 / done 已完成")
    note: str | None = Field(None, description="说明")


class Meeting(_Model):
    date: dt.date = Field(description="会议日期")
    kind: MeetingKindT = Field(MeetingKind.plenary, description="全体会议 / 专题会议 / 联络员会议")
    title: str | None = Field(None, description="会议名称")
    place: str | None = Field(None, description="地点")
    chair: Person | None = Field(None, description="主持人")
    reporters: list[Person] = Field(default_factory=list, description="作通报或汇报的人")
    attendees: list[Person] = Field(default_factory=list, description="出席人员")
    absentees: list[Person] = Field(default_factory=list, description="请假人员")
    observers: list[Person] = Field(default_factory=list, description="列席人员")
    summary: list[Text] = Field(default_factory=list, description="会议内容摘要段落")
    decisions: list[Decision] = Field(default_factory=list, description="议定事项")
    source: str | None = Field(None, description="记录来源")


class HistoryEntry(_Model):
    date: dt.date = Field(description="日期")
    kind: HistoryKindT = Field(description="established 建立 / adjusted 调整 / abolished 撤销")
    note: str | None = Field(None, description="说明")
    document: str | None = Field(None, description="依据文件（文号或标题）")
    units_added: list[Text] = Field(default_factory=list, description="新增成员单位")
    units_removed: list[Text] = Field(default_factory=list, description="不再作为成员单位")


class System(_Model):
    key: Annotated[str, Field(description="文件内唯一的制度 key，如 quality")]
    name: Text = Field(description="制度全称")
    short_name: str | None = Field(None, description="简称，如 联席会议")
    topics: list[Text] = Field(default_factory=list, description="主题")
    status: StatusT = Field(
        Status.active, description="active 有效 / abolished 撤销 / replaced 被替代"
    )
    successor: str | None = Field(None, description="接续制度的引用（status: replaced 时）")
    established: dt.date | None = Field(None, description="建立日期")
    abolished: dt.date | None = Field(None, description="撤销日期")
    title: str | None = Field(None, description="制度文本的标题（附件中的标题）")
    preamble: str | None = Field(None, description="制度文本的开头段落")
    duties_intro: str | None = Field(None, description="主要职责前的引导句")
    duties: list[Text] = Field(default_factory=list, description="主要职责，按原文顺序")
    lead_unit: str | None = Field(None, description="牵头单位")
    units: list[UnitT] = Field(default_factory=list, description="成员单位，按原文顺序")
    declared_unit_count: int | None = Field(None, ge=0, description="文件中声明的成员单位数")
    units_text: list[Text] = Field(
        default_factory=list, description="成员单位一节中名单之后的其他句子（原文）"
    )
    units_sentence: str | None = Field(
        None,
        description="成员单位句的原文句式，{units} 为单位名单、{count} 为单位数、{lead} 为牵头单位；"
        "缺省为 联席会议由{units}等{count}个部门和单位组成，{lead}为牵头单位。",
    )
    conveners: list[Convener] = Field(default_factory=list, description="召集人")
    conveners_text: list[Text] = Field(
        default_factory=list, description="召集人及成员一节的原文句子"
    )
    office: Office | None = Field(None, description="联席会议办公室")
    office_text: list[Text] | None = Field(
        None,
        description="办公室和联络员一节的原文句子；缺省时按 office、liaisons 生成，[] 表示原文没有这一段",
    )
    liaisons: Liaisons | None = Field(None, description="联络员")
    rules: Rules | None = Field(None, description="工作规则")
    requirements: list[Text] = Field(default_factory=list, description="工作要求")
    other_duties: list[OtherDuty] = Field(default_factory=list, description="非成员单位的职责分工")
    headings: Headings | None = Field(None, description="与默认不同的章节标题")
    layout: Layout | None = Field(None, description="各部分在文件中的排列方式")
    meetings: list[Meeting] = Field(default_factory=list, description="会议记录")
    history: list[HistoryEntry] = Field(default_factory=list, description="建立、调整、撤销记录")
    note: str | None = Field(None, description="说明")


#: `（未写明）`, `(待定)`, `【请填写】`: words in brackets standing where a place should be
_PLACEHOLDER = re.compile(
    r"^[（(【\[]\s*(?:未写明|未知|待定|待补充|请填写|暂无|无|TODO)[^）)】\]]{0,20}[）)】\]]$", re.I
)


class Definition(_Model):
    """One file: one jurisdiction document with one or more systems."""

    lianxi: int = Field(description="格式版本，目前为 1")
    id: str = Field(description="定义 id，须与文件名相同，如 yuncheng")
    jurisdiction: Text = Field(description="行政区或部门，如 运城市")
    level: LevelT = Field(description="national 部际 / provincial 厅际 / city 市级 / county 县级")
    sources: list[Source] = Field(default_factory=list, description="每一项事实的出处")
    document: Document | None = Field(None, description="建立制度的文件")
    systems: list[System] = Field(description="联席会议制度")

    @field_validator("jurisdiction")
    @classmethod
    def _not_a_placeholder(cls, value: str) -> str:
        # `（未写明）`, `(待定)`: a draft's blank, not a place (an import never writes one).
        if _PLACEHOLDER.match(value.strip()):
            raise PydanticCustomError("placeholder", "a placeholder, not a jurisdiction")
        return value

    def system(self, key: str) -> System | None:
        return next((s for s in self.systems if s.key == key), None)


def unit_names(system: System) -> list[str]:
    """Return the member unit names in order."""
    return [u.name for u in system.units]
