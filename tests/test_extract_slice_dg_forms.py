"""Assignment and deadline forms learnt from blind slices d and g (issue 11), each on the real sentence it comes from.

Sources (../shared/archive, copies under tests/data/archive): govcn_22 = 国办函〔2004〕71号 四川省所提问题办理情况的函;
chongqing_0018 = 重庆市公共场所控制吸烟条例; zhejiang_0020 = 嘉兴市养犬管理条例; chongqing_0046 = 重庆市实施归侨侨眷权益
保护法办法; shandong_0143 = 山东省测绘地理信息条例; xingzheng-fagui_0066 = 企业法人登记管理条例; govcn_14 = 国函〔2018〕159号
雄安新区总体规划的批复; govcn_35 = 国办发〔2018〕115号.
"""

from __future__ import annotations

import pytest

from kb.extract import extract_document, regulation_duties, short_names, trailing_paragraphs
from kb.extract.deadlines import parse_deadlines
from kb.extract.units import parse_responsibilities
from kb.models import Clause, Document


def duties(text: str) -> list[tuple[str, str]]:
    return sorted((r.unit, r.role) for r in regulation_duties(text, "c"))


def roles(text: str) -> list[tuple[str, str]]:
    return sorted((r.unit, r.role) for r in parse_responsibilities(text, "c"))


DUTIES = [
    # shandong_0143 第十五条: a list of levels before one body, 设区的市 included: one unit per level
    ("第十五条 设区的市、县（市）人民政府自然资源主管部门应当会同本级人民政府其他有关部门组织编制本行政区域的基础测绘规划。",
     [("县（市）人民政府自然资源主管部门", "lead"), ("设区的市人民政府自然资源主管部门", "lead")]),
    # shandong_0143 第四十条: a joint list of sixteen sectors
    ("第四十条 自然资源、教育、工业和信息化、公安、民政、商务、交通运输、文化和旅游、市场监管、新闻出版、广播电视、大数据、网信、"
     "保密、通信、海关等部门和单位，应当按照各自职责，加强对地图编制、出版、展示、登载等活动的监督管理。",
     sorted((s + "部门", "duty") for s in ("自然资源", "教育", "工业和信息化", "公安", "民政", "商务", "交通运输", "文化和旅游",
                                        "市场监管", "新闻出版", "广播电视", "大数据", "网信", "保密", "通信", "海关"))),
    # chongqing_0046 第四条: a department named by its work for a government, one per level
    ("市和区县（自治县）人民政府负责侨务工作的机构应当组织协调有关部门做好保护归侨、侨眷合法权益的工作。",
     [("区县（自治县）人民政府负责侨务工作的机构", "duty"), ("市人民政府负责侨务工作的机构", "duty")]),
    ("归侨、侨眷境外亲友向境内捐赠财产的，县级以上人民政府负责侨务工作的机构应捐赠人的请求应当协助办理有关入境手续。",
     [("县级以上人民政府负责侨务工作的机构", "duty")]),
    # chongqing_0046 第七条, 第二十六条: people's organisations with a level, joined by 或
    ("第七条 各级归国华侨联合会或归侨侨眷联合会是代表归侨侨眷利益的人民团体，应积极依法维护归侨、侨眷的合法权益。",
     [("各级归侨侨眷联合会", "duty"), ("各级归国华侨联合会", "duty")]),
    ("县级以上归国华侨联合会或归侨侨眷联合会应当给予支持、帮助。",
     [("县级以上归侨侨眷联合会", "duty"), ("县级以上归国华侨联合会", "duty")]),
    # chongqing_0046 第二十五条: a bare holder refers back to the levelled one of the same article
    ("第二十五条 归侨、侨眷申请出境定居、探亲、访友等，须向户口所在地的区县（自治县）公安机关提出申请。公安机关应当按照出入境管理"
     "有关规定，在接到申请后的十个工作日内办理完毕并通知申请人。",
     [("区县（自治县）公安机关", "duty")]),
    # shandong_0143 第五条: a list closed by a member that is no organ
    ("教育行政部门、中小学校应当将国家版图意识教育纳入教学内容，加强爱国主义教育。", [("教育行政部门", "duty")]),
    # shandong_0143 第二十六条: the organ a permission entrusts; 第二十条: a delegate named only as 下级 is not recorded
    ("第二十六条 省自然资源主管部门可以委托设区的市、县（市）人民政府自然资源主管部门负责本行政区域内测绘成果的汇交工作。",
     [("县（市）人民政府自然资源主管部门", "duty"), ("省自然资源主管部门", "duty"), ("设区的市人民政府自然资源主管部门", "duty")]),
    ("省自然资源主管部门负责乙级、丙级测绘资质的行政许可，可以依法委托下级自然资源主管部门或者有关部门负责有关测绘资质的行政许可。",
     [("省自然资源主管部门", "duty")]),
    # shandong_0143 第四十七条: X…时，可以…; xingzheng-fagui_0066 第三十条: X处理…，必须…
    ("第四十七条 县级以上人民政府自然资源主管部门查处违法测绘行为时，可以依法采取下列措施：",
     [("县级以上人民政府自然资源主管部门", "duty")]),
    ("第三十条 登记主管机关处理企业法人违法活动，必须查明事实，依法处理，并将处理决定书面通知当事人。", [("登记主管机关", "duty")]),
    # xingzheng-fagui_0066 第二十五条: 除X…以外 names X; 第三十一条: 上级X is another body than X
    ("第二十五条 登记主管机关核发的《企业法人营业执照》是企业法人凭证，除登记主管机关依照法定程序可以扣缴或者吊销以外，其他任何单位"
     "和个人不得收缴、扣押、毁坏。", [("登记主管机关", "duty")]),
    # shandong_0143 第十八条: a list after 由 is the agent of the verb after it, its level scoping both
    ("第十八条 行政区域界线测绘，按照国务院有关规定执行。乡镇行政区域界线的标准画法图，由省民政部门和自然资源主管部门拟定，"
     "报省人民政府批准后公布。", [("省民政部门", "duty"), ("省自然资源主管部门", "duty")]),
    # xingzheng-fagui_0066 第五条: 所在 + a list of levels, one unit per level
    ("其他企业，由所在市、县（区）市场监督管理部门核准登记注册。", [("市市场监督管理部门", "duty"), ("县（区）市场监督管理部门", "duty")]),
    # chongqing_0046 第十七条: a government joined to enterprises that are no organs
    ("第十七条 对失业的，特别是夫妻双方失业的归侨、侨眷职工，当地人民政府及其有关部门，企业、事业单位应当在职业培训、职业介绍等"
     "方面提供必要的指导和服务。", [("当地人民政府", "duty")]),
    # chongqing_0046 第十七条, 第二十六条: public agencies named 机构 (kb/data/org_lexicon.json "agencies")
    ("用人单位应当依法参加当地的社会保险。各社会保险机构必须按时、足额发放归侨、侨眷职工依法享有的各项社会保险金。",
     [("社会保险机构", "duty")]),
    ("对确有经济困难的归侨、侨眷，法律援助机构应当依法为其提供法律援助。", [("法律援助机构", "duty")]),
    # chongqing_0046 第十八条: 政府 written short for 人民政府
    ("对生活确有困难的归侨、侨眷，各级政府及其民政等有关部门应当给予救济，保障其基本生活。对经市政府侨务工作机构和市民政部门审核"
     "认定的早期归侨，其生活确有困难的，当地政府应当给予适当补助。",
     [("各级人民政府", "duty"), ("各级民政部门", "duty"), ("当地人民政府", "duty")]),
    # xingzheng-fagui_0066 第四条: a functional holder defined by the organs it stands for
    ("第四条 企业法人登记主管机关（以下简称登记主管机关）是国家市场监督管理总局和地方各级市场监督管理部门。各级登记主管机关在上级"
     "登记主管机关的领导下，依法履行职责，不受非法干预。",
     [("国家市场监督管理总局", "duty"), ("各级登记主管机关", "duty"), ("地方各级市场监督管理部门", "duty")]),
    # xingzheng-fagui_0066 第三十八条: an organ that issued a repealed text holds nothing
    ("第三十八条 本条例自1988年7月1日起施行。1980年7月26日国务院发布的《中外合资经营企业登记管理办法》同时废止。", []),
]


@pytest.mark.parametrize(("text", "expected"), DUTIES)
def test_statute_forms_of_slices_d_and_g(text, expected):
    assert duties(text) == sorted(expected)


ASSIGNMENTS = [
    # govcn_22 四、: 'X、Y会同Z' → X and Y lead
    ("发展改革委、农业部会同财政部等有关部门研究提出了办理意见：发展改革委在安排全国农产品深加工项目和资金工作中，一直对包括你省"
     "在内的西部地区予以适当倾斜和重点扶持。",
     [("农业部", "lead"), ("发展改革委", "lead"), ("财政部", "co")]),
    # govcn_22 十一、: 已会同
    ("扶贫办已会同交通部、水利部、林业局等部门赴广安市水淹区进行了实地调查，并向国务院上报了《汇报》。",
     [("交通部", "co"), ("扶贫办", "lead"), ("林业局", "co"), ("水利部", "co")]),
    # govcn_22 八、1.: a 会同 partner that is the sole subject of a sentence of its own leads it
    ("国土资源部会同民政部、财政部、水利部研究提出了办理意见：国土资源部将在国土资源大调查地质灾害预警工程中继续将你省作为重点。"
     "财政部在测算中央对你省转移支付数额时，将继续在标准支出中加入地质灾害防治标准支出因素。",
     [("国土资源部", "lead"), ("民政部", "co"), ("水利部", "co"), ("财政部", "lead")]),
]


@pytest.mark.parametrize(("text", "expected"), ASSIGNMENTS)
def test_assignment_forms_of_slice_d(text, expected):
    assert roles(text) == sorted(expected)


def _clauses(doc_id: str, rows: list[tuple[str, str, int | None]]) -> list[Clause]:
    """(number, text, index of the parent row or None) → clauses."""
    return [Clause(id=f"{doc_id}:{i:04d}", doc_id=doc_id, seq=i, number=number, text=text,
                   parent_id=f"{doc_id}:{p:04d}" if p is not None else None)
            for i, (number, text, p) in enumerate(rows)]


def test_a_reply_letters_answer_belongs_to_the_question():
    """govcn_22: "一、关于…问题。你省请求…" then the answer paragraph "发展改革委研究提出了办理意见：…" — one item."""
    clauses = _clauses("g22", [
        ("一、", "一、关于60万吨乙烯项目问题。你省请求，国家尽快审核60万吨乙烯项目的可行性研究报告。", None),
        ("", "发展改革委研究提出了办理意见：发展改革委已向国务院上报了我国乙烯工业中长期发展规划。", None),
        ("二、", "二、关于亭子口水利枢纽工程问题。你省请求，国家尽快审核亭子口水利枢纽工程项目建议书。", None),
        ("", "发展改革委会同水利部研究提出了办理意见：亭子口水库目前存在项目投资过大等问题。", None),
    ])
    assert trailing_paragraphs(clauses) == {"g22:0001": "g22:0000", "g22:0003": "g22:0002"}
    doc = Document(id="g22", source="x", level="national", region="全国", doc_type="函", text="")
    got = sorted((r.clause_id, r.unit, r.role) for r in extract_document(doc, clauses).responsibilities)
    assert got == [("g22:0000", "国家发展和改革委员会", "lead"), ("g22:0002", "国家发展和改革委员会", "lead"),
                   ("g22:0002", "水利部", "co")]


def test_an_articles_continuing_paragraphs_stay_with_it():
    """chongqing_0018 第十七条: "前款…" and the paragraph after it continue the article; henan_0061 第十七条 (slice c):
    a paragraph with a sentence of its own stays a clause of its own; zhejiang_0020 第二十四条: a second
    "违反本条例…" opens as the article does."""
    cq = _clauses("cq", [
        ("第十七条", "第十七条 下列部门应当依照各自职责，做好相关领域的公共场所控制吸烟监督管理工作：", None),
        ("（一）", "（一）公安机关负责互联网上网服务营业场所的控制吸烟工作；", 0),
        ("", "前款没有明确监督管理部门的公共场所的控制吸烟工作，由市、区县（自治县）卫生健康主管部门负责。", 0),
        ("", "机场、铁路、轨道交通管理机构负责相关公共场所的控制吸烟工作。", 0),
    ])
    assert trailing_paragraphs(cq) == {"cq:0002": "cq:0000", "cq:0003": "cq:0000"}
    hn = _clauses("hn", [
        ("第十七条", "第十七条 继续教育经费应当由政府、单位和个人共同承担，按下列途径筹措：", None),
        ("（一）", "（一）县级以上人民政府应根据财力，将继续教育工作经费列入本级财政预算；", 0),
        ("", "省、省辖市人民政府应当扶持山区及贫困地区的继续教育。", 0),
    ])
    assert trailing_paragraphs(hn) == {}
    jx = _clauses("jx", [
        ("第二十四条", "第二十四条 违反本条例第十五条第一款规定，有下列行为之一的，由综合行政执法部门责令改正：", None),
        ("（一）", "（一）未为大型犬只佩戴嘴套的。", 0),
        ("", "违反本条例第十五条第二款规定，因正当事由户外携带犬只但没有装入犬笼的，由综合行政执法部门责令改正。", 0),
    ])
    assert trailing_paragraphs(jx) == {"jx:0002": "jx:0000"}


def test_a_defined_short_name_of_a_functional_holder():
    """xingzheng-fagui_0066 第四条: "企业法人登记主管机关（以下简称登记主管机关）": every 登记主管机关, also 各级…, is the
    full name; 上级登记主管机关 is the higher one."""
    clauses = _clauses("r66", [
        ("第四条", "第四条 企业法人登记主管机关（以下简称登记主管机关）是国家市场监督管理总局和地方各级市场监督管理部门。", None),
        ("第六条", "第六条 各级登记主管机关，应当建立企业法人登记档案和登记统计制度。", None),
        ("第二十三条", "第二十三条 登记主管机关应当将企业法人登记、备案信息通过企业信用信息公示系统向社会公示。", None),
        ("第三十一条", "第三十一条 企业法人对登记主管机关的处罚不服时，可以向上一级登记主管机关申请复议。上级登记主管机关应当在收到"
                       "复议申请之日起30日内作出复议决定。", None),
    ])
    assert short_names(clauses)["登记主管机关"] == "企业法人登记主管机关"
    doc = Document(id="r66", source="x", level="national", region="全国", doc_type="条例", text="")
    got = {(r.clause_id, r.unit) for r in extract_document(doc, clauses).responsibilities}
    assert ("r66:0001", "企业法人登记主管机关") in got
    assert ("r66:0002", "企业法人登记主管机关") in got
    assert ("r66:0003", "上级企业法人登记主管机关") in got


@pytest.mark.parametrize(("text", "expected"), [
    # govcn_14: the horizon in a plan's name; govcn_22: a five-year period in a plan's name
    ("一、原则同意《河北雄安新区总体规划（2018—2035年）》（以下简称《总体规划》）。", []),
    ("中共中央、国务院印发的《法治政府建设实施纲要（2015—2020年）》要求完善规范性文件制定程序。", []),
    ("亭子口水库已经列入“十五”期间全国大型水库建设规划。", []),
    # govcn_22 五、: 前 of 前期 is no "before"
    ("目前你省正在开展该项目的前期工作，待你省上报项目建议书后，交通部将进行行业审查。", []),
    # chongqing_0018 第十五条, chongqing_0046 第二十二条, shandong_0143 第四十三条: recurring duties
    ("报刊、广播、电视、网络等新闻媒体应当每年有计划地开展公共场所控制吸烟公益宣传。", ["recurring"]),
    ("其养老金可以委托他人领取，但需每年向原工作单位或者负责支付养老金的社会保险经办机构提供由我国驻外使领馆出具的生存证明。",
     ["recurring"]),
    ("互联网地图服务单位应当定期对地图新增内容进行核查校对，每半年将新增标注内容以及核查校对情况报省自然资源主管部门备案。",
     ["recurring"]),
])
def test_deadline_forms_of_slices_d_and_g(text, expected):
    assert [d.kind for d in parse_deadlines(text, "2018-01-01")] == expected


@pytest.mark.parametrize(("text", "days"), [
    # govcn_35 （五）: the longest time allowed; zhejiang_0020 第十条: a limit the holder sets for another
    ("审核时间一般不少于5个工作日，最长不超过15个工作日。", 15),
    ("对不符合条件的，不予登记，说明理由，并告知养犬人十日内将犬只自行处置或者送至犬只收容场所。", 10),
])
def test_time_limits_of_slice_d(text, days):
    assert [(d.kind, d.days) for d in parse_deadlines(text, "2018-01-01")] == [("relative", days)]


def test_the_addressee_a_pronoun_stands_for():
    """govcn_45 (国函〔1996〕95号): a reply to 武警总部: "所需建设资金由你们自筹解决" → the addressee leads."""
    clauses = _clauses("g45", [
        ("", "武警总部：", None),
        ("", "关于武警总部后勤部机关及部分直属单位迁址新建的请示收悉，现批复如下：", None),
        ("", "同意武警总部后勤部机关及部分直属单位迁址新建，所需建设资金由你们自筹解决，其他有关具体事宜请商北京市政府和有关部门办理。",
         None),
    ])
    doc = Document(id="g45", source="x", level="national", region="全国", doc_type="批复", text="")
    got = [(r.clause_id, r.unit, r.role) for r in extract_document(doc, clauses).responsibilities]
    assert got == [("g45:0002", "中国人民武装警察部队总部", "lead")]
