"""The one normalization: real name variants and the function each must resolve to."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from lianxi import names
from lianxi.model import Level

from .conftest import REPO

#: (name as printed somewhere, function id, level the name implies or None)
VARIANTS = [
    # 运城 (运政办函〔2024〕38号), both systems
    ("市发展改革委", "development-reform", "city"),
    ("市教育局", "education", "city"),
    ("市科技局", "science-technology", "city"),
    ("市工信局", "industry-it", "city"),
    ("市公安局", "public-security", "city"),
    ("市民政局", "civil-affairs", "city"),
    ("市司法局", "justice", "city"),
    ("市财政局", "finance", "city"),
    ("市人社局", "human-resources", "city"),
    ("市规划和自然资源局", "natural-resources", "city"),
    ("市生态环境局", "ecology-environment", "city"),
    ("市住建局", "housing", "city"),
    ("市交通局", "transport", "city"),
    ("市农业农村局", "agriculture-rural", "city"),
    ("市商务局", "commerce", "city"),
    ("市文旅局", "culture-tourism", "city"),
    ("市卫健委", "health", "city"),
    ("市应急局", "emergency", "city"),
    ("市市场监管局", "market-regulation", "city"),
    ("市体育局", "sport", "city"),
    ("市统计局", "statistics", "city"),
    ("市审批服务管理局", "administrative-approval", "city"),
    ("市能源局", "energy", "city"),
    ("市机关事务管理局", "government-affairs", "city"),
    ("市中级人民法院", "court", "city"),
    ("运城海关", "customs", "city"),
    ("市税务局", "tax", "city"),
    ("国家金融监督管理总局运城监管分局", "financial-regulation", None),
    ("市水务局", "water", "city"),
    ("市退役军人事务局", "veterans", "city"),
    ("市医保局", "healthcare-security", "city"),
    ("市气象局", "meteorology", "city"),
    ("市果业发展中心", "fruit-industry", "city"),
    ("市综合检验检测中心", "inspection-testing", "city"),
    ("市工商联", "federation-industry-commerce", "city"),
    ("市市场监管局（市知识产权局）", "market-regulation", "city"),
    ("市委组织部", "organization", "city"),
    ("市委宣传部", "publicity", "city"),
    ("市外事办", "foreign-affairs", "city"),
    ("市国资委", "sasac", "city"),
    ("市人民检察院", "procuratorate", "city"),
    ("市贸促会", "ccpit", "city"),
    ("市邮政管理局", "postal", "city"),
    ("人行运城市分行", "peoples-bank", None),
    # 鄂州
    ("市发改委", "development-reform", "city"),
    ("市经信局", "industry-it", "city"),
    ("市自然资源和城乡建设局", "natural-resources", "city"),
    ("市住房和城市更新局", "housing", "city"),
    ("市城管委", "urban-management", "city"),
    ("市交通运输局", "transport", "city"),
    ("市水利和湖泊局", "water", "city"),
    ("市应急管理局", "emergency", "city"),
    ("市数据局", "data", "city"),
    ("市公共资源交易中心", "public-resources-trading", "city"),
    ("市机关事务服务中心", "government-affairs", "city"),
    ("市临空物流发展服务中心", "airport-logistics", "city"),
    ("鄂州海关", "customs", "city"),
    ("各区人民政府", "government", None),
    ("葛店经开区", "development-zone", None),
    ("临空经济区管委会", "development-zone", None),
    # 连云港 (2014, traditional characters with inline pinyin, prefixes omitted)
    ("市委宣傳部", "publicity", "city"),
    ("市人大教科文衛委", "congress", "city"),
    ("市中級人民法院", "court", "city"),
    ("市人民檢察院", "procuratorate", "city"),
    ("市發(fā)改委(市經協辦)", "development-reform", "city"),
    ("經信委(中小企業局)", "industry-it", None),
    ("教育局", "education", None),
    ("科技局(知識產(chǎn)權局)", "science-technology", None),
    ("公安局", "public-security", None),
    ("人社局", "human-resources", None),
    ("農委", "agriculture-old", None),
    ("文廣新局(版權局)", "culture-old", None),
    ("法制辦", "legal-affairs-office", None),
    ("國資委", "sasac", None),
    ("連雲港海關", "customs", "city"),
    ("工商局", "industry-commerce", None),
    ("質監局", "quality-supervision", None),
    ("各縣區政府", "government", None),
    ("市開發(fā)區管委會", "development-zone", "city"),
    # 全国计量工作部际联席会议 (national)
    ("市场监管总局", "market-regulation", "national"),
    ("教育部", "education", "national"),
    ("科技部", "science-technology", "national"),
    ("工业和信息化部", "industry-it", "national"),
    ("公安部", "public-security", "national"),
    ("司法部", "justice", "national"),
    ("财政部", "finance", "national"),
    ("自然资源部", "natural-resources", "national"),
    ("生态环境部", "ecology-environment", "national"),
    ("交通运输部", "transport", "national"),
    ("水利部", "water", "national"),
    ("农业农村部", "agriculture-rural", "national"),
    ("国家卫生健康委", "health", "national"),
    ("国务院国资委", "sasac", "national"),
    ("广电总局", "radio-tv", "national"),
    ("体育总局", "sport", "national"),
    ("中科院", "academy-sciences", "national"),
    ("工程院", "academy-engineering", "national"),
    ("中国气象局", "meteorology", "national"),
    ("国家能源局", "energy", "national"),
    ("国家国防科工局", "defense-industry", "national"),
    ("国家铁路局", "railway", "national"),
    ("中国民航局", "civil-aviation", "national"),
    ("国家药监局", "drug-administration", "national"),
    ("中央军委装备发展部", "cmc-equipment", "national"),
    # 内蒙古 (provincial)
    ("自治区市场监管局", "market-regulation", "provincial"),
    ("内蒙古自治区市场监督管理局", "market-regulation", "provincial"),
    ("自治区党委宣传部", "publicity", "provincial"),
    ("公安厅", "public-security", "provincial"),
    ("高级人民法院", "court", "provincial"),
    ("自治区政府办公厅", "general-office", "provincial"),
    # full names, 规范简称 and colloquial forms
    ("国家发展和改革委员会", "development-reform", "national"),
    ("国家发展改革委", "development-reform", "national"),
    ("国家发改委", "development-reform", "national"),
    ("省发展改革委", "development-reform", "provincial"),
    ("运城市发展和改革委员会", "development-reform", "city"),
    ("中共运城市委宣传部", "publicity", "city"),
    ("運城市市場監督管理局", "market-regulation", "city"),
    ("国家税务总局运城市税务局", "tax", None),
    ("山西省人力资源和社会保障厅", "human-resources", "provincial"),
    ("县卫生健康局", "health", "county"),
    ("市卫生健康委员会", "health", "city"),
    ("市 公安局", "public-security", "city"),
    ("市公安局　", "public-security", "city"),
    ("中国人民银行运城市中心支行", "peoples-bank", None),
    ("运城银保监分局", "banking-insurance-old", "city"),
    ("国家知识产权局", "intellectual-property", "national"),
    ("市知识产权局", "intellectual-property", "city"),
    ("团市委", "youth-league", None),
    ("市妇联", "womens-federation", "city"),
    ("市科协", "science-association", "city"),
    ("市总工会", "trade-union", "city"),
    # pre-reform names resolve to the abolished body, whose successor is known
    ("市工商行政管理局", "industry-commerce", "city"),
    ("市质量技术监督局", "quality-supervision", "city"),
    ("市食品药品监督管理局", "food-drug-old", "city"),
    ("市国土资源局", "land-resources", "city"),
    ("市环保局", "environmental-protection", "city"),
    ("市卫计委", "health-family-planning", "city"),
    ("市安监局", "work-safety", "city"),
    ("市政府法制办", "legal-affairs-office", "city"),
    ("市监察局", "supervision-old", "city"),
    ("国家新闻出版广电总局", "press-radio-old", "national"),
    ("中国银监会", "banking-old", "national"),
    ("市国税局", "state-tax-old", "city"),
    ("市地税局", "local-tax-old", "city"),
    ("市林业局", "forestry-grassland", "city"),
    ("国家粮食局", "grain-old", "national"),
]


@pytest.mark.parametrize(("name", "function", "level"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_variant_resolves(name: str, function: str, level: str | None) -> None:
    r = names.resolve(name)
    assert r is not None, f"{name} not placed; closest: {names.closest(name)}"
    assert (r.function.id, r.level.value if r.level else None) == (function, level)


def test_table_is_large_enough() -> None:
    assert len(VARIANTS) >= 100
    assert len({v[0] for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize(
    ("old", "now"),
    [
        ("市工商局", "market-regulation"),
        ("質監局", "market-regulation"),
        ("市食药监局", "market-regulation"),
        ("国土资源部", "natural-resources"),
        ("市规划局", "natural-resources"),
        ("环境保护部", "ecology-environment"),
        ("市农委", "agriculture-rural"),
        ("文广新局", "culture-tourism"),
        ("市旅游局", "culture-tourism"),
        ("市卫计委", "health"),
        ("市安监局", "emergency"),
        ("法制办", "justice"),
        ("市监察局", "supervision"),
        ("国家新闻出版广电总局", "radio-tv"),
        ("中国银监会", "financial-regulation"),
        ("中国保监会", "financial-regulation"),
        ("银保监会", "financial-regulation"),
        ("市国税局", "tax"),
        ("市地税局", "tax"),
        ("国家林业局", "forestry-grassland"),
        ("国家粮食局", "grain-reserves"),
        ("市扶贫办", "agriculture-rural"),
    ],
)
def test_history_leads_to_the_present_function(old: str, now: str) -> None:
    assert names.successor_key(old) == now


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市发改委", "市发展改革委"),
        ("市发改委", "国家发展改革委"),
        ("市科技局（知识产权局）", "市科技局"),
        ("運城市市場監管局", "市市场监管局"),
        ("市卫健委", "市卫生健康委员会"),
        ("ｓ市公安局".lstrip("ｓ"), "市公安局"),
    ],
)
def test_same_function(a: str, b: str) -> None:
    assert names.function_key(a) == names.function_key(b)


def test_plates_are_kept() -> None:
    r = names.resolve("市科技局（知识产权局）")
    assert r is not None and r.plates == ("知识产权局",)
    assert names.split_plates("市發改委(市經協辦)") == ("市发改委", ("市经协办",))


def test_normalize_folds_width_script_space_and_prefix() -> None:
    assert names.normalize("運城市 市場監管局") == "市场监管局"
    assert names.normalize("ＡＢＣ局") == "ABC局"


@pytest.mark.parametrize("name", ["市公按局", "知识产权保护中心", "某某协会", "xyz", "（）"])
def test_unknown_names_are_not_guessed(name: str) -> None:
    assert names.resolve(name) is None
    assert names.function_key(name).startswith("?")


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("市生态环竟局", ["市生态环境局"]),
        ("区烟草专卖管理处", ["区烟草专卖局"]),
        ("市盐务处", ["市盐务局"]),  # not 市税务局: 盐 and 税 share nothing
        ("市烟草局专卖处", ["市烟草专卖局"]),  # not 林草局
        ("省委台湾办", ["省委台湾工作办公室"]),
        ("市公按局", []),  # too little in common to tell a slip from another body
        ("某某协会", []),
    ],
)
def test_closest_offers_the_same_function_at_the_same_level(name: str, offered: list[str]) -> None:
    assert names.closest(name)[: len(offered)] == offered
    if not offered:
        assert names.closest(name) == []


def test_catalog_covers_the_reforms() -> None:
    cat = {f.id: f for f in names.functions()}
    assert len(cat) >= 70
    assert cat["industry-commerce"].successor == "market-regulation"
    assert str(cat["banking-insurance-old"].abolished) == "2023-05-18"
    assert cat["data"].established is not None
    assert cat["education"].display(Level.city) == "市教育局"
    assert cat["market-regulation"].display(Level.national) == "国家市场监督管理总局"


def test_catalog_model_rejects_inconsistency() -> None:
    with pytest.raises(ValidationError, match="successor"):
        names.Catalog.model_validate(
            {"catalog": 1, "functions": [{"id": "a", "label": "甲", "successor": "b"}]}
        )
    with pytest.raises(ValidationError, match="used twice"):
        names.Catalog.model_validate(
            {"catalog": 1, "functions": [{"id": "a", "label": "甲"}, {"id": "a", "label": "乙"}]}
        )


def test_the_runtime_catalog_snapshot_is_current() -> None:
    """catalog.json is what catalog.yaml validates to; edit the YAML, then regenerate the JSON."""
    shipped = (REPO / "lianxi" / "data" / "catalog.json").read_text(encoding="utf-8")
    assert shipped == names.catalog_json(names.load_catalog_source()), (
        'catalog.json is stale: run python -c "from lianxi import names; names.write_catalog_json()"'
    )
    assert names.catalog().catalog == names.load_catalog_source()


#: Every name the catalog failed on in real notices from 2003 to 2024 (issue text), with the function
#: that does its work today, and the function the name itself belongs to when that is an older body.
ISSUE_NAMES = [
    ("建设部", "housing", "construction-old"),
    ("铁道部", "railway", "railway-ministry-old"),
    ("交通部", "transport", "transport-old"),
    ("环保总局", "ecology-environment", "environment-administration-old"),
    ("工商总局", "market-regulation", "industry-commerce"),
    ("食品药品监管总局", "market-regulation", "food-drug-old"),
    ("民航总局", "civil-aviation", "civil-aviation-old"),
    ("电监会", "energy", "electricity-regulator-old"),
    ("海洋局", "natural-resources", "ocean-old"),
    ("总装备部", "cmc-equipment", "pla-general-armament-old"),
    ("中央综治办", "political-legal", "comprehensive-governance-old"),
    ("中央农办", "rural-work-office", "rural-work-office"),
    ("妇儿工委办公室", "women-children-committee", "women-children-committee"),
    ("团省委", "youth-league", "youth-league"),
    ("省委台办", "taiwan-affairs", "taiwan-affairs"),
    ("省卫生厅", "health", "health-old"),
    ("省交通厅", "transport", "transport-old"),
    ("市经济信息委", "industry-it", "industry-it"),
    ("市城乡建委", "housing", "housing"),
    ("市交委", "transport", "transport"),
    ("市商委", "commerce", "commerce"),
    ("市国土房管局", "natural-resources", "land-housing-old"),
    ("市人力社保局", "human-resources", "human-resources"),
    ("市劳动和社会保障局", "human-resources", "labour-old"),
    ("市食品药品监管局", "market-regulation", "food-drug-old"),
    ("市文化广播影视局", "culture-tourism", "culture-old"),
    ("市烟草专卖局", "tobacco", "tobacco"),
    ("市盐务局", "salt", "salt"),
    ("市供销社", "supply-marketing", "supply-marketing"),
    ("市消费者协会", "consumer-association", "consumer-association"),
    ("安康银监分局", "financial-regulation", "banking-old"),
    ("人行重庆营管部", "peoples-bank", "peoples-bank"),
    ("区公安分局", "public-security", "public-security"),
    ("区委办公室", "party-office", "party-office"),
    ("区纪委", "supervision", "supervision"),
    ("区发展改革和工业信息化局", "development-reform", "development-reform"),
    # the chains the reforms make
    ("国家环境保护总局", "ecology-environment", "environment-administration-old"),
    ("环境保护部", "ecology-environment", "environmental-protection"),
    ("卫生部", "health", "health-old"),
    ("国家人口计生委", "health", "population-family-planning-old"),
    ("卫计委", "health", "health-family-planning"),
    ("中国银监会", "financial-regulation", "banking-old"),
    ("中国保监会", "financial-regulation", "insurance-old"),
    ("银保监会", "financial-regulation", "banking-insurance-old"),
    ("市工商局", "market-regulation", "industry-commerce"),
    ("市质监局", "market-regulation", "quality-supervision"),
    ("市食药监局", "market-regulation", "food-drug-old"),
    ("国家计委", "development-reform", "planning-commission-old"),
    ("国家经贸委", "commerce", "economic-trade-old"),
    ("劳动部", "human-resources", "labour-ministry-old"),
    ("人事部", "human-resources", "personnel-old"),
    ("信息产业部", "industry-it", "information-industry-old"),
    ("国家广播电影电视总局", "radio-tv", "radio-film-tv-old"),
    ("新闻出版总署", "radio-tv", "press-old"),
    ("国家测绘局", "natural-resources", "surveying-old"),
    ("市出入境检验检疫局", "customs", "entry-exit-inspection-old"),
    ("公安消防支队", "fire-rescue", "fire-old"),
    ("国务院侨办", "united-front", "overseas-chinese-old"),
    ("市国税局", "tax", "state-tax-old"),
    ("县扶贫办", "agriculture-rural", "poverty-alleviation"),
]


@pytest.mark.parametrize(("name", "today", "own"), ISSUE_NAMES, ids=[n for n, _, _ in ISSUE_NAMES])
def test_old_name_resolves_to_its_present_day_function(name: str, today: str, own: str) -> None:
    r = names.resolve(name)
    assert r is not None, f"{name} not placed; closest: {names.closest(name)}"
    assert (r.function.id, names.successor_key(name)) == (own, today)


@pytest.mark.parametrize(
    ("old", "chain"),
    [
        ("环保总局", ["state-council-2008", "state-council-2018"]),
        ("卫生部", ["state-council-2013", "state-council-2018"]),
        ("银监会", ["state-council-2018", "state-council-2023"]),
        ("铁道部", ["state-council-2013"]),
        ("市工商局", ["state-council-2018"]),
        ("市公安局", []),
    ],
)
def test_history_names_each_reform_and_its_document(old: str, chain: list[str]) -> None:
    r = names.resolve(old)
    assert r is not None
    steps = names.history(r.function.id)
    assert [reform.id for reform, _ in steps] == chain
    assert all("决定" in reform.source or "方案" in reform.source for reform, _ in steps)


def test_split_names_every_body_that_took_part_of_the_work() -> None:
    railways = names.function("railway-ministry-old")
    assert railways is not None and railways.successor == "railway"
    assert railways.split_to == ["china-railway", "transport"]
    assert str(railways.abolished) == "2013-03-14"
    assert names.resolve("中国国家铁路集团有限公司") is not None


@pytest.mark.parametrize(
    ("name", "functions", "level"),
    [
        ("区发展改革和工业信息化局", ["development-reform", "industry-it"], "county"),
        ("县文化广电体育和旅游局", ["culture-tourism", "radio-tv", "sport"], "county"),
        ("县教育科技体育局", ["education", "science-technology", "sport"], "county"),
        ("县农业农村和水利局", ["agriculture-rural"], "county"),  # a name in the catalog
        ("区工业信息化局", ["industry-it"], "county"),
    ],
)
def test_merged_bureau_resolves_to_each_function(
    name: str, functions: list[str], level: str
) -> None:
    r = names.resolve(name)
    assert r is not None and [f.id for f in r.functions] == functions
    assert r.level is not None and r.level.value == level
    assert names.function_keys(name) == tuple(functions)


@pytest.mark.parametrize(
    ("name", "function"),
    [
        ("区市场监管分局", "market-regulation"),
        ("运城市公安局盐湖分局", "public-security"),
        ("国家金融监督管理总局安康监管分局", "financial-regulation"),
        ("中国人民银行重庆营业管理部", "peoples-bank"),
        ("国网运城供电公司", "power-grid"),
        ("中国铁路太原局集团有限公司", "china-railway"),
        ("运城市烟草专卖局（公司）", "tobacco"),
        ("市人大常委会法制工作委员会", "congress"),
        ("市政协教科卫体委员会", "cppcc"),
        ("省委网信办", "cyberspace"),
        ("市委编办", "establishment"),
        ("市委考核办", "assessment-office"),
        ("共青团运城市委员会", "youth-league"),
        ("市关工委", "next-generation"),
        ("市红十字会", "red-cross"),
        ("市残联", "disabled-federation"),
        ("重庆市规划和自然资源局", "natural-resources"),
        ("北京市住房和城乡建设委员会", "housing"),
    ],
)
def test_more_forms_resolve(name: str, function: str) -> None:
    assert names.function_key(name) == function


def test_unrelated_names_are_not_composed() -> None:
    for name in ["市教育基金会", "市发展局", "市和局", "县体育中心"]:
        r = names.resolve(name)
        assert r is None or r.via != "keywords", name
