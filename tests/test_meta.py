"""Document metadata on the real seeds and corpus-extra files (full reader+cleaning chain), plus parser tables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from kb.ingest.meta import (
    doc_type_of,
    extract_metadata,
    find_doc_number,
    normalize_doc_number,
    parse_date,
)
from kb.models import DocHints, Metadata

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXTRA = ROOT.parent / "shared" / "corpus-extra"


@lru_cache(maxsize=None)
def _meta(path: Path) -> Metadata:
    """The metadata the pipeline computes: reader -> clean -> tables -> simplified -> extract_metadata."""
    from kb.ingest.clean import clean_text, to_simplified
    from kb.ingest.readers import read_document
    from kb.ingest.tables import extract_tables

    raw = read_document(path, ocr=False)
    text, _ = extract_tables(clean_text(raw.text))
    return extract_metadata(to_simplified(text), raw.hints, raw.source)


SEEDS = [
    # file, issuer, doc_number, date, region, province, level, doc_type
    ("000_f4a8eb3875f75941.txt", "河南省民政厅", "", "", "河南省", "河南省", "province", "总结"),
    ("001_4b3757ccbb240fc5.txt", "焦作市民政局", "", "2023-07-13", "焦作市", "河南省", "city", "答复"),
    # doc_type: the issued document's type (see kb.ingest.meta); the notice itself is a 通知
    ("002_6826ce07d37866fe.txt", "浙江省民政厅", "浙民〔2021〕65号", "2021-04-02", "浙江省", "浙江省", "province", "规划"),
    ("003_ac2c417f64737111.txt", "周口市人民政府办公室", "周政办〔2024〕13号", "2024-04-09", "周口市", "河南省", "city", "实施方案"),
    ("004_1d889c251517f314.txt", "", "", "2023-05-18", "河南省", "河南省", "province", "实施意见"),
]


@pytest.mark.parametrize("name,issuer,doc_number,date,region,province,level,doc_type", SEEDS)
def test_seed_metadata(name, issuer, doc_number, date, region, province, level, doc_type) -> None:
    m = _meta(CORPUS / name)
    assert (m.issuer, m.doc_number, m.date, m.region, m.province, m.level, m.doc_type) == (
        issuer, doc_number, date, region, province, level, doc_type,
    )


@pytest.mark.parametrize(
    "name,title",
    [
        ("001_4b3757ccbb240fc5.txt", "第192号提案的答复"),
        ("002_6826ce07d37866fe.txt", "浙江省民政厅关于印发《浙江省养老服务发展“十四五”规划》的通知"),
        ("003_ac2c417f64737111.txt", "周口市人民政府办公室关于印发2024年推进养老服务事业加快发展主动接受三级人大联动监督实施方案的通知"),
        ("004_1d889c251517f314.txt", "关于促进养老托育服务健康发展的实施意见"),
    ],
)
def test_seed_titles(name: str, title: str) -> None:
    assert _meta(CORPUS / name).title == title


def test_seed_004_does_not_take_the_cited_doc_number() -> None:
    # its first paragraph cites 《国务院办公厅关于促进养老托育服务健康发展的意见》(国办发〔2020〕52号)
    assert "国办发" not in _meta(CORPUS / "004_1d889c251517f314.txt").doc_number


EXTRA_DOCS = [
    # file, title, issuer, doc_number, date, region, province, level, doc_type
    ("beijing_city_jujia_yanglao_fuwu_tiaoli.md", "北京市居家养老服务条例", "北京市人民代表大会", "", "2015-01-29",
     "北京市", "北京市", "province", "条例"),
    ("henan_province_laonianren_quanyi_baozhang_tiaoli_2018.md", "河南省老年人权益保障条例", "河南省人民代表大会常务委员会", "",
     "2018-07-27", "河南省", "河南省", "province", "条例"),
    ("national_laonianren_quanyi_baozhangfa_2018.md", "中华人民共和国老年人权益保障法", "全国人民代表大会常务委员会", "",
     "2018-12-29", "全国", "", "national", "法"),
    ("shandong_dezhou_city_yanglao_fuwu_tiaoli_2019.md", "德州市养老服务条例", "德州市人民代表大会常务委员会", "",
     "2019-09-27", "德州市", "山东省", "city", "条例"),
    ("shandong_province_yanglao_fuwu_tiaoli_2020.md", "山东省养老服务条例", "山东省人民代表大会常务委员会", "", "2020-03-26",
     "山东省", "山东省", "province", "条例"),
    ("shandong_qingdao_city_yanglao_fuwu_cujin_tiaoli_2018.md", "青岛市养老服务促进条例", "青岛市人民代表大会常务委员会", "",
     "2018-09-07", "青岛市", "山东省", "city", "条例"),
    ("shandong_weihai_city_jumin_yanglao_fuwu_baozhang_tiaoli_2020.md", "威海市居民养老服务保障条例",
     "威海市人民代表大会常务委员会", "", "2020-01-15", "威海市", "山东省", "city", "条例"),
    ("zhejiang_province_laonianren_quanyi_baozhangfa_shishi_banfa_2020.md", "浙江省实施《中华人民共和国老年人权益保障法》办法",
     "浙江省人民代表大会常务委员会", "", "2020-11-27", "浙江省", "浙江省", "province", "办法"),
    ("zhejiang_province_shehui_yanglao_fuwu_cujin_tiaoli_2021.md", "浙江省社会养老服务促进条例", "浙江省人民代表大会", "",
     "2021-09-29", "浙江省", "浙江省", "province", "条例"),
    ("zhejiang_shaoxing_city_jujia_yanglao_fuwu_tiaoli_2021.md", "绍兴市居家养老服务条例", "绍兴市人民代表大会常务委员会", "",
     "2021-09-29", "绍兴市", "浙江省", "city", "条例"),
    ("national_guofa_2018_39_cujin_jiuye_ruogan_yijian.html", "国务院关于做好当前和今后一个时期促进就业工作的若干意见", "国务院",
     "国发〔2018〕39号", "2018-11-16", "全国", "", "national", "意见"),
    ("national_guobanfa_2019_3_chengzhen_xiaoqu_peitao_youeryuan_zhili_tongzhi.html",
     "国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知", "国务院办公厅", "国办发〔2019〕3号", "2019-01-09", "全国", "",
     "national", "通知"),
    ("guangdong_guangzhou_city_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html",
     "广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知", "广州市人民政府办公厅", "穗府办规〔2022〕13号",
     "2022-09-06", "广州市", "广东省", "city", "办法"),
    ("guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html",
     "广州市民政局 广州市财政局 广州市市场监督管理局关于印发广州市老年人助餐配餐服务管理办法的通知",
     "广州市民政局、广州市财政局、广州市市场监督管理局", "穗民规字〔2024〕3号", "2024-03-14", "广州市", "广东省", "city", "办法"),
    ("shandong_jinan_city_2025_quanchenggou_xiaofeiquan_gonggao.docx", "2025年济南市“泉城购”零售、餐饮消费券发放活动公告",
     "济南市商务局", "", "", "济南市", "山东省", "city", "公告"),
    ("shandong_jinan_city_2025_qiche_xiaofei_butie_gonggao_brokenrel.docx", "2025年政府汽车消费补贴活动公告", "济南市商务局",
     "", "", "济南市", "山东省", "city", "公告"),
    ("shandong_province_2025_jiadian_yijiuhuanxin_shishi_fangan.pdf",
     "山东省商务厅等4部门关于印发《山东省2025年家电以旧换新实施方案》的通知", "山东省商务厅等4部门", "鲁商字〔2025〕1号",
     "2025-01-20", "山东省", "山东省", "province", "实施方案"),
    ("shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize.pdf",
     "关于印发《济南市2025年家电以旧换新补贴实施细则》的通知",
     "济南市商务局、济南市发展和改革委员会、济南市财政局、济南市市场监督管理局", "济商务字〔2025〕5号", "2025-01-20", "济南市",
     "山东省", "city", "细则"),
]


@pytest.mark.parametrize("name,title,issuer,doc_number,date,region,province,level,doc_type", EXTRA_DOCS,
                         ids=[d[0][:40] for d in EXTRA_DOCS])
def test_corpus_extra_metadata(name, title, issuer, doc_number, date, region, province, level, doc_type) -> None:
    m = _meta(EXTRA / name)
    assert m.model_dump(exclude={"published", "effective", "index_number"}) == {
        "title": title, "issuer": issuer, "doc_number": doc_number, "date": date, "region": region,
        "province": province, "level": level, "doc_type": doc_type,
    }


def test_government_work_report_region_and_type() -> None:
    m = _meta(EXTRA / "henan_province_zhengfu_gongzuo_baogao_2026.txt")
    assert (m.issuer, m.region, m.province, m.level, m.doc_type) == ("河南省人民政府", "河南省", "河南省", "province", "报告")


# --------------------------------------------------------------------------- parsers


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("周政办〔2024〕13号", "周政办〔2024〕13号"),
        ("周政办[2024]13号", "周政办〔2024〕13号"),
        ("国发(2018)39号", "国发〔2018〕39号"),
        ("鲁商字【2025】1号", "鲁商字〔2025〕1号"),
        ("穗民规字（2024）3号", "穗民规字〔2024〕3号"),
        ("济商务字〔2025〕 5 号", "济商务字〔2025〕5号"),
        ("2024年4月9日", ""),
    ],
)
def test_normalize_doc_number(raw: str, expected: str) -> None:
    assert normalize_doc_number(raw) == expected


def test_damaged_doc_number_repaired_only_when_the_year_agrees() -> None:
    head = "浙江省民政厅关于印发《浙江省养老服务发展“十四五”规划》的通知\n发布时间:2024-08-23 09:09\n浙民202165\n各市、县(市、区)民政局:\n"
    assert find_doc_number(head, "2021") == "浙民〔2021〕65号"
    assert find_doc_number(head, "2019") == ""
    assert find_doc_number(head, "") == ""


@pytest.mark.parametrize(
    "text",
    [
        # cited after a title in parentheses (seed 004, Guangzhou 2024)
        "关于促进养老托育服务健康发展的实施意见\n为推进落实…,根据《国务院办公厅关于促进养老托育服务健康发展的意见》(国办发〔2020〕52号),结合我省实际,制定以下实施意见。\n一、总体目标\n",
        "各区民政局：\n为优化提升老年人助餐配餐服务水平，根据《广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知》（穗府办规〔2022〕13号）及相关规定，我们制定了本办法。\n",
    ],
)
def test_cited_doc_numbers_are_not_taken(text: str) -> None:
    assert find_doc_number(text, "") == ""


@pytest.mark.parametrize(
    "raw,iso",
    [
        ("2024年4月9日", "2024-04-09"),
        ("二〇二一年四月二日", "2021-04-02"),
        ("2023-05-18 14:48:27", "2023-05-18"),
        ("发布时间:2024-08-23 09:09", "2024-08-23"),
        ("2024.4.9", "2024-04-09"),
        ("2024年13月1日", ""),
        ("十四五期间", ""),
    ],
)
def test_parse_date(raw: str, iso: str) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize(
    "title,kind",
    [
        ("周口市人民政府办公室关于印发2024年推进养老服务事业加快发展主动接受三级人大联动监督实施方案的通知", "实施方案"),
        ("关于印发《济南市2025年家电以旧换新补贴实施细则》的通知", "细则"),
        ("国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知", "通知"),
        ("国务院关于做好当前和今后一个时期促进就业工作的若干意见", "意见"),
        ("关于促进养老托育服务健康发展的实施意见", "实施意见"),
        ("第192号提案的答复", "答复"),
        ("2026年河南省政府工作报告", "报告"),
        ("绍兴市居家养老服务条例", "条例"),
        ("中华人民共和国老年人权益保障法", "法"),
        ("2025年政府汽车消费补贴活动公告", "公告"),
    ],
)
def test_doc_type_of(title: str, kind: str) -> None:
    assert doc_type_of(title) == kind


def test_hints_win_over_text() -> None:
    hints = DocHints(title="国务院关于做好当前和今后一个时期促进就业工作的若干意见", issuer="国务院",
                     doc_number="国发〔2018〕39号", date="2018-11-16", published="2018-12-05")
    m = extract_metadata("各省、自治区、直辖市人民政府：\n就业是最大的民生。", hints, "x.html")
    assert (m.doc_number, m.date, m.level, m.region, m.province) == ("国发〔2018〕39号", "2018-11-16", "national", "全国", "")
