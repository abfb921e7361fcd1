"""Comparison logic on real snippets: hierarchy order, figure relations, replaced figures, topic relevance,
silent rows, global assignment and character diffs. Fast: constructed records, no index or model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.compare import TopicMatcher, align_clauses, compare_topic, lexical_similarity_matrix, topic_figures
from kb.compare.relations import assign, char_diff, figure_delta, label, relate
from kb.models import Clause, DocumentMeta, Indicator, IndicatorBrief
from kb.places import hierarchy_order, in_region, is_ancestor, place_of

# --------------------------------------------------------------------------- real snippets (corpus/)

HENAN_004_3 = (
    "3.统筹养老托育服务设施规划布局。制定河南省养老服务设施规划用地的相关政策和指导意见,按照人均用地不少于0.1平方米的标准,"
    "分区分级合理规划设置养老服务设施。落实河南省社区养老服务设施配建移交管理办法,新建居民住宅区按照每百户不低于30平方米的标准"
    "配套建设养老服务设施;已建成居民住宅区按照每百户不低于20平方米的标准,通过新建、改建、购置、置换等方式配置养老服务设施。"
    "每个街道有1处综合养老服务设施,每个社区有1处养老服务场所。"
)
HENAN_004_15 = (
    "15.落实财税支持。按规定将“一老一小”服务体系建设资金纳入财政预算予以重点保障。各级政府用于社会福利事业的彩票公益金,"
    "到2022年要将不低于55%的资金用于支持发展养老服务。"
)
JIAOZUO_001 = (
    "二、坚持政府引领，完善政策体系。市委、市政府把养老服务业纳入全市经济社会发展总体规划，并在全省率先完成地市养老服务立法工作，"
    "《焦作市养老服务促进条例》于2023年1月1日起实行。《焦作市养老服务促进条例》明确将新建城镇居住区配套建设社区养老服务设施"
    "由每百户不低于30平方米提高到50平方米，并与首期住宅建设项目同步规划、同步建设、同步验收、同步无偿交付使用，"
    "强化了对养老服务设施建设用地的保障。"
)
ZHOUKOU_003_6 = (
    "6.落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定。对分期开发的新建居住区项目,配建的养老服务设施"
    "应安排在首期;确实无法安排在首期的项目,要求在规划地块建设总量完工50%之前同步建设完成。"
    "(责任单位:市自然资源和规划局、市住房城乡建设局)"
)
ZHOUKOU_003_46 = (
    "46.培训养老护理员不少于5000人次,按照每千名老年人配备1名社会工作者的标准制定培养计划。技能人才和经营管理人才培训上岗率"
    "达到100%,院长培训实现全覆盖。(责任单位:市民政局、市人力资源社会保障局)"
)
ZHOUKOU_003_14 = (
    "14.加快老年服务设施、公共设施等与老年人日常生活密切相关领域的适老化改造和无障碍建设,推进已建成的多层住宅、公共场所加装电梯。"
)
HENAN_000 = (
    "一是完善政策体系。颁布实施《河南省养老服务条例》,将养老服务规划建设、财政支持、人员待遇等纳入硬约束,"
    "将人均养老服务用地标准从0.1平方米提高至0.2平方米,将社区养老服务设施规划、配建、确权、移交等纳入立法。"
)
ZHEJIANG_14 = (
    "第十四条 新建住宅小区应当按照社会养老服务设施建设规划和省规定的社会养老服务设施配套建设标准，建设居家养老服务用房，"
    "并与住宅同步规划、同步建设、同步验收、同步交付使用。"
)
SHAOXING_9 = (
    "第九条 新建住宅小区应当按照套内建筑面积不少于地上住宅总建筑面积千分之二的比例且单处面积不少于三十平方米的标准建设居家养老"
    "服务用房，与住宅小区同步规划、同步建设、同步验收、同步交付使用。"
)
NATIONAL_JOBS = "（一）坚持在发展中稳就业。深入推进供给侧结构性改革，促进消费扩大升级，大力培育新动能，带动更多就业。"
SHANDONG_11 = "第十一条 新建城镇居住区按照每一百户不低于二十平方米的标准配套建设社区养老服务设施。"
DEZHOU_11 = (
    "第十一条 新建城镇住宅区应当根据规划要求和建设标准，按照每百户不低于二十平方米的标准配套建设养老服务设施，"
    "与住宅建设项目同步规划、同步建设、同步验收、同步交付使用。"
)


def fig(value, unit="平方米", comparator=">=", basis="每百户", **kw) -> IndicatorBrief:
    return IndicatorBrief(value=value, unit=unit, comparator=comparator, basis=basis, **kw)


def ind(clause_id: str, text: str, raw: str, value: float, unit: str, comparator: str = "=", basis: str = "", nth: int = 0):
    """An Indicator for the ``nth`` occurrence of ``raw`` in ``text`` (what the extractor records)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(raw, start + 1)
    return Indicator(
        clause_id=clause_id, value=value, unit=unit, comparator=comparator, basis=basis, raw=raw,
        start=start, end=start + len(raw),
    )


# --------------------------------------------------------------------------- hierarchy


def test_hierarchy_orders_national_then_each_province_with_its_cities_and_counties() -> None:
    places = [
        place_of("周口市", "河南省", "city"),
        place_of("德州市", "山东省", "city"),
        place_of("川汇区", "河南省", "county"),
        place_of("河南省", "河南省", "province"),
        place_of("国务院", "", "national"),
        place_of("焦作市", "河南省", "city"),
        place_of("山东省", "山东省", "province"),
    ]
    names = [places[i].name for i in hierarchy_order(places)]
    assert names == ["国务院", "河南省", "焦作市", "周口市", "川汇区", "山东省", "德州市"]


def test_hierarchy_province_rank_puts_provinces_in_the_given_order() -> None:
    places = [place_of("绍兴市", "浙江省", "city"), place_of("河南省", "河南省", "province"), place_of("浙江省", "浙江省", "province")]
    rank = {place_of("河南省", "河南省", "province").province_key: 0}
    assert [places[i].name for i in hierarchy_order(places, rank)] == ["河南省", "浙江省", "绍兴市"]


@pytest.mark.parametrize(
    ("region", "province", "level", "expected_level"),
    [("周口市", "", "", "city"), ("河南省", "", "", "province"), ("川汇区", "河南省", "", "county"), ("国务院", "", "", "national")],
)
def test_hierarchy_infers_level_when_metadata_has_none(region, province, level, expected_level) -> None:
    assert place_of(region, province, level).level == expected_level


def test_hierarchy_city_without_province_metadata_still_sits_under_its_province() -> None:
    city = place_of("绍兴市", "", "")
    assert is_ancestor(place_of("浙江省", "", ""), city)
    assert not is_ancestor(place_of("河南省", "", ""), city)
    assert in_region(place_of("周口市", "河南省", "city"), "河南省")
    assert in_region(place_of("周口市", "河南省", "city"), "河南")
    assert not in_region(place_of("德州市", "山东省", "city"), "河南省")
    assert in_region(place_of("川汇区", "河南省", "county"), "周口市")


# --------------------------------------------------------------------------- figure relations


@pytest.mark.parametrize(
    ("city", "province", "relation", "difference", "percent"),
    [
        (fig(50), fig(30), "stricter", 20, 66.7),  # 焦作市 50 vs 河南省 30 平方米/每百户
        (fig(30), fig(30), "same", 0, 0.0),  # 周口市
        (fig(15), fig(20), "looser", -5, -25.0),  # a floor lowered
        (fig(12, "%", "<="), fig(10, "%", "<="), "looser", 2, 20.0),  # a cap raised is looser
        (fig(8, "%", "<="), fig(10, "%", "<="), "stricter", -2, -20.0),  # a cap lowered is stricter
        (fig(60, "%", "=", ""), fig(55, "%", ">=", ""), "stricter", 5, 9.1),  # a plain target against a floor
        (fig(0.2, basis="人均"), fig(0.1, basis="人均"), "stricter", 0.1, 100.0),
        (fig(20, basis="每一百户"), fig(20), "same", 0, 0.0),  # 每一百户 is 每百户
    ],
)
def test_relations_figure_delta(city, province, relation, difference, percent) -> None:
    delta = figure_delta(city, province)
    assert delta is not None
    assert (delta.relation, delta.difference, delta.percent) == (relation, pytest.approx(difference), percent)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (fig(2, "‰", basis=""), fig(30)),  # different unit
        (fig(30, basis="每千名老年人"), fig(30)),  # different basis
        (fig(None), fig(30)),  # no value
    ],
)
def test_relations_incomparable_figures_have_no_delta(a, b) -> None:
    assert figure_delta(a, b) is None


def test_relations_zero_reference_has_no_percent() -> None:
    delta = figure_delta(fig(5, "%", ">=", ""), fig(0, "%", ">=", ""))
    assert delta is not None and delta.percent is None and delta.relation == "stricter"


def _extracted(clause_id: str, text: str) -> tuple[Clause, list[Indicator]]:
    """A clause and the indicators the real extractor records for it."""
    from kb.extract.numbers import clause_indicators

    clause = Clause(id=clause_id, doc_id=clause_id.split(":")[0], seq=0, text=text)
    return clause, clause_indicators(clause)


@pytest.mark.parametrize(
    ("text", "topic", "want"),
    [
        # 焦作 (seed 001): 由每百户不低于30平方米提高到50平方米 → the 50 only, with the 30's basis and floor
        (JIAOZUO_001, "新建居住区养老服务设施配建标准", [(50, "每百户", ">=")]),
        # 河南 (seed 000): 从0.1平方米提高至0.2平方米 → the 0.2
        (HENAN_000, "养老服务设施人均用地标准", [(0.2, "人均", "=")]),
        # 山东省条例 第十一条: 每一百户 is the basis, not a figure of 100 户
        (SHANDONG_11, "新建居住区养老服务设施配建标准", [(20, "每百户", ">=")]),
    ],
)
def test_topic_figures_from_the_extractor_drop_replaced_figures(text, topic, want) -> None:
    clause, inds = _extracted("x:0000", text)
    figures = topic_figures(clause, inds, TopicMatcher.build(topic, CORPUS_TEXTS))
    assert [(f.value, f.basis, f.comparator) for f in figures] == want


def test_topic_figures_keep_both_standards_side_by_side() -> None:
    clause, inds = _extracted("p:0003", HENAN_004_3)
    assert not any(i.replaced for i in inds)
    assert [f.value for f in topic_figures(clause, inds, None)] == [0.1, 30, 20, 1, 1]


def test_relations_relate_rules() -> None:
    # comparable figures decide
    assert relate([fig(50)], [fig(30)], JIAOZUO_001, HENAN_004_3)[0] == "stricter"
    # figures only on the city side: 细化
    assert relate([fig(2, "‰", basis=""), fig(30, basis="")], [], SHAOXING_9, ZHEJIANG_14)[0] == "refined"
    # same text, no figures: 照搬
    assert relate([], [], ZHEJIANG_14.replace("第十四条", "第九条"), ZHEJIANG_14)[0] == "same"
    assert [label(r) for r in ("same", "refined", "stricter", "looser", "silent", "new")] == [
        "照搬", "细化", "加码", "放宽", "缺失", "新增"
    ]


# --------------------------------------------------------------------------- topic relevance and figures

CORPUS_TEXTS = [HENAN_004_3, HENAN_004_15, JIAOZUO_001, ZHOUKOU_003_6, ZHOUKOU_003_46, ZHOUKOU_003_14, HENAN_000,
                ZHEJIANG_14, SHAOXING_9, NATIONAL_JOBS, SHANDONG_11, DEZHOU_11]


@pytest.mark.parametrize(
    ("topic", "best"),
    [
        ("新建居住区养老服务设施配建标准", (ZHOUKOU_003_6, HENAN_004_3, SHANDONG_11, DEZHOU_11, SHAOXING_9)),
        ("彩票公益金用于养老服务的比例", (HENAN_004_15,)),
        ("社会工作者配备标准", (ZHOUKOU_003_46,)),
        ("促进就业", (NATIONAL_JOBS,)),
    ],
)
def test_topic_matcher_ranks_the_clause_on_the_point_first(topic, best) -> None:
    m = TopicMatcher.build(topic, CORPUS_TEXTS)
    ranked = sorted(CORPUS_TEXTS, key=m.score, reverse=True)
    assert set(ranked[: len(best)]) == set(best)


def test_topic_matcher_off_topic_scores_nothing() -> None:
    m = TopicMatcher.build("火星探测器着陆窗口", CORPUS_TEXTS)
    assert max(m.score(t) for t in CORPUS_TEXTS) == 0.0


def test_topic_figures_pick_the_sentence_of_the_topic() -> None:
    clause = Clause(id="p:0003", doc_id="p", seq=3, text=HENAN_004_3)
    inds = [
        ind(clause.id, HENAN_004_3, "0.1平方米", 0.1, "平方米", ">=", "人均"),
        ind(clause.id, HENAN_004_3, "30平方米", 30, "平方米", ">=", "每百户"),
        ind(clause.id, HENAN_004_3, "20平方米", 20, "平方米", ">=", "每百户"),
    ]
    new = TopicMatcher.build("新建居住区养老服务设施配建标准", CORPUS_TEXTS)
    built = TopicMatcher.build("已建成居住区养老服务设施配置标准", CORPUS_TEXTS)
    land = TopicMatcher.build("养老服务设施人均用地标准", CORPUS_TEXTS)
    assert topic_figures(clause, inds, new)[0].value == 30
    assert [f.value for f in topic_figures(clause, inds, built)] == [20]
    assert [f.value for f in topic_figures(clause, inds, land)] == [0.1]


# --------------------------------------------------------------------------- compare_topic on a constructed store


class MemoryStore:
    """documents/clauses/indicators like kb.store.Store, from constructed records."""

    def __init__(self, docs: list[tuple[DocumentMeta, list[str], list[Indicator]]]) -> None:
        self.docs = [d for d, _, _ in docs]
        self.cl = {d.id: [Clause(id=f"{d.id}:{n:04d}", doc_id=d.id, seq=n, text=t) for n, t in enumerate(texts)]
                   for d, texts, _ in docs}
        self.inds = {d.id: inds for d, _, inds in docs}

    def documents(self):
        return self.docs

    def clauses(self, doc_id=None):
        return self.cl[doc_id] if doc_id else [c for cs in self.cl.values() for c in cs]

    def indicators(self, doc_id=None):
        return self.inds[doc_id]


def _doc(doc_id, region, province, level, title=""):
    return DocumentMeta(id=doc_id, source=doc_id, region=region, province=province, level=level, title=title or doc_id)


@pytest.fixture()
def memory_store() -> MemoryStore:
    return MemoryStore([
        (_doc("national", "国务院", "", "national"), [NATIONAL_JOBS], []),
        (_doc("zhoukou", "周口市", "河南省", "city"), [ZHOUKOU_003_14, ZHOUKOU_003_6, ZHOUKOU_003_46], [
            ind("zhoukou:0001", ZHOUKOU_003_6, "30平方米", 30, "平方米", ">=", "每百户"),
            ind("zhoukou:0001", ZHOUKOU_003_6, "50%", 50, "%", "="),
            ind("zhoukou:0002", ZHOUKOU_003_46, "1名", 1, "名", "=", "每千名老年人"),
        ]),
        (_doc("henan", "河南省", "河南省", "province"), [HENAN_004_15, HENAN_004_3], [
            ind("henan:0000", HENAN_004_15, "55%", 55, "%", ">="),
            ind("henan:0001", HENAN_004_3, "30平方米", 30, "平方米", ">=", "每百户"),
            ind("henan:0001", HENAN_004_3, "20平方米", 20, "平方米", ">=", "每百户"),
        ]),
        (_doc("henan000", "河南省", "河南省", "province"), [HENAN_000], []),
        (_doc("jiaozuo", "焦作市", "河南省", "city"), [JIAOZUO_001], _extracted("jiaozuo:0000", JIAOZUO_001)[1]),
        (_doc("zhejiang", "浙江省", "浙江省", "province"), [ZHEJIANG_14], []),
        (_doc("shaoxing", "绍兴市", "浙江省", "city"), [SHAOXING_9], [
            ind("shaoxing:0000", SHAOXING_9, "千分之二", 2, "‰", ">="),
            ind("shaoxing:0000", SHAOXING_9, "三十平方米", 30, "平方米", ">="),
        ]),
    ])


def test_compare_topic_province_first_then_its_cities_with_relations(memory_store) -> None:
    comp = compare_topic(memory_store, "新建居住区养老服务设施配建标准")
    rows = [(r.doc_id, r.clause_id, r.relation) for r in comp.rows]
    assert rows[:3] == [
        ("henan", "henan:0001", ""),
        ("jiaozuo", "jiaozuo:0000", "stricter"),
        ("zhoukou", "zhoukou:0001", "same"),
    ]
    by_doc = {r.doc_id: r for r in comp.rows}
    jz = by_doc["jiaozuo"]
    assert [(i.value, i.basis) for i in jz.indicators] == [(50, "每百户")]
    assert jz.delta is not None and (jz.delta.difference, jz.delta.percent) == (20, 66.7)
    assert jz.label == "加码" and jz.reference_doc == "henan"
    assert by_doc["zhoukou"].label == "照搬" and by_doc["zhoukou"].indicators[0].value == 30
    assert by_doc["shaoxing"].relation == "refined"  # figures where the province has none
    # silent documents: shown, last, with no clause
    assert by_doc["national"].relation == "silent" and by_doc["national"].clause_id is None
    assert by_doc["henan000"].relation == "silent"
    assert [r.relation for r in comp.rows[-2:]] == ["silent", "silent"]


def test_compare_topic_city_alone_is_new_and_region_filter(memory_store) -> None:
    comp = compare_topic(memory_store, "社会工作者配备标准", region="河南省")
    assert {r.doc_id for r in comp.rows} == {"zhoukou", "henan", "henan000", "jiaozuo"}
    zk = next(r for r in comp.rows if r.doc_id == "zhoukou")
    assert zk.clause_id == "zhoukou:0002" and zk.relation == "new" and zk.label == "新增"
    assert zk.indicators[0].basis == "每千名老年人"


def test_compare_topic_off_topic_is_silence_not_noise(memory_store) -> None:
    comp = compare_topic(memory_store, "火星探测器着陆窗口")
    assert comp.rows and all(r.clause_id is None and r.relation == "silent" for r in comp.rows)


def test_compare_topic_doc_filter_and_unknown_doc(memory_store) -> None:
    comp = compare_topic(memory_store, "新建居住区养老服务设施配建标准", doc_ids=["zhoukou", "henan"])
    assert [r.doc_id for r in comp.rows] == ["henan", "zhoukou"]
    from kb.errors import KBError

    with pytest.raises(KBError, match="kb docs"):
        compare_topic(memory_store, "养老", doc_ids=["nope"])


# --------------------------------------------------------------------------- assignment and diff


def test_assign_is_global_not_greedy() -> None:
    # greedy would give A0 its best (B0, 0.9) and leave A1 with nothing above the threshold
    sim = [[0.9, 0.8], [0.85, 0.1]]
    pairs, unmatched = assign(sim, threshold=0.5)
    assert pairs == {0: [1], 1: [0]} and unmatched == []


def test_assign_one_to_many_and_unmatched() -> None:
    sim = [[0.9, 0.7, 0.1], [0.2, 0.3, 0.2]]
    pairs, unmatched = assign(sim, threshold=0.5, extra_threshold=0.6)
    assert pairs == {0: [0, 1]} and unmatched == [2]


def test_align_clauses_labels_pairs_and_new_clauses() -> None:
    a = [Clause(id="sd:1", doc_id="sd", seq=1, text=SHANDONG_11), Clause(id="sd:2", doc_id="sd", seq=2, text=ZHEJIANG_14)]
    b = [Clause(id="dz:1", doc_id="dz", seq=1, text=DEZHOU_11), Clause(id="dz:2", doc_id="dz", seq=2, text=NATIONAL_JOBS)]
    sim = lexical_similarity_matrix([c.text for c in a], [c.text for c in b])
    pairs = align_clauses(a, b, sim, {"sd:1": [fig(20)]}, {"dz:1": [fig(20)]}, threshold=0.3, extra_threshold=0.9)
    first = pairs[0]
    assert (first.a_clause_id, first.b_clause_ids, first.relation, first.label) == ("sd:1", ["dz:1"], "same", "照搬")
    assert {(p.a_clause_id, tuple(p.b_clause_ids), p.relation) for p in pairs[1:]} == {
        ("sd:2", (), "silent"), (None, ("dz:2",), "new")
    }


# 山东省条例 第七条 (宣传) and 第八条 (表彰); 德州市条例 第九条 folds both into one article
SHANDONG_7 = (
    "第七条 广播、电视、报刊、网络等新闻媒体应当践行社会主义核心价值观，加强养老服务的公益宣传，弘扬养老、孝老、敬老的传统美德，"
    "树立尊重、关心、帮助老年人的社会风尚。\n鼓励新闻媒体开设老年频道或者专题、专栏等，传播适合老年人的健身、康养、维权等知识，"
    "丰富老年人的精神文化生活。"
)
SHANDONG_8 = "第八条 对在养老服务中做出突出贡献的单位和个人，由县级以上人民政府和有关部门按照规定给予表彰和奖励。"
DEZHOU_9 = (
    "第九条 市、县（市、区）人民政府及其有关部门、新闻媒体、社会各界应当践行社会主义核心价值观，加强养老宣传教育，弘扬传统美德，"
    "营造敬老、孝老、助老社会环境。对在养老服务中作出突出贡献的单位和个人，按照国家和省有关规定给予表彰和奖励。"
)


def test_align_clauses_city_article_merging_two_provincial_ones_serves_both() -> None:
    a = [Clause(id=f"sd:{n}", doc_id="sd", seq=n, text=t) for n, t in enumerate([SHANDONG_7, SHANDONG_8, SHANDONG_11])]
    b = [Clause(id=f"dz:{n}", doc_id="dz", seq=n, text=t) for n, t in enumerate([DEZHOU_9, DEZHOU_11])]
    # similarities as the real index gives them (bigram cosine and e5 cosine blended): 第九条 is closer to 第八条
    sim = [[0.652, 0.30], [0.701, 0.30], [0.30, 0.707]]
    got = {p.a_clause_id: p.b_clause_ids for p in align_clauses(a, b, sim)}
    assert got == {"sd:0": ["dz:0"], "sd:1": ["dz:0"], "sd:2": ["dz:1"]}
    # no merge when the unpaired clause owns no sentence of the taken one: 第十一条 is not about 表彰 or 宣传
    sim = [[0.30, 0.30], [0.701, 0.30], [0.652, 0.707]]
    a2 = [a[1], Clause(id="sd:9", doc_id="sd", seq=9, text=SHANDONG_11)]
    got = {p.a_clause_id: p.b_clause_ids for p in align_clauses(a2, b, [sim[1], sim[2]])}
    assert got["sd:9"] == ["dz:1"] and got["sd:1"] == ["dz:0"]
    got = {p.a_clause_id: p.b_clause_ids for p in align_clauses([a[1], a[2]], [b[0]], [[0.701], [0.652]])}
    assert got == {"sd:1": ["dz:0"], "sd:2": []}


@given(st.text(alphabet="养老服务设施每百户不低于三十平方米，。12", max_size=40),
       st.text(alphabet="养老服务设施每百户不少于二十平方米，。35", max_size=40))
def test_char_diff_rebuilds_both_texts(a: str, b: str) -> None:
    ops = char_diff(a, b)
    assert "".join(t for op, t in ops if op in "=-") == a
    assert "".join(t for op, t in ops if op in "=+") == b


def test_relations_plain_amounts_are_not_compared() -> None:
    # 焦作 "争取…各类财政资金3.57亿元" against 河南 "2022年争取8.4亿元": amounts of different things, not standards
    assert figure_delta(fig(3.57, "亿元", "=", ""), fig(8.4, "亿元", "=", "")) is None
    assert figure_delta(fig(60, "%", "=", ""), fig(55, "%", "=", "")) is not None


# --------------------------------------------------------------------------- spreadsheets (kb.export's writer)


def test_comparison_spreadsheet_uses_the_shared_writer(tmp_path) -> None:
    from openpyxl import load_workbook

    from kb.compare import COMPARISON_HEADER, write_table
    from kb.errors import KBError

    row = ["焦作市", "市级", "焦作市养老服务业发展情况", "", "2023-07-13", "二、", JIAOZUO_001, "每百户 ≥ 50平方米", "加码",
           "50 对 30 平方米（每百户）：+20，+66.7%", "河南省老年人权益保障条例"]
    path = write_table(tmp_path / "c.xlsx", "条款对比：新建居住区养老服务设施配建标准", COMPARISON_HEADER,
                       [row, ["=SUM(A1)"] + row[1:]], "xlsx")
    ws = load_workbook(path)["对比"]
    assert ws["A1"].value.startswith("条款对比") and "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == COMPARISON_HEADER and ws.freeze_panes == "B3"
    assert ws["G3"].value == JIAOZUO_001 and ws["G3"].alignment.wrap_text and ws["A4"].value == "'=SUM(A1)"
    assert 20 <= ws.column_dimensions["G"].width <= 50  # long clause text wraps inside a capped column
    raw = write_table(tmp_path / "c.csv", "t", COMPARISON_HEADER, [row], "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "每百户 ≥ 50平方米" in raw.decode("utf-8-sig")
    with pytest.raises(KBError, match="xlsx or csv"):
        write_table(tmp_path / "c.pdf", "t", COMPARISON_HEADER, [row], "pdf")


# --------------------------------------------------------------------------- candidates from the search index


class RetrievingStore(MemoryStore):
    """A MemoryStore that also answers ``retrieve`` like KnowledgeBase (ranked clause ids per retriever)."""

    def __init__(self, base: MemoryStore, ranked: list[str]) -> None:  # noqa: D107 - same records as ``base``
        self.docs, self.cl, self.inds = base.docs, base.cl, base.inds
        self.ranked = ranked
        self.calls: list[tuple[str, int, object]] = []

    def clause(self, clause_id):
        return next((c for cs in self.cl.values() for c in cs if c.id == clause_id), None)

    def retrieve(self, query, k, filters=None):
        from types import SimpleNamespace

        self.calls.append((query, k, filters))
        keep = set(filters.doc_ids) if filters is not None else None
        ids = [c for c in self.ranked if keep is None or c.split(":")[0] in keep]
        return SimpleNamespace(rankings={"bm25": ids[:k], "dense": list(reversed(ids))[:k]})


def test_compare_topic_scores_only_retrieved_candidates(memory_store) -> None:
    from kb.compare import CANDIDATES_PER_DOC, MIN_CANDIDATES

    every = [c.id for cs in memory_store.cl.values() for c in cs]
    full = RetrievingStore(memory_store, every)
    comp = compare_topic(full, "新建居住区养老服务设施配建标准")
    assert [(r.doc_id, r.clause_id) for r in comp.rows[:3]] == [
        ("henan", "henan:0001"), ("jiaozuo", "jiaozuo:0000"), ("zhoukou", "zhoukou:0001")
    ]
    (query, k, filters), = full.calls
    assert query == "新建居住区养老服务设施配建标准" and filters is None  # whole corpus in scope: no filter
    assert k == max(MIN_CANDIDATES, CANDIDATES_PER_DOC * len(memory_store.docs))
    # a clause search did not return is never scored: 周口's 配建 clause missing from the candidates → silent
    partial = RetrievingStore(memory_store, [c for c in every if c != "zhoukou:0001"])
    rows = {r.doc_id: r for r in compare_topic(partial, "新建居住区养老服务设施配建标准").rows}
    assert rows["zhoukou"].clause_id is None and rows["henan"].clause_id == "henan:0001"


def test_compare_topic_candidates_are_filtered_to_the_scope(memory_store) -> None:
    every = [c.id for cs in memory_store.cl.values() for c in cs]
    kb = RetrievingStore(memory_store, every)
    comp = compare_topic(kb, "社会工作者配备标准", region="河南省")
    (_, _, filters), = kb.calls
    assert sorted(filters.doc_ids) == ["henan", "henan000", "jiaozuo", "zhoukou"]
    assert next(r for r in comp.rows if r.doc_id == "zhoukou").clause_id == "zhoukou:0002"


def test_idf_sample_is_everything_when_small_and_spread_when_large() -> None:
    from kb.compare import idf_sample

    texts = [str(i) for i in range(10)]
    assert idf_sample(texts, 20) == texts
    assert idf_sample(texts, 5) == ["0", "2", "4", "6", "8"]


# 济南市2025年家电以旧换新补贴实施细则: 第二条 states the standard without naming 家电以旧换新 (the title does);
# 第八条 names every topic word in passing and carries no figure
JINAN_TITLE = "济南市2025年家电以旧换新补贴实施细则"
JINAN_2 = (
    "第二条 补贴标准\n对个人消费者购买2级及以上能效或水效标准的补贴产品，按最终销售价格的15%给予补贴，对其中购买1级及以上能效"
    "或水效标准的产品，额外再给予产品最终销售价格5%的补贴，对无能效或水效标识的产品补贴标准不得高于2级能效产品补贴标准。"
)
JINAN_8 = (
    "第八条 营造良好市场环境\n鼓励参与主体开设家电以旧换新补贴专区，明确家电以旧换新的国家补贴标准、额度及补贴性质。"
    "保障消费者合法权益。"
)


def test_topic_terms_in_the_document_title_count_in_every_sentence() -> None:
    m = TopicMatcher.build("家电以旧换新补贴标准", [*CORPUS_TEXTS, JINAN_2, JINAN_8])
    assert m.score(JINAN_2) < m.score(JINAN_8)  # without its context the standard loses to the passing mention
    assert m.score(JINAN_2, JINAN_TITLE) > m.score(JINAN_8, JINAN_TITLE)  # figures in the best sentence win the tie
    assert m.score(NATIONAL_JOBS, JINAN_TITLE) < 0.7  # a title alone does not make an off-topic clause relevant
    clause = Clause(id="jn:0002", doc_id="jn", seq=2, text=JINAN_2)
    from kb.extract.numbers import clause_indicators

    figures = topic_figures(clause, clause_indicators(clause), m, JINAN_TITLE)
    assert [(f.value, f.unit) for f in figures][:2] == [(15, "%"), (5, "%")]


def test_a_document_without_stored_figures_gets_the_extractors(memory_store) -> None:
    from kb.compare import Source as _Source

    source = _Source(memory_store)
    figures = source.indicators("henan000")  # stored with no indicator records: parsed from the clause text
    assert [(i.value, i.unit, i.replaced) for i in figures["henan000:0000"]] == [
        (0.1, "平方米", True), (0.2, "平方米", False)]
    assert [i.id for i in figures["henan000:0000"]] == ["henan000:0000:i0", "henan000:0000:i1"]
    assert source.indicators("henan000") is figures  # parsed once per comparison
    assert list(source.indicators("zhoukou")) == ["zhoukou:0001", "zhoukou:0002"]  # stored records win


@pytest.mark.parametrize(("region", "province", "level", "codes"), [
    ("川汇区", "河南省", "county", ("410000", "411600", "411602")),
    ("周口市", "河南省", "city", ("410000", "411600", "")),
    ("德州", "山东省", "city", ("370000", "371400", "")),  # a city named without its suffix
    ("中牟县", "", "", ("410000", "410100", "410122")),  # level inferred, province from the county's code
    ("周口市", "山东省", "city", ("370000", "", "")),  # a city not in the stated province gets no code
    ("鼓楼区", "福建省", "county", ("350000", "350100", "350102")),  # 福州's, not 南京's (the table's first 鼓楼区)
    ("鼓楼区", "河南省", "county", ("410000", "410200", "410204")),  # 开封's
])
def test_place_of_division_codes(region, province, level, codes) -> None:
    place = place_of(region, province, level)
    assert (place.province_code, place.city_code, place.county_code) == codes


def test_row_json_puts_the_contract_fields_first_and_keeps_the_rest() -> None:
    from kb.cli.compare import _FIGURE_FIELDS, _ROW_FIELDS, row_json
    from kb.models import ComparisonRow

    fig = IndicatorBrief(value=50, unit="平方米", comparator=">=", basis="每百户", year=2025)
    row = ComparisonRow(doc_id="jiaozuo", region="焦作市", level="city", clause_id="jiaozuo:0000", text=JIAOZUO_001,
                        indicators=[fig], relation="stricter", label="加码")
    data = row_json(row)
    assert tuple(data)[: len(_ROW_FIELDS)] == _ROW_FIELDS and set(data) == set(row.model_dump())
    assert data["label"] == "加码" and data["text"] == JIAOZUO_001
    (ind,) = data["indicators"]
    assert tuple(ind)[: len(_FIGURE_FIELDS)] == _FIGURE_FIELDS and ind == fig.model_dump()
