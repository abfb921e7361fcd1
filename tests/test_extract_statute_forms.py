"""Duty statements of 条例 and 法 learnt from slices d, e and f (issue 11), each on the real sentence it comes from.

Sources (../shared/archive): 人民防空法 (national-laws/xingzhengfa/0009), 科学技术普及法 (xingzhengfa/0091),
公共文化体育设施条例 (xingzheng-fagui/0103), 全民所有制小型工业企业租赁经营暂行条例 (xingzheng-fagui/0096),
洛阳市邙山陵墓群保护条例 (henan/0277), 温州市家政服务条例 (zhejiang/0341), 重庆市公共场所控制吸烟条例 (chongqing/0018).
"""

from __future__ import annotations

import pytest

from kb.extract.deadlines import parse_deadlines
from kb.extract.duties import parse_duties
from kb.extract.numbers import parse_indicators
from kb.extract.organs import fold_unit
from kb.extract.unitnames import normalize_unit


def duties(text: str) -> list[tuple[str, str]]:
    return [(r.unit, r.role) for r in parse_duties(text, "c")]


DUTIES = [
    # 人民防空法 第六条 / 第七条: 领导 and 管理 state a duty; the level and 和 join a military organ
    ("县级以上地方各级人民政府和同级军事机关领导本行政区域的人民防空工作。",
     [("县级以上地方各级人民政府", "duty"), ("同级军事机关", "duty")]),
    ("县级以上地方各级人民政府人民防空主管部门管理本行政区域的人民防空工作。",
     [("县级以上地方各级人民政府人民防空主管部门", "duty")]),
    # 人民防空法 第十二条, 第三十八条, 第四十条, 第四十六条: governments named by their relation
    ("第十二条 城市人民政府应当制定防空袭方案及实施计划，必要时可以组织演习。", [("城市人民政府", "duty")]),
    ("预定的疏散地区，在本行政区域内的，由本级人民政府确定；跨越本行政区域的，由上一级人民政府确定。",
     [("本级人民政府", "duty"), ("上一级人民政府", "duty")]),
    ("第四十条 农村人口在有必要疏散时，由当地人民政府按照就近的原则组织实施。", [("当地人民政府", "duty")]),
    ("其他人员的人民防空教育，由城乡基层人民政府组织实施。", [("城乡基层人民政府", "duty")]),
    # 人民防空法 第四十二条 （一）: 组建 states a duty, the list closed by 等部门
    ("（一）城建、公用、电力等部门组建抢险抢修队；", [("城建部门", "duty"), ("公用部门", "duty"), ("电力部门", "duty")]),
    # 人民防空法 第五十二条: a legislature of the provinces
    ("第五十二条 省、自治区、直辖市人民代表大会常务委员会可以根据本法制定实施办法。",
     [("省、自治区、直辖市人民代表大会常务委员会", "duty")]),
    # 洛阳 第七条 / 第十九条: the government of the place a site lies in
    ("第十九条 邙山陵墓群所在地的各级人民政府应当加强对邙山陵墓群保护的宣传。",
     [("邙山陵墓群所在地的各级人民政府", "duty")]),
    # 公共文化体育设施条例 第七条: 依据 states a duty; the level distributes over the pair
    ("第七条 国务院文化行政主管部门、体育行政主管部门依据国务院规定的职责负责全国的公共文化体育设施的监督管理。",
     [("国务院文化行政主管部门", "duty"), ("国务院体育行政主管部门", "duty")]),
    # 公共文化体育设施条例 第十条: 分别会同 — each holder leads its own part, the partners are co
    ("公共文化体育设施用地定额指标，由国务院土地行政主管部门、建设行政主管部门分别会同国务院文化行政主管部门、"
     "体育行政主管部门制定。",
     [("国务院土地行政主管部门", "lead"), ("国务院建设行政主管部门", "lead"), ("国务院文化行政主管部门", "co"),
      ("国务院体育行政主管部门", "co")]),
    # 温州 第十九条: a level's governments 以及有关单位
    ("第十九条 市、县（市、区）人民政府以及有关单位可以采取下列措施鼓励家政服务机构在社区设置家政服务网点：",
     [("市人民政府", "duty"), ("县（市、区）人民政府", "duty")]),
    # 温州 第三十条: X等相关部门 is X部门
    ("第三十条 本条例的实施细则，由市人力资源和社会保障部门会同市商务等相关部门制定。",
     [("市人力资源和社会保障部门", "lead"), ("市商务部门", "co")]),
    # 科学技术普及法 第十五条: 及其他部门 closes the subject
    ("县级以上地方人民政府科学技术行政部门及其他部门在同级人民政府领导下按照各自的职责分工，负责本地区有关的科普工作。",
     [("县级以上地方人民政府科学技术行政部门", "duty")]),
    # 科学技术普及法 第四十五条: a level's governments 和其他有条件的地方人民政府
    ("省、自治区、直辖市人民政府和其他有条件的地方人民政府，应当将科普场馆、设施建设纳入国土空间规划；",
     [("省、自治区、直辖市人民政府", "duty")]),
    # 温州 第四条: people's organisations closed by 等团体, charged with 协助
    ("工会、共青团、妇联、残联、红十字会等团体协助促进家政服务业的发展。",
     [("工会", "duty"), ("共青团", "duty"), ("妇联", "duty"), ("残联", "duty"), ("红十字会", "duty")]),
    # 重庆 第十五条: a member no organ (志愿者组织) and other holders joined by 和 before the act
    ("工会、共青团、妇联、科协、志愿者组织等团体和机关、企业事业单位应当结合自身特点，开展公共场所控制吸烟宣传教育活动。",
     [("工会", "duty"), ("共青团", "duty"), ("妇联", "duty"), ("科协", "duty")]),
    # 科学技术普及法 第十七条: the main force of a field
    ("第十七条 科学技术协会是科普工作的主要社会力量，牵头实施全民科学素质行动。", [("科学技术协会", "duty")]),
    # 温州 第二十条: a people's organisation as the partner of 会同
    ("教育、人力资源和社会保障等部门应当会同红十字会，将应急救护知识和技能培训纳入家政服务有关培训计划。",
     [("教育部门", "lead"), ("人力资源和社会保障部门", "lead"), ("红十字会", "co")]),
    # 洛阳 第八条: a government 及其 sector departments, then the media no organ
    ("第八条 各级人民政府及其文物、教育等部门以及报刊、广播、电视、网络等媒体，应当加强本条例的宣传教育工作。",
     [("各级人民政府", "duty"), ("各级文物部门", "duty"), ("各级教育部门", "duty")]),
    # 上海 第十一条 (slice e): 及其有关部门 leaves the government alone
    ("第十一条 市人民政府及其有关部门应当支持金融机构开展业务创新。", [("市人民政府", "duty")]),
    # 洛阳 第五条 / 第二十一条: the seat's government, and a department of the seat (及其工作人员 closes it)
    ("邙山陵墓群所在地的县级人民政府及其有关部门应当做好本行政区域内邙山陵墓群的保护工作。",
     [("邙山陵墓群所在地的县级人民政府", "duty")]),
    ("第二十一条 邙山陵墓群所在地的各级文物行政部门及其工作人员应当依法履行职责。",
     [("邙山陵墓群所在地的各级文物行政部门", "duty")]),
    # 洛阳 第七条: a city government 和 the seat's government — two holders, not one
    ("第七条 市人民政府和邙山陵墓群所在地的县级人民政府应当将邙山陵墓群的保护纳入国民经济和社会发展计划。",
     [("市人民政府", "duty"), ("邙山陵墓群所在地的县级人民政府", "duty")]),
    # 租赁经营暂行条例 第十一条: 所在地方人民政府
    ("前款各项担保财产与租赁企业的资产的具体比例，由出租方所在地方人民政府根据具体情况确定。",
     [("出租方所在地方人民政府", "duty")]),
    # 公共文化体育设施条例 第八条: a government 或者有关部门
    ("对做出突出贡献的单位和个人，由县级以上地方人民政府或者有关部门给予奖励。", [("县级以上地方人民政府", "duty")]),
    # 科学技术普及法 第三十六条: X或者有关主管部门 is X主管部门
    ("对传播范围广、社会危害大的虚假错误信息，科学技术或者有关主管部门应当按照职责分工及时予以澄清和纠正。",
     [("科学技术主管部门", "duty")]),
    # 科学技术普及法 第五十二条: X等相关行政部门, after 以及
    ("第五十二条 科学研究和技术开发机构、学校、企业的主管部门以及科学技术等相关行政部门应当支持开展科普活动。",
     [("科学技术行政部门", "duty")]),
    # unannotated statutes of the archive (national-laws/xingzheng-fagui, local-regulations), read while probing recall:
    # a place qualifier before a level (铁路安全管理条例 第四条), 地方人民政府 (国防动员法 第十条), 本市各级人民政府
    # (北京 少数民族权益保障条例), 县（区） (a 河南 扬尘污染防治条例), 省级以上 (传染病防治法), 人大常委会 of every level
    ("第四条 铁路沿线地方各级人民政府和县级以上地方人民政府有关部门应当按照各自职责，加强保障铁路安全的教育。",
     [("铁路沿线地方各级人民政府", "duty")]),
    ("第十条 地方人民政府应当贯彻和执行国防动员工作的方针、政策和法律、法规；", [("地方人民政府", "duty")]),
    ("第五条 本市各级人民政府应当将适应少数民族需要的经济、文化、教育、科技事业，纳入国民经济和社会发展计划。",
     [("市各级人民政府", "duty")]),
    ("第三十六条 市、县（区）人民政府、生态环境主管部门和其他负有扬尘污染防治监督管理职责的部门应当公布投诉举报电话。",
     [("市人民政府", "duty"), ("县（区）人民政府", "duty"), ("生态环境主管部门", "duty")]),
    ("省级以上人民政府卫生行政部门负责组织对传染病防治重大事项的处理。", [("省级以上人民政府卫生行政部门", "duty")]),
    ("第三十四条 县级以上的地方各级人民代表大会常务委员会应当有计划地组织代表参加履职学习。",
     [("县级以上的地方各级人民代表大会常务委员会", "duty")]),
    # 人民防空法 第七条: a level 的 its departments, closed by 等有关部门
    ("县级以上人民政府的计划、规划、建设等有关部门在各自的职责范围内负责有关的人民防空工作。",
     [("县级以上人民政府计划部门", "duty"), ("县级以上人民政府规划部门", "duty"), ("县级以上人民政府建设部门", "duty")]),
    # 粮食安全保障法 (unannotated): 依照…规定的职责 is no modifier of the holder
    ("县级以上人民政府发展改革、自然资源、农业农村、粮食和储备等主管部门依照本法和规定的职责，协同配合，做好粮食安全保障工作。",
     [("县级以上人民政府发展改革主管部门", "duty"), ("县级以上人民政府自然资源主管部门", "duty"),
      ("县级以上人民政府农业农村主管部门", "duty"), ("县级以上人民政府粮食和储备主管部门", "duty")]),
    # a 广东 条例 (unannotated): 地级以上市 and 及其 sectors
    ("地级以上市人民政府及其农业农村、商务、市场监督管理等部门应当推动建设粤菜食材采购、配送、溯源的供应链服务平台。",
     [("地级以上市人民政府", "duty"), ("地级以上市人民政府农业农村部门", "duty"), ("地级以上市人民政府商务部门", "duty"),
      ("地级以上市人民政府市场监督管理部门", "duty")]),
    # a 济南 条例 (unannotated): 及有关部门 after a list of levels
    ("第七条 市、县（区）人民政府及有关部门应当加强名泉保护科学研究。", [("市人民政府", "duty"), ("县（区）人民政府", "duty")]),
    # a 条例 (unannotated): a holder of its own kind in a list closed by 等相关部门 keeps its name
    ("公安机关、市场监管等相关部门应当依法予以协助。", [("公安机关", "duty"), ("市场监管部门", "duty")]),
    # committees a level sets up, a heading's Chinese numeral label (unannotated archive statutes and notices)
    ("二、各级绿化委员会应当组织和推动本地区各部门、各单位。", [("各级绿化委员会", "duty")]),
    ("县级以上人民政府文物保护管理委员会负责协调、解决本行政区域内文物保护工作的重大问题。",
     [("县级以上人民政府文物保护管理委员会", "duty")]),
    # the governments of a township and the higher level
    ("乡、民族乡、镇人民政府负责本行政区域内乡道、村道的建设和养护工作。",
     [("乡人民政府", "duty"), ("民族乡人民政府", "duty"), ("镇人民政府", "duty")]),
    ("上级人民政府及其生态环境主管部门应当加强督促检查。", [("上级人民政府", "duty"), ("上级人民政府生态环境主管部门", "duty")]),
    ("区县（市）广播电视主管部门负责本行政区域内广播电视监督管理和指导工作。", [("区县（市）广播电视主管部门", "duty")]),
    ("市和区健康促进委员会应当定期开展控烟检查，通报控烟情况。", [("市健康促进委员会", "duty"), ("区健康促进委员会", "duty")]),
    ("当地人民政府绿化委员会负责规划和提供植树场地。", [("当地人民政府绿化委员会", "duty")]),
    # 区（县级市）, 沿海 + level, the seat's 区 government, 依照法定职责 (unannotated archive statutes)
    ("市、区（县级市）人民政府应当制定退耕还林实施方案，并组织实施。", [("市人民政府", "duty"), ("区（县级市）人民政府", "duty")]),
    ("国务院海洋主管部门和沿海县级以上地方人民政府海洋主管部门应当妥善存储、保管海洋观测资料。",
     [("国务院海洋主管部门", "duty"), ("沿海县级以上地方人民政府海洋主管部门", "duty")]),
    ("市人民政府和大运河遗产所在地的区人民政府应当建立大运河遗产综合保护协调机制。",
     [("市人民政府", "duty"), ("大运河遗产所在地的区人民政府", "duty")]),
    ("区卫生健康部门依照法定职责负责本辖区内的计划生育工作。", [("区卫生健康部门", "duty")]),
    # X工作主管部门 / X工作机构 name a sector; 镇（乡）, 县级 in a list of levels; 及相关部门 closes a subject
    ("市和区县地震工作主管部门应当对志愿者队伍予以指导。", [("市地震工作主管部门", "duty"), ("区县地震工作主管部门", "duty")]),
    ("市、区县（自治县）人民政府法制工作机构负责本行政区域内行政执法监督的具体工作。",
     [("市人民政府法制工作机构", "duty"), ("区县（自治县）人民政府法制工作机构", "duty")]),
    ("市、县（区）、镇（乡）人民政府应当将污水处理费纳入财政预算管理。",
     [("市人民政府", "duty"), ("县（区）人民政府", "duty"), ("镇（乡）人民政府", "duty")]),
    ("市、县级人民政府应当制定补助和奖励办法，对被征收人给予补助和奖励。", [("市人民政府", "duty"), ("县级人民政府", "duty")]),
    ("市、区人民政府及相关部门应当根据评估结果调整政策。", [("市人民政府", "duty"), ("区人民政府", "duty")]),
    # unannotated archive statutes: 经济… after 和 is no 经 of approval; 有关的 is no relative clause; 城市、县; 县级以上政府
    ("市科学技术部门和经济信息化部门应当编制科技研发的服务目录并公布。", [("市科学技术部门", "duty"), ("经济信息化部门", "duty")]),
    ("军事机关依照职责开展有关的国防动员工作。", [("军事机关", "duty")]),
    ("城市、县人民政府可以制定政策措施，鼓励和引导其他建设项目配置公共环境艺术品。", [("城市人民政府", "duty"), ("县人民政府", "duty")]),
    ("县级以上政府卫生行政部门在收取罚款时，应当出具正式的罚款收据。", [("县级以上政府卫生行政部门", "duty")]),
    # 北京 司法鉴定条例 第四条 (slice e): X依照…实施…的职责分工 is the subject's modifier; 由X确定 charges X
    ("市、区司法行政部门依照本条例实施司法鉴定管理的具体职责分工由市司法行政部门确定。", [("市司法行政部门", "duty")]),
    # 烈士褒扬条例, 无线电管理条例 (unannotated): 由 a government that sends on; the provinces' bodies of the place
    ("评定为烈士的，由省、自治区、直辖市人民政府送国务院退役军人工作主管部门复核。", [("省、自治区、直辖市人民政府", "duty")]),
    ("水上无线电专用频率，由所在地省、自治区、直辖市无线电管理机构分别会同相关主管部门核准。",
     [("所在地省、自治区、直辖市无线电管理机构", "lead")]),
    # 依照…的规定 / 的请求 / 的有关规定 is a preposition's phrase, not a modifier; 负责…的机构 after a department is its task
    ("第十七条 县级以上产品质量监督部门依照《中华人民共和国产品质量法》第十八条的规定进行查封、扣押。",
     [("县级以上产品质量监督部门", "duty")]),
    ("违反本条例规定的，由公安机关依照治安管理处罚的有关规定予以处罚；", [("公安机关", "duty")]),
    ("第三条 市司法行政部门负责全市从事司法鉴定业务的机构和人员的登记管理。", [("市司法行政部门", "duty")]),
    # unannotated archive statutes: X及其有关部门、Y应当 (both), a court under a condition, 情报 is no 报 before 以及
    ("第五十三条 县级以上人民政府及其有关部门、产业集聚区管理机构应当建立健全行政服务中心运行、管理机制。",
     [("县级以上人民政府", "duty"), ("产业集聚区管理机构", "duty")]),
    ("第一百零七条 人民法院依照本法规定宣告债务人破产的，应当自裁定作出之日起五日内送达债务人和管理人。", [("人民法院", "duty")]),
    ("第四十七条 国家反恐怖主义情报中心、地方反恐怖主义工作领导机构以及公安机关等有关部门应当对有关情报信息进行筛查。",
     [("公安机关", "duty")]),
    # a people's organisation closed by 等妇女组织 (妇女权益保障法)
    ("妇女联合会等妇女组织应当维护被侵害妇女的合法权益。", [("妇女联合会", "duty")]),
    # 嘉兴 第三条 (slice d): a town's government beside the street office
    ("镇人民政府、街道办事处负责本辖区一般管理区内的流浪犬捕捉等养犬管理工作。", [("镇人民政府", "duty"), ("街道办事处", "duty")]),
    # 人民防空法 第六条 / 第七条: national organs named in a statute, as subjects and after 由
    ("第六条 国务院、中央军事委员会领导全国的人民防空工作。", [("国务院", "duty"), ("中央军事委员会", "duty")]),
    ("人民防空主管部门的设置、职责和任务，由国务院、中央军事委员会规定。", [("国务院", "duty"), ("中央军事委员会", "duty")]),
]


@pytest.mark.parametrize(("text", "expected"), DUTIES)
def test_statute_duty_forms(text, expected):
    assert duties(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a modifier, not a holder: the government named by its relation still needs an act after it
    ("因城乡建设确需拆除公共文化体育设施的，报上一级人民政府批准。", []),
    ("第四条 人民防空经费由国家和社会共同负担。", []),
    ("县级以上人民政府有关部门应当按照职责做好相关工作。", []),  # 有关部门 of a level: vague, not the government
    ("邙山陵墓群所在地应当设置保护标志。", []),  # a place, no organ
    ("对违反本条例的行为，经国务院批准，可以采取措施。", []),  # 经 / 报 a national organ: an approver, not charged
    ("大军区根据国务院、中央军事委员会的授权领导本区域的人民防空工作。", []),  # the grantors of a power
    # prose before an organ is no holder (专利代理条例, 保守国家秘密法, a 审计 law; unannotated)
    ("曾在国务院专利行政部门或者地方人民政府管理专利工作的部门任职的专利代理师，不得代理。", []),
    ("下级机关、单位认为本机关产生的有关定密事项属于上级机关、单位的定密权限，应当先行采取保密措施，并立即报请上级机关、单位确定；", []),
    ("不动产登记申请，应当向不动产所在地的县级以上地方人民政府不动产登记机构提出。", []),
    # 或者有关 after a holder with its own suffix opens another holder: no 公安机关主管部门
    ("由公安机关或者有关主管部门处违法所得一倍以上十倍以下罚款。", []),
    # a government's verb that describes its department (测量标志保护条例, 公共机构节能条例): the department is the holder
    ("县级以上地方人民政府管理测绘工作的部门负责本行政区域内的测量标志保护工作。",
     [("县级以上地方人民政府管理测绘工作的部门", "duty")]),  # slice g: such a department is a unit, kept as written
    ("市设立名泉保护委员会，负责协调名泉保护工作。", []),  # a body the text sets up is not yet charged
    ("市场监督管理委员会负责", []),  # 市场 is no level
    ("各级工作部门应当履行职责。", []),  # no sector named
    ("第六十五条 国家安全机关依法收缴的罚款以及没收的财物，一律上缴国库。", []),  # 依法收缴的罚款: a modifier
    ("各级人民政府及其监管部门应当健全跨部门随机抽查事项清单。", [("各级人民政府", "duty")]),  # 监管部门: no sector
    ("第十三条 广东省派出机构履行属地管理职能，配合合作区管理委员会做好工作。", []),  # the partner of 配合 is an object
    # 以及 joins holders only before the verb; a court's verb that describes its ruling (unannotated archive texts)
    ("村民委员会、居民委员会应当协助人民政府以及公安机关等部门，加强消防宣传教育。", []),
    ("第十六条 人民法院依据本规定第十四条和第十五条作出的裁定，一经送达即发生法律效力。", []),
    # 由 a government's departments: the government is not the agent (an 体育 law, unannotated)
    ("管理权属有争议的，由上级人民政府决定。", [("上级人民政府", "duty")]),
    # 管理 inside a body's name is no act: "…管理部门" is read as the holder
    ("市城市管理部门负责本条例的实施。", [("市城市管理部门", "duty")]),
])
def test_statute_forms_that_charge_no_one_else(text, expected):
    assert duties(text) == expected


@pytest.mark.parametrize(("written", "canonical"), [
    ("各省、自治区、直辖市人民政府", "省、自治区、直辖市人民政府"),  # 各 distributes, it names no other organ
    ("各省（区、市）人民政府", "省（区、市）人民政府"),
    ("共产主义青年团", "共青团"),  # a people's organisation written long or short
    ("妇女联合会", "妇联"),
    ("科学技术协会", "科协"),
    ("工会", "工会"),
])
def test_fold_unit_each_province_and_people(written, canonical):
    assert fold_unit(written, "", "national") == canonical
    assert fold_unit(canonical, "", "national") == canonical


@pytest.mark.parametrize(("written", "name"), [
    ("市商务等相关部门", "市商务部门"),  # 温州 第三十条: the open end of a one-item list
    ("科学技术等相关行政部门", "科学技术行政部门"),  # 科学技术普及法 第五十二条
    ("市商务部门", "市商务部门"),
])
def test_normalize_unit_drops_an_open_end(written, name):
    assert normalize_unit(written) == name


@pytest.mark.parametrize(("text", "expected"), [
    # a span counted back from an event (公共文化体育设施条例 第十八条, 人民防空法 第三十五条, 租赁经营暂行条例 第十六条,
    # 北京 司法鉴定条例 第二十三条, 嘉兴 养犬管理条例 第十一条)
    ("公共文化体育设施管理单位应当提前7日向公众公示。", [("relative", 7)]),
    ("设置或者撤除人民防空警报设施，应当在试鸣的五日以前发布公告。", [("relative", 5)]),
    ("出租方同意承租方继续承租的，应当在租赁期满前六个月通知承租方。", [("relative", None)]),
    ("人民法院要求司法鉴定人出庭的，应当在开庭审理3日前通知。", [("relative", 3)]),
    ("养犬人应当于养犬准养登记有效期届满三十日前，办理延续手续。", [("relative", 30)]),
    # not a span before an event: a day of the month, work finished ahead of schedule (seeds 000)
    ("每月10日前报送上月数据。", []),
    ("提前3个月完成民生实事任务。", []),
])
def test_deadline_counted_back_from_an_event(text, expected):
    assert [(d.kind, d.days) for d in parse_deadlines(text, "2020-01-01")] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a plan period as the horizon of a target (国办发〔1997〕2号, slice e): reached by the plan's end
    ("通过“九五”期间的努力，首先在地震重点监视防御区，使防震减灾知识家喻户晓。", [("target", "2000-12-31", "2000")]),
    ("要按照党中央、国务院的要求，努力实现“九五”期间我国防震减灾工作目标。", [("target", "2000-12-31", "2000")]),
    # a plan period that only dates what is told stays a period
    ("“九五”期间，我国的地震活动进入新的活跃期。", [("period", "2000-12-31", None)]),
])
def test_plan_period_as_target(text, expected):
    assert [(d.kind, d.date, d.stage) for d in parse_deadlines(text, "1997-01-01")] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # 洛阳 邙山陵墓群保护条例 第十条 (八)(九): where a site lies is no indicator; the protected extent is
    ("（八）曹魏征东大将军、大司马曹休墓。位于连霍高速公路洛阳服务区东约100米。以坐标N 34°46.461′，E112°34.705′为中心，"
     "向东南西北各延伸500米。", [500.0]),
    ("（九）西晋文帝崇阳陵。位于偃师市城关镇后杜楼村北1500米。以坐标N 34°45.0294′，E112°44.2001′为中心，向东南西北各延伸500米。",
     [500.0]),
])
def test_a_site_position_is_no_indicator(text, expected):
    assert [i.value for i in parse_indicators(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # 嘉兴 养犬管理条例 第十一条, 人民防空法 第三十五条: a term the text sets, a span counted back from an event
    ("第十一条 养犬准养登记有效期为一年。", [(1.0, "年")]),
    ("养犬人应当于养犬准养登记有效期届满三十日前，办理延续手续。", [(30.0, "日")]),
    ("设置或者撤除人民防空警报设施，应当在试鸣的五日以前发布公告。", [(5.0, "日")]),
    ("工作一年后可以申请。", []),  # 一年 with nothing that sets it stays prose
])
def test_chinese_numeral_terms_and_spans_are_figures(text, expected):
    assert [(i.value, i.unit) for i in parse_indicators(text)] == expected


def test_by_a_governments_departments_the_government_is_not_the_agent():
    # an 体育 statute (unannotated): "由上级人民政府体育或者住房和城乡建设部门责令…" charges departments, not the government
    units = [u for u, _ in duties("第五十二条 有下列行为之一的，由上级人民政府体育或者住房和城乡建设部门责令限期改正；")]
    assert "上级人民政府" not in units
