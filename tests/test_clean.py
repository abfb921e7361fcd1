"""Cleaning steps, one parametrized table of real snippets per step (seeds + corpus-extra)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.ingest import clean as C
from kb.ingest.boilerplate import is_chrome_line

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("00[0-4]_*.txt"))


def seed(n: int) -> str:
    return next(p for p in SEEDS if p.name.startswith(f"00{n}_")).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- steps


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("河南省民政系統(tǒng)立足新發(fā)展階段", "河南省民政系統立足新發展階段"),
        ("推動養(yǎng)老服務(wù)設(shè)施建設(shè)", "推動養老服務設施建設"),
        ("(根據(jù)河南省民政廳信息整理)", "(根據河南省民政廳信息整理)"),
        ("全省157個縣(市,、區(qū))", "全省157個縣(市,、區)"),
        # real parentheses stay
        ("(责任单位:市民政局、市财政局)", "(责任单位:市民政局、市财政局)"),
        ("规划期为(2021—2025年)", "规划期为(2021—2025年)"),
        ("养老机构护理型床位占比(%", "养老机构护理型床位占比(%"),
        ("《城市居住区规划设计标准》(GB 50180)", "《城市居住区规划设计标准》(GB 50180)"),
        ("英文名称(English)", "英文名称(English)"),
    ],
)
def test_strip_pinyin_glosses(raw: str, want: str) -> None:
    assert C.strip_pinyin_glosses(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("各市、县(市、区)民政局,省级有关单位:", "各市、县（市、区）民政局，省级有关单位："),
        ("发布时间:2024-08-23 09:09", "发布时间：2024-08-23 09:09"),
        ("(一)发展基础", "（一）发展基础"),
        ("400-609-2596 电话服务时间: 工作日 9:00-18:00", "400-609-2596 电话服务时间： 工作日 9:00-18:00"),
        ("与公益性岗位100:1的标准", "与公益性岗位100:1的标准"),
        ("按1：500的比例", "按1:500的比例"),
        ("人均养老服务用地标准从0.1平方米提高至0.2平方米", "人均养老服务用地标准从0.1平方米提高至0.2平方米"),
        ("共计1,000元", "共计1,000元"),
        ("https://www.gz.gov.cn/zwgk/fggw/", "https://www.gz.gov.cn/zwgk/fggw/"),
        ("２０２１年４月２日", "2021年4月2日"),
        ("３．５平方米，占比５０％", "3.5平方米，占比50%"),
        ("(GB 50180)", "(GB 50180)"),
        ("2022年,,河南省", "2022年，，河南省"),
        ("市、县两级均比照建立本级推进机制,。", "市、县两级均比照建立本级推进机制，。"),
    ],
)
def test_normalize_width(raw: str, want: str) -> None:
    assert C.normalize_width(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("2022年，，河南省民政系统", "2022年，河南省民政系统"),
        ("各市，、县、街道，、社区书记", "各市、县、街道、社区书记"),
        ("养老服务需求，。", "养老服务需求。"),
        ("一，、高位推动", "一、高位推动"),
        ("省发改委、，省财政厅", "省发改委、省财政厅"),
        ("协同推进机制，。由分管", "协同推进机制。由分管"),
        ("达到100%，，累计", "达到100%，累计"),
        ("“五化引领”，、鹤壁", "“五化引领”、鹤壁"),
        ("完成。", "完成。"),
        ("要求：“一是", "要求：“一是"),
    ],
)
def test_collapse_punctuation(raw: str, want: str) -> None:
    assert C.collapse_punctuation(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (
            "浙江省民政厅关于印发《浙江省养老服务发展“十四五”规划》的通知惠阳保姆13825404095",
            "浙江省民政厅关于印发《浙江省养老服务发展“十四五”规划》的通知",
        ),
        ("各市、县(市、区)民政局,惠阳保姆13825404095省级有关单位:", "各市、县(市、区)民政局,省级有关单位:"),
        ("咨询电话13812345678", "咨询电话13812345678"),
        ("可拨打抖音客服：950525", "可拨打抖音客服：950525"),
        ("六、客服电话\n4006096588", "六、客服电话\n4006096588"),
        ("入网老年人1718万人", "入网老年人1718万人"),
    ],
)
def test_strip_glued_spam(raw: str, want: str) -> None:
    assert C.strip_glued_spam(raw) == want


def test_glued_spam_ad_word_learned_elsewhere() -> None:
    text = "各单位,惠阳保姆13825404095省级有关单位\n养老服务规划惠阳保姆13825404095"
    assert C.strip_glued_spam(text) == "各单位,省级有关单位\n养老服务规划"


@pytest.mark.parametrize(
    "line",
    [
        "欢迎预约演示",
        "提交预约",
        "预约体验",
        "©Copyright 北京京学信息科技集团有限公司 版权所有 复制必究 未经书面授权禁止使用",
        "京ICP备2022030170号-2 营业执照信息查询",
        "字体大小[ ] 打印",
        "分享:",
        "首页",
        "评论",
        "Top",
        "打印",
        "责任编辑:宋金朋",
        "来源: 市政府办公室 时间: 2024-04-22 15:56:45 访问量:0",
        "来源:河南省发改委网站",
        "联系我们",
        "更多联系方式",
        "您可以拨打我们的客服人员电话或扫码添加客服微信",
        "400-609-2596 电话服务时间: 工作日 9:00-18:00",
        "相关阅读:",
        "相关报道：",
        "【字号：",
        "文章正文",
        "扫一扫在手机打开当前页",
        "首页 评论 Top",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "六、客服电话",
        "4006096588",
        "方式一：使用微信扫描活动二维码进行申报。",
        "若用户对本活动规则有任何疑问，可拨打抖音客服：950525，根据指引“到店就餐/美食团购”-“其他问题”进行咨询，工作时间：09:00-23:00。",
        "2023年7月13日",
        "浙江省民政厅",
        "（此件公开发布）",
        "发布时间:2024-08-23 09:09",
        "活动解释权：归济南市商务局所有。",
        "河南省人民政府省长 王凯",
    ],
)
def test_not_chrome_lines(line: str) -> None:
    assert not is_chrome_line(line)


OCR_PAGE = """山东省商务厅
Shandong Department of Commerce of Shandong Province
GreatBusinessPartaer
首页>新闻动态>通知公告
山东省商务厅等5部门关于印发《山东省手机、平板、智能手表（
补贴实施细则》的通知
发布日期：2025-01-21 信息来源：山东省商务厅 浏览次数：5955次
（二）强化安全保障。各市要制定本市手机、平板、智能手表（手环）购新补贴实施细则，并报后实施。
山东商务网版权与免责声明：
1、凡本站及其子站注明“文章类型：原创”的所有作品，其版权属于山东国际商务网及其子站所有。其他媒体、网站或个人转载使源：山东国际商务网”。
2、凡本站及其子站注明“文章类型：转载”、“文章类型：编译”、“文章类型：摘编”的所有作品，均转载、编译或摘编自其它
友情链接
中央政府 山东省政府 国务院部门网站 省（市区）政府网站 各省市商务主管部门商务预报 商务部 山东政务服务网"""


def test_drop_site_chrome_ocr_screenshot() -> None:
    out = C.drop_site_chrome(OCR_PAGE).split("\n")
    assert out == [
        "山东省商务厅",
        "山东省商务厅等5部门关于印发《山东省手机、平板、智能手表（",
        "补贴实施细则》的通知",
        "发布日期：2025-01-21",
        "（二）强化安全保障。各市要制定本市手机、平板、智能手表（手环）购新补贴实施细则，并报后实施。",
    ]


def test_drop_site_chrome_keeps_signature_after_chrome() -> None:
    text = "感谢您对养老服务工作的关心和支持。\n责任编辑：张三\n2023年7月13日"
    assert C.drop_site_chrome(text) == "感谢您对养老服务工作的关心和支持。\n2023年7月13日"


def test_drop_site_chrome_sandwiched_ads() -> None:
    head = seed(4).split("\n")[:22]
    out = C.drop_site_chrome(C.normalize_whitespace("\n".join(head)))
    assert out.split("\n")[0] == "关于促进养老托育服务健康发展的实施意见"
    for ad in ("智慧托育", "托育装备", "托育人才", "留下您的联系方式"):
        assert ad not in out


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("山 东 省 商 务 厅", "山东省商务厅"),
        ("山 东 省 发 展 和 改 革 委 员 会", "山东省发展和改革委员会"),
        ("济 南 市 商 务 局", "济南市商务局"),
        ("附 件", "附件"),
        ("第一章 总 则", "第一章 总则"),
        ("尚自然 展个性 开心智", "尚自然 展个性 开心智"),
        ("国家发展改革委 财政部关于 2025 年", "国家发展改革委 财政部关于 2025 年"),
        ("广州市民政局 广州市财政局", "广州市民政局 广州市财政局"),
    ],
)
def test_join_letter_spaced(raw: str, want: str) -> None:
    assert C.join_letter_spaced(raw) == want


@pytest.mark.parametrize("line", ["— 1 —", "- 2 -", "—3—", "第3页 共5页", "第 2 页"])
def test_page_footers_dropped(line: str) -> None:
    assert C.drop_page_footers(f"上文\n{line}\n下文") == "上文\n下文"


@pytest.mark.parametrize("line", ["1.将养老服务设施纳入", "2024年", "—— 聚焦基本养老服务", "- 2 -级"])
def test_page_footers_kept(line: str) -> None:
    assert C.drop_page_footers(line) == line


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (
            "满足老年人日益增长的养老服务需求。 一、高位推动，凝聚工作合力 一是构建党委统筹抓总工作机制。",
            "满足老年人日益增长的养老服务需求。\n一、高位推动，凝聚工作合力\n一是构建党委统筹抓总工作机制。",
        ),
        (
            "三、创新思路，拓宽融资渠道 2022年，争取省以上财政投入22.5亿元，获批养老服务项目专项债56.9亿元。",
            "三、创新思路，拓宽融资渠道\n2022年，争取省以上财政投入22.5亿元，获批养老服务项目专项债56.9亿元。",
        ),
        ("第一条 为了积极应对人口老龄化", "第一条 为了积极应对人口老龄化"),
        ("第一章 总则", "第一章 总则"),
        ("版本 2.0 发布", "版本 2.0 发布"),
    ],
)
def test_split_run_on_paragraphs(raw: str, want: str) -> None:
    assert C.split_run_on_paragraphs(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("鲁商字〔2025〕1 号", "鲁商字〔2025〕1号"),
        ("至 2025 年 12 月 31 日止", "至2025年12月31日止"),
        ("每件补贴不超过 2000 元", "每件补贴不超过2000元"),
        ("2024-04-22 15:56:45", "2024-04-22 15:56:45"),
        ("发布时间：2024-08-23 09:09", "发布时间：2024-08-23 09:09"),
    ],
)
def test_tighten_digit_spaces(raw: str, want: str) -> None:
    assert C.tighten_digit_spaces(raw) == want


PDF_WRAPPED = """为深入贯彻党中央、国务院推动大规模设备更新和消费品
以旧换新决策精神，按照省委、省政府工作部署，全面落实《国
家发展改革委 财政部关于 2025 年加力扩围实施大规模设备更
新和消费品以旧换新政策的通知》（发改环资〔2025〕13 号）、
《商务部等 4 部门办公厅关于做好 2025 年家电以旧换新工作的
通知》（商办流通函〔2025〕6 号）要求，制定本方案。
一、总体要求
坚持以习近平新时代中国特色社会主义思想为指导，深入
贯彻党的二十大和二十届二中、三中全会精神，落实党中央、
国务院决策部署，根据省委、省政府工作要求，统筹扩大内需
和深化供给侧结构性改革，统筹使用国家安排超长期特别国债
支持资金，畅通家电更新消费循环堵点，全链条促进家电以旧
换新，推动家电换“智”升级，持续扩大潜能消费，不断增强
消费对经济发展的基础性作用。
二、主要任务
（一）继续开展家电以旧换新活动。鼓励家电生产、销售、
回收、拆解等各类企业，积极参与以旧换新和开展促销活动，
全链条整合上下游和线上线下资源，对换购高效家电的消费者
给予补贴。"""


def test_reflow_wrapped_pdf_lines() -> None:
    out = C.reflow_wrapped_lines(PDF_WRAPPED).split("\n")
    assert out[0].startswith("为深入贯彻") and out[0].endswith("制定本方案。")
    assert "大规模设备更新和消费品以旧换新政策" in out[0]
    assert out[1] == "一、总体要求"
    assert out[2].endswith("基础性作用。")
    assert out[3] == "二、主要任务"
    assert out[4].startswith("（一）继续开展") and out[4].endswith("给予补贴。")
    assert len(out) == 5


def test_reflow_leaves_paragraph_text_alone() -> None:
    text = C.normalize_whitespace(seed(1))
    assert C.reflow_wrapped_lines(text) == text
    law = (CORPUS / "shandong_province_yanglao_fuwu_tiaoli_2020.md").read_text(encoding="utf-8")
    law = C.normalize_whitespace(law)
    assert C.reflow_wrapped_lines(law) == law


def test_dedupe_repeated_body_seed_004() -> None:
    raw = seed(4)
    out = C.clean_text(raw)
    numbered = [ln for ln in out.split("\n") if re.match(r"^\d{1,2}\.", ln)]
    assert [int(ln.split(".")[0]) for ln in numbered] == list(range(1, 19))
    for para in {ln.strip() for ln in raw.split("\n") if len(ln.strip()) > 30}:
        p = C.clean_text(para)
        if p:
            assert out.count(p) == 1, p[:40]


def test_dedupe_keeps_short_repeats() -> None:
    text = "（一）健全工作机制\n正文一\n（一）健全工作机制\n正文二"
    assert C.dedupe_repeated_body(text) == text


# --------------------------------------------------------------------------- whole chain on the seeds

SPAM = [
    "惠阳保姆",
    "13825404095",
    "预约演示",
    "预约体验",
    "400-609-2596",
    "字体大小",
    "访问量",
    "版权所有",
    "ICP备",
    "责任编辑",
    "扫码",
    "营业执照",
    "联系我们",
    "智慧托育",
    "全景智慧托育",
    "诚信·乐观·创新·成功",
    "相关阅读",
    "文章正文",
    "(tǒng)",
    "(yǎng)",
]


@pytest.mark.parametrize("n", range(5))
def test_no_spam_or_chrome_survives(n: int) -> None:
    out = C.clean_text(seed(n))
    for s in SPAM:
        assert s not in out, s
    lines = set(out.split("\n"))
    for chrome in ("首页", "评论", "分享", "Top", "打印", "分享:", "分享："):
        assert chrome not in lines


@pytest.mark.parametrize(
    ("n", "content"),
    [
        (0, "2022年，河南省民政系統立足新發展階段"),
        (0, "一、高位推動，凝聚工作合力"),
        (0, "全省157個縣（市、區）、673個街道"),
        (0, "\n三、創新思路，拓寬融資渠道\n2022年，"),
        (1, "2023年7月13日"),
        (1, "尊敬的岳益民委员："),
        (2, "浙江省民政厅关于印发《浙江省养老服务发展“十四五”规划》的通知"),
        (2, "各市、县（市、区）民政局，省级有关单位："),
        (2, "2021年4月2日"),
        (2, "（五）确保规划实施。"),
        (3, "周政办〔2024〕13号"),
        (3, "周政办〔2024〕13号\n发布日期：2024-04-22\n各县（市、区）人民政府"),
        (3, "55.加强养老服务机构在建筑"),
        (3, "（责任单位：市民政局、市发展改革委）"),
        (4, "关于促进养老托育服务健康发展的实施意见"),
        (4, "（三）优化社会环境。"),
        (4, "18.创新监管方式。"),
    ],
)
def test_real_content_survives(n: int, content: str) -> None:
    assert content in C.clean_text(seed(n))


def test_seed_000_simplified_without_glosses() -> None:
    out = C.to_simplified(C.clean_text(seed(0)))
    assert "河南省民政系统立足新发展阶段" in out
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", out)
    assert "養" not in out and "務" not in out
    assert len(out.split("\n")) > 15


@pytest.mark.parametrize(
    ("trad", "simp"),
    [("系統", "系统"), ("養老服務設施", "养老服务设施"), ("河南省民政廳", "河南省民政厅"), ("周政办〔2024〕13号", "周政办〔2024〕13号")],
)
def test_to_simplified(trad: str, simp: str) -> None:
    assert C.to_simplified(trad) == simp


@pytest.mark.parametrize("n", range(5))
def test_clean_text_idempotent_on_seeds(n: int) -> None:
    once = C.clean_text(seed(n))
    assert C.clean_text(once) == once


# --------------------------------------------------------------------------- property

_REAL_LINES = [ln for p in SEEDS for ln in p.read_text(encoding="utf-8").split("\n")[:60] if ln.strip()][:200]
_ALPHABET = "养老服务设施一二三是、，。；：,;:.()（）  \xa0\u3000\n0123456789%tǒngyǎ—-山东省厅惠阳保姆[]/TABLE"
_fragments = st.one_of(
    st.sampled_from(_REAL_LINES),
    st.text(alphabet=_ALPHABET, max_size=40),
    st.sampled_from(["— 1 —", "山 东 省 商 务 厅", "首页", "欢迎预约演示", "[[TABLE 2]]", "[[/TABLE]]", "\xa0", ""]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragments, max_size=30), st.sampled_from(["\n", "\n\n", " ", "\n\xa0\n"]))
def test_clean_text_idempotent(parts: list[str], sep: str) -> None:
    once = C.clean_text(sep.join(parts))
    assert C.clean_text(once) == once
