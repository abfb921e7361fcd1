"""The grammar of a holder's name in a statute: levels × bodies.

A holder is a level (县级以上人民政府, 省, 市、县级市, 设区的市、县（市）, 乡（镇）…) and/or a body ending in 部门 / 主管部门 /
机构 / 机关 / 人民政府. ``HOLDER_RE`` reads one such phrase, ``holders`` turns it into the units it names (one per level
and per sector: "省发展改革、科技部门" → 省发展改革部门, 省科技部门), vague ones dropped. ``kb.extract.duties`` decides
where a phrase stands and whether it is charged with what follows (``ACT_RE``).
"""

from __future__ import annotations

import re

from kb.extract.organs import national_organ
from kb.extract.unitnames import load_lexicon, sector_domains
from kb.places import divisions

# the government of the place a site or a party lies in: 邙山陵墓群所在地的县级人民政府, 出租方所在地方人民政府
_SEAT = (r"(?![由对向经在将其])(?!第[一二三四五六七八九十百零〇]+条)(?:(?!政府|部门|机关|机构|应当|或者|[和及与或的向、，,])[\u4e00-\u9fff]){2,10}?"
         r"(?:所在|住所)(?:地方|地(?:的)?(?:县级以上(?:地方)?|县级|各级|地方|[区县市](?=人民政府))?)")
_LEVEL = (
    r"(?:各)?(?:(?:[\u4e00-\u9fff]{2,4}沿线|沿海)?(?:县级以上(?:的)?(?:地方)?(?:各级)?(?:人民政府|政府|人民代表大会常务委员会)|(?:地方)?各级(?:地方)?(?:人民)?政府)"
    r"|地方人民政府|本(?:省|市|县|区|自治区)各级人民政府"
    r"|(?:省|市|县|乡)级(?:以上)?(?:地方)?人民政府"
    r"|[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|自治州|县|区)(?:各级)?人民政府|设区的市(?:[、和](?:县（市、区）|县（市）|县（区）|县级市|县|区))*(?:人民政府|人民代表大会常务委员会)?"
    r"|(?:当地|本级|上一级|上级|城市|城乡基层)(?:人民)?政府|" + _SEAT + "(?:人民政府)?"
    r"|(?:地方)?各级党委|党委|同级(?:人民)?政府|同级|本级|街道办事处|国务院(?!办公厅)|本(?:省|市|县|区)(?:各级)?(?=[\u4e00-\u9fff、]{2,30}?(?:部门|机关))"
    r"|(?:各|所在地)?(?:省、自治区、直辖市|省（区、市）)(?:人民政府|人民代表大会常务委员会)?"
    r"|(?:所在(?=[市县区][、和]))?(?:城市(?=、)|省辖市|区县（自治县）|区县（市）|区（县级市）|区县|县区|地级以上市|县（市、区）|县（市）|县（区）|区（市）|省|自治区|市(?!场)|县|区(?!域)|乡（镇）|乡镇|乡(?=、|人民政府)|镇(?=人民政府)|街道)"
    r"(?:[、和](?:省辖市|县级市|区县（自治县）|区县（市）|区（县级市）|区县|县区|区（市）|县（市、区）|县（市）|县（区）|县|区|市|乡（镇）|镇（乡）|乡镇|民族乡|镇|县级))*"
    r"(?:人民政府|政府|人民代表大会常务委员会)?)"
)
_SUFFIX = r"(?:行政主管部门|主管部门|行政管理部门|管理部门|部门|管理机构|机构|(?<!行政)(?<!国家)机关(?![\u4e00-\u9fff]{0,6}(?:机构|部门)))"
_DOMAIN = r"(?:(?!人民政府|政府|国务院|审核|送|及其|应当|应(?!急)|可以|负责|按照|依照|依法|的|会同|或|配合|协助|设立|设置|制定|建立|鼓励|支持|推动|委托|本市|本省|本县|公司|(?<!乡镇)企业(?!主管))[\u4e00-\u9fff]){2,16}?"
_HOLDER_RE = re.compile(
    rf"(?!会同|由|对|向|经(?!济|营|贸|信)|和|及|者|报|按|在|曾|并|以|除|拒绝|接受|配合|协助)(?:(?P<level>{_LEVEL})?(?:(?<=政府)的)?(?:(?P<its>及其)(?!有关|相关|所属))?(?P<body>(?!及|和)(?:{_DOMAIN}(?:、|，(?={_DOMAIN}(?:、|等)))){{0,24}}(?:{_DOMAIN})?(?:等|(?<!部门)(?<!机关)(?<!机构)或者?)?(?:有关)?{_SUFFIX}))"
    rf"|(?P<gov>{_LEVEL})(?=及|以及|和|、|或|应当|应|负责|领导|管理|依据|可以|按照|依照|依法|会同|要|对|根据|组织|统筹|在|将|采取|鼓励|支持|建立|加强|做好|制定|承担|确定|审批|设立|设置|安排)"
)
_ACT_RE = re.compile(
    r"^(?:[和及]其?(?:有关部门|所属部门|工作部门|工作人员)|以及[\u4e00-\u9fff、]{2,24}?(?:媒体|单位|组织)|、(?:中小学校|学校|高等学校|新闻媒体)(?=应当|应(?!急)|要)|及其他有关部门|(?:以及|及|和)(?:其他)?(?:有关|相关|[\u4e00-\u9fff]{1,16}?的)?(?:地方人民政府|(?:行政)?部门|单位)(?:和单位)?|(?:、|或者?)(?:其他)?有关(?:主管)?部门|和[\u4e00-\u9fff]{1,4}?有关部门"
    r"|(?:或者?|和)[\u4e00-\u9fff]{2,12}?(?:委员会|组织|单位|协会)|和单位|等(?:有关|相关)?(?:部门|单位)(?:和单位)?)?"
    r"(?:[，,、](?:企业|事业单位|用人单位)[\u4e00-\u9fff、]{0,10}?单位(?=应当|应(?!急)|要))?[，,]?"  # X及其有关部门，企业、事业单位应当
    r"(?:处(?=[\d一二三四五六七八九十百千万]|警告|罚款)|是(?=[^，,。；;]{0,30}?主管(?:部门|机关))|没收|吊销|准予|负有|不得|注销|不予|收回|撤销|应当|应|负责|可以|也可|还应|须|必须|按照|依照|依据|依法|会同|要|对|根据|组织|统筹|在|将|采取|鼓励|支持|建立|加强|做好|共同|分别|具体|主管|指导|领导|管理(?![\u4e00-\u9fff]{0,4}(?:部门|机构))|组建"
    r"|按(?=下列|规定|有关|国家)|监督|制定|编制|设立|给予|责令|予以|处理|定期|每年|及时|办理|实施|协调|保障|安排|推进|开展|引导|履行|承担|确定|审批"
    r"|研究|结合|推行|印发|完成|出台|发布|修订|健全|完善|落实|会商|督促|牵头|加快|积极|认真|切实|进一步|抓紧|全面|大力|统一)"
)
_START = "。；;：:，,\n "
_VAGUE_BODY_RE = re.compile(
    r"^(?:各|其他|其它|有关|相关|所属|同级|本级|上级|下级|政府|有权|下列|以下|上述|前款)*(?:有关|相关)?" + _SUFFIX + "$"
    # role-defined: the organ in charge of whoever is meant (主管机关, 上级主管机关, 各级行业主管部门), no field named
    r"|^(?:各级|各|上级|上一级)?(?:行业|业务)?主管(?:机关|部门)$"
    # the party of the procedure at hand, named by its act: 提请机关, 原提请机关 (whoever submitted it); slice b records
    # 发证机关 (the authority that issued a licence), so authorities named by their act stay units
    r"|^原?提请(?:机关|部门|单位)$"
    r"|^(?:各类|其他|其它|有关|相关)"  # 有关金融机构, 其他有关单位: no organ named
)
_PLAIN_BODY_RE = re.compile(r"(?<!管理)(?<!主管)机构$")  # 鉴定机构, 金融机构 without a level: any institution, not an organ
_NOT_DOMAIN_RE = re.compile(
    r"(?:的|应当|可以|负责|按照|依照|依法|本条例|本办法|规定|职责|工作(?!(?:主管|管理)?(?:部门|机构)$)|情况|违反|由|对(?!外)|向|经(?!济|营|贸|信)|其|实行|实施|(?<!等)有关|(?<!等)相关|组织(?!部门)"
    r"|与(?![\u4e00-\u9fff]{1,4}(?:、|等|$))"  # 与 joins prose ("与…有关"), not two domains (水利与渔业部门)
    r"|部门(?=在|办理|对|向|将|把)"
    r"|受(?!理)|阻碍|阻挠|妨碍|造成|干预|属于|本(?:部门|机关|机构)$)"  # "业务上受市出版主管部门指导", "故意阻碍国家安全机关…": the organ is an object  # "民政部门在办理基金会、社会团体、社会服务机构…时": a clause, not a list of bodies
)
_LEVEL_SPLIT_RE = re.compile(r"[、和](?![^（(]*[）)])")  # not inside 县（市、区）
WITH_RE = re.compile(r"(?:应当|应|可以|要)?(?:分别)?会同")  # X会同Y: X leads, Y is its partner
_LATER_WITH_RE = re.compile(r"(?:应当|应|要)[^。；;：:]{2,60}?[，,]并(?:应当|应|要)?会同")


def _split_levels(level: str) -> list[str]:
    """"市、县级市" → ["市", "县级市"]; "县级以上人民政府" → itself; "市、区（市）人民政府" → ["市人民政府", "区（市）人民政府"]."""
    whole = level.startswith("设区的市") and not _LEVEL_SPLIT_RE.search(level)  # 设区的市、县（市）: two levels
    level = _full_government(level)
    if not level or whole or level.startswith(("县级以上", "各级", "省、自治区、直辖市", "各省、自治区、直辖市", "所在地省")):
        return [re.sub(r"^各(?!级)", "", level)] if level else [""]
    level = re.sub(r"^(?:本|所在)(?=[省市县区])", "", level)  # 本市工商行政管理部门 = 市工商行政管理部门; 所在市、县
    gov = re.search(r"(?:人民政府|政府)$", level)
    tail = gov.group(0) if gov else ""
    core = level[: len(level) - len(tail)] if tail else level
    return [re.sub(r"^各(?!级)", "", p) + tail for p in _LEVEL_SPLIT_RE.split(core) if p]


def _full_government(level: str) -> str:
    """"当地政府" / "各级政府" → 当地人民政府 / 各级人民政府 (the same organ, written short)."""
    return re.sub(r"^(当地|本级|上一级|上级|各级|地方各级)政府$", r"\1人民政府", level)


def _bodies(body: str) -> list[str]:
    """"发展改革、科技部门" → ["发展改革部门", "科技部门"]; "农业机械、公安、交通等部门" → three; one body stays."""
    body = re.sub(r"(?<=部门|机构|机关)等(?:有关|相关)?(?:部门|单位)$", "", body)  # 燃气主管部门…等有关部门
    etc = re.search(rf"等(?:有关|相关)?(?P<suffix>{_SUFFIX})$", body)  # 商务等相关部门 → 商务部门  # "…、财政等行政管理部门": one suffix for every item
    if etc and "、" in body:  # 人民银行 in "民政、公安、人民银行等部门" is an organ by itself
        shared = "部门" if etc.group("suffix").endswith("管理部门") else etc.group("suffix")
        items = [p for p in re.split(r"[、，,]", body[: etc.start()]) if p]
        items[-1:] = _last_two(items[-1])  # "…、林业和农机等部门": 和 closes the list
        return [p if national_organ(p) or re.search(r"(?:部门|机关|机构)$", p) else p + shared  # 公安机关、市场监管等部门
                for p in items]
    body = re.sub(rf"等(?:有关|相关)?(?=(?:行政)?{_SUFFIX}$)", "", body)  # 科学技术等相关行政部门
    parts = [q for p in re.split(r"[、，,]", body) if p for q in _two_holders(p)]
    if len(parts) > 1:  # "价格和商务部门" ends the list with two sectors; "文化和旅游部门" is one
        parts[-1:] = _two_sectors(parts[-1])
    if len(parts) <= 1:
        return [body]
    # the suffix the last item carries is shared ("教育、科技、卫生行政主管部门" → 教育行政主管部门; "林业、生态环境主管部门"
    # → 林业主管部门); the last item keeps its own full form
    suffix = next((x for x in _SHARED_SUFFIXES if body.endswith(x)), "部门")
    last = parts[-1][: -len("行政管理部门")]
    if body.endswith("行政管理部门") and last not in load_lexicon().administration_sectors \
            and any(p in sector_domains() for p in [*parts[:-1], last]):  # sectors, not places (闵行、宝山…)
        suffix = "行政管理部门"  # "林业、城市绿化行政管理部门" → 林业行政管理部门; not 工商行政管理 (a sector's own name)
    return [p if re.search(rf"{_SUFFIX}$|机关$|协会$|委员会$", p) else p + suffix for p in parts]


def _last_two(item: str) -> list[str]:
    """The last item of a list closed by 等: "林业和农机" → two sectors; "林业和草原", "文化和旅游" name one."""
    a, _, b = item.partition("和")
    if not b or item in sector_domains() or len(a) < 2 or len(b) < 2 or re.search(r"(?:部门|机关|机构)", a):
        return [item]
    return [a, b]


def _two_holders(part: str) -> list[str]:
    """"安全生产监督管理部门和公安机关消防机构": two holders joined by 和, each with its own suffix."""
    m = re.match(rf"^(?P<a>.{{2,}}?{_SUFFIX})和(?P<b>.{{2,}}{_SUFFIX})$", part)
    return [m.group("a"), m.group("b")] if m else [part]


def _two_sectors(part: str) -> list[str]:
    m = re.match(rf"^(?P<a>[\u4e00-\u9fff]{{2,8}})和(?P<b>[\u4e00-\u9fff]{{2,8}}?)(?P<suffix>{_SUFFIX})$", part)
    domains = sector_domains()
    if not m or m.group("a") + "和" + m.group("b") in domains or m.group("b") not in domains:
        return [part]
    return [m.group("a"), m.group("b") + m.group("suffix")]


_SHARED_SUFFIXES = ("行政主管部门", "主管部门", "行政部门", "管理机构", "机构", "部门")  # 管理 belongs to a domain: 工商行政管理, 安全生产监督管理
# "教育、科技、卫生和其他行政主管部门": the open end of a list names no organ
_AND_OTHERS_RE = re.compile(rf"(?:和|及|以及|(?<=等))其[他它](?=(?:有关)?{_SUFFIX}$)|(?<!部门)(?<!机关)(?<!机构)或者?有关(?={_SUFFIX}$)")  # 科学技术或者有关主管部门


_CONSULT_RE = re.compile(r"^(?P<a>[\u4e00-\u9fff]{2,16}?)商(?![务业品贸标])(?P<b>[\u4e00-\u9fff、]{2,})$")


_STANDARD_LEVEL_RE = re.compile(
    r"^(?:各|所在地|所在(?=[市县区][、和]))?(?:省|自治区|市|县|区|城市|乡（镇）|乡镇|乡|镇|街道|地级以上市|县级以上|各级|设区的市|地方各级|党委|同级|本级|国务院|本[省市县区]|地方|[\u4e00-\u9fff]{2,4}沿线|沿海"
    r"|当地|上一级|上级|城市|城乡基层)|^" + _SEAT + "(?:人民政府)?$"  # 邙山陵墓群所在地的县级人民政府
)


def _named_place_ok(level: str) -> bool:
    """A level written with a place name (宁波市人民政府) must name a real division, not prose (具体办法由市…)."""
    prefix = re.sub(r"(?:各级)?(?:人民政府|政府)$", "", level)
    return not prefix or bool(_STANDARD_LEVEL_RE.match(level)) or prefix in divisions().full


_PLACE_WORD = r"(?:城市|省辖市|区县（自治县）|区县（市）|区（县级市）|区县|县区|县（市、区）|县（市）|县（区）|区（市）|省|自治区|县级市|市|县|区|乡（镇）|镇（乡）|乡镇|民族乡|乡|镇)"
_PLACES_ONLY_RE = re.compile(rf"(?:所在|本)?{_PLACE_WORD}(?:[、和]{_PLACE_WORD})*")


def _holders(match: re.Match[str]) -> list[str]:
    """The units one holder phrase names (levels × bodies), vague ones dropped."""
    level = match.group("gov") or match.group("level") or ""
    if level and not _named_place_ok(level):
        return []
    if match.group("gov"):
        if ("自治区" in match.group("gov") or "所在" in match.group("gov")) and not match.group("gov").endswith(
                ("政府", "常务委员会")):
            return []  # "省、自治区、直辖市可以…制定…办法": the provinces, no organ named
        if _PLACES_ONLY_RE.fullmatch(match.group("gov")):
            return []  # "市和区县（自治县）应当确定相应机构": the places, no organ named
        return [u for u in _split_levels(match.group("gov")) if u]
    level, body = match.group("level") or "", _AND_OTHERS_RE.sub("", match.group("body"))
    consult = _CONSULT_RE.match(body)  # "国家税务局商劳动部等有关部门制定": X acts, having consulted Y (slice f decision 12)
    if consult and (national_organ(consult.group("a")) or re.search(r"(?:部门|机关|机构|[局部委厅署])$", consult.group("a"))):
        body = consult.group("a")
    either = match.group("body").startswith("或")  # "县级以上地方人民政府或者有关部门给予奖励": the government
    governments = [u for u in _split_levels(level) if u] if (match.group("its") or either) and level else []
    plain = (not level and _PLAIN_BODY_RE.search(body) and "机关" not in body  # 鉴定机构; not 公安机关消防机构
             and re.sub(r"^各", "", body) not in load_lexicon().agencies)  # 社会保险经办机构 acts for the state
    plain = plain or re.fullmatch(r"(?:各级)?(?:工作|监管|职能)(?:部门|机构)", body)  # 各级工作部门 names no sector
    if _VAGUE_BODY_RE.match(body) or _NOT_DOMAIN_RE.search(body) or plain:
        return governments  # "市人民政府及其有关部门": the government alone
    out = governments  # "各级人民政府及其文物、教育等部门": the governments and their departments
    if governments and level in ("各级人民政府", "各级政府"):
        level = "各级"
    for lv in _split_levels(level):  # 本市各级行政机关 names no organ; 司法鉴定机构 in a list is an institution
        agencies = load_lexicon().agencies
        out += [lv + (b[1:] if b[1:] in agencies and b[0] == "各" else b) for b in _bodies(body)  # 各社会保险机构
                if b != "行政机关" and (lv or "机关" in b or not _PLAIN_BODY_RE.search(b) or re.sub(r"^各", "", b) in agencies)]
    return out
