"""What the demo year is made of: place and outlet names, the themes a county center
writes about (with the campaigns and columns they carry), and title templates."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from rongmei.core.models import Center
from rongmei.notices.models import NoticeCategory
from rongmei.training.models import TrainingKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华兰玉萍红鹏辉建文云飞海波宁琳晨阳浩雪梅婷雯睿"
)


PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁",
    "22": "吉林", "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽",
    "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏",
    "65": "新疆",
}  # fmt: skip


PROVINCIAL_APPS = {"云南": "云报客户端", "青海": "青海日报客户端"}


SUFFIXES = ("融媒体中心", "融媒体平台", "融媒体", "广播电视台")


def short_name(name: str) -> str:
    """The short place name of a center: "示范县融媒体中心" → "示范"."""
    name = name.strip()
    for suffix in SUFFIXES:
        name = name.removesuffix(suffix)
    stripped = re.sub(r"(自治县|自治旗|县|区|市|旗)$", "", name)
    return stripped if len(stripped) >= 2 else (name or "示范")


@dataclass(frozen=True)
class Names:
    county: str  # 示范
    county_full: str  # 示范县
    city: str  # 示范 (of 示范市)
    province: str  # 青海

    @classmethod
    def of(cls, center: Center) -> Names:
        county = short_name(center.name)
        base = center.name.strip()
        for suffix in SUFFIXES:
            base = base.removesuffix(suffix)
        county_full = base if base != county else f"{county}县"
        parent = center.parent
        city = short_name(parent.name) if parent is not None else county
        province = PROVINCES.get(center.code[:2], "本省")
        return cls(county=county, county_full=county_full, city=city, province=province)


TOWNS = [
    "城关镇", "太和街道", "新华镇", "河口镇", "青山乡", "东山乡", "永安镇", "石桥镇",
    "红星乡", "柳林镇", "金沙乡", "龙泉镇",
]  # fmt: skip


VILLAGES = ["太和社区", "东风村", "团结村", "富民村", "幸福村", "新村社区", "红旗村", "和平村"]


CROPS = ["核桃", "花椒", "烤烟", "蔬菜", "茶叶", "中药材", "葡萄", "小米辣", "蜂蜜", "牦牛肉"]


PROJECTS = [
    "县城污水处理厂提标改造项目", "工业园区标准化厂房项目", "县人民医院综合楼项目",
    "城南片区棚户区改造项目", "高原特色农产品加工园项目", "县第一中学扩建项目",
    "农村公路提质改造项目", "集中式光伏电站项目",
]  # fmt: skip


UNITS = ["县委组织部", "县融媒体中心", "县教育体育局", "县卫生健康局", "县公安局", "县交通运输局"]


DISEASES = ["高血压", "糖尿病", "结核病", "手足口病", "流感", "包虫病", "近视", "龋齿"]


JOBS = ["乡村医生", "驻村第一书记", "技术员", "乡村教师", "返乡创业青年", "社区网格员"]


CAMPAIGN_AIWEI = "爱卫创卫"


CAMPAIGN_PARTY_HISTORY = "党史学习教育"


CAMPAIGN_CENTENARY = "庆祝建党100周年"


CAMPAIGN_SESSIONS = "县两会"


COLUMN_SESSIONS = "两会直播间"


COLUMN_TALENT = "人才建功正当时"


def column_health(n: Names) -> str:
    return f"健康{n.county}"


def column_aiwei(n: Names) -> str:
    return f"人人参与爱国卫生专项行动 共建共享文明健康美丽{n.county}"


def column_party_history(n: Names) -> str:
    return "奋斗百年路 启航新征程——学党史悟思想办实事开新局"


def programme_news(n: Names) -> str:
    return f"{n.county}新闻"


@dataclass(frozen=True)
class Theme:
    key: str
    months: tuple[float, ...]  # weight in each month, January first
    campaigns: tuple[str, ...]
    column: Callable[[Names], str] | None
    column_share: float  # of the theme's publications on `column_on` channels
    titles: tuple[str, ...]
    column_on: tuple[str, ...] = ()  # channel keys (see `year.CHANNELS`)


THEMES = (
    Theme(
        "sessions",
        (10, 3, 1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2),
        (CAMPAIGN_SESSIONS,),
        lambda n: COLUMN_SESSIONS,
        0.3,
        (
            "{county_full}第十八届人民代表大会第六次会议隆重开幕",
            "政协{county_full}第十届委员会第五次会议胜利闭幕",
            "【两会直播间】代表委员热议政府工作报告",
            "【两会直播间】{name}代表：在{crop}产业发展上持续用力",
            "两会声音｜{town}代表委员聚焦乡村振兴建言献策",
            "两会特别报道｜一图读懂{county_full}政府工作报告",
            "县两会｜{project}写入政府工作报告",
        ),
        column_on=("app", "wechat"),
    ),
    Theme(
        "aiwei",
        (3, 3, 5, 6, 6, 6, 6, 6, 5, 4, 4, 3),
        (CAMPAIGN_AIWEI,),
        column_aiwei,
        0.35,
        (
            "爱国卫生“7个专项行动”｜{town}开展环境卫生集中整治",
            "创建国家卫生县城，{town}在行动",
            "{county_full}召开创建国家卫生县城工作推进会",
            "病媒生物防制｜{town}开展春季灭鼠灭蚊行动",
            "健康教育进{village}，文明健康理念入人心",
            "{unit}志愿者走上街头清除“牛皮癣”",
            "农贸市场提升改造让{town}群众“菜篮子”更干净",
            "曝光台｜{village}背街小巷垃圾乱堆乱放现象已整改",
            "创卫进行时｜{town}“门前三包”责任落实到户",
        ),
        column_on=("website", "app"),
    ),
    Theme(
        "party_history",
        (0.5, 2, 5, 5, 5, 5, 6, 3, 3, 3, 3, 2),
        (CAMPAIGN_PARTY_HISTORY,),
        column_party_history,
        0.3,
        (
            "{unit}开展党史学习教育专题学习",
            "学党史 悟思想 办实事 开新局｜{unit}在行动",
            "“我为群众办实事”｜{unit}为{village}群众解难题",
            "读红色经典 讲红色故事｜{name}：传承红色基因",
            "{county_full}党史学习教育宣讲团走进{town}",
            "红色足迹｜寻访{town}革命遗址",
        ),
        column_on=("app", "website"),
    ),
    Theme(
        "centenary",
        (0, 0, 0, 0, 1, 5, 8, 0.5, 0, 0, 0, 0),
        (CAMPAIGN_CENTENARY, CAMPAIGN_PARTY_HISTORY),
        column_party_history,
        0.2,
        (
            "{county_full}举行庆祝中国共产党成立100周年文艺晚会",
            "{county_full}干部群众收听收看庆祝中国共产党成立100周年大会",
            "百年风华｜{town}老党员{name}的初心故事",
            "光荣在党50年｜为老党员颁发纪念章",
            "红色基因光耀{county}——循着红色足迹迈出铿锵步伐",
        ),
        column_on=("app", "website"),
    ),
    Theme(
        "rural",
        (2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3),
        (),
        None,
        0,
        (
            "{town}：{crop}产业助力乡村振兴",
            "乡村振兴看{county}｜{village}的美丽蝶变",
            "{town}巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
            "{crop}种植示范基地带动{village}群众增收",
            "{county_full}高标准农田建设稳步推进",
        ),
    ),
    Theme(
        "projects",
        (1, 2, 4, 4, 4, 3, 3, 3, 3, 4, 4, 2),
        (),
        None,
        0,
        (
            "{county_full}1+3+1+N重点项目现场观摩会召开",
            "{project}建设加速推进",
            "重点项目巡礼｜{project}",
            "抢抓晴好天气 {project}施工正酣",
            "{county_full}召开重点项目建设推进会",
        ),
    ),
    Theme(
        "epidemic",
        (4, 4, 3, 3, 3, 3, 3, 4, 3, 3, 4, 4),
        (),
        None,
        0,
        (
            "{county_full}新冠病毒疫苗接种工作有序推进",
            "疫情防控不松懈｜{town}加强返乡人员排查",
            "{county_full}疾控中心提醒：做好个人防护",
            "{village}开展疫情防控应急演练",
        ),
    ),
    Theme(
        "produce",
        (1, 1, 1, 1, 1, 2, 2, 4, 4, 4, 4, 2),
        (),
        None,
        0,
        (
            "{town}{crop}喜获丰收",
            "{crop}上市｜{county}好物等你来",
            "电商直播带货 {crop}走出大山",
            "{county_full}举办农民丰收节 {crop}成“香饽饽”",
        ),
    ),
    Theme(
        "talent",
        (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        (),
        lambda n: COLUMN_TALENT,
        0.35,
        (
            "【人才建功正当时】{name}：扎根基层的{job}",
            "【人才建功正当时】{job}{name}的坚守",
        ),
        column_on=("app", "wechat"),
    ),
    Theme(
        "health",
        (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        (CAMPAIGN_AIWEI,),
        None,  # 《健康XX》 is counted in its programme's episodes
        0,
        (
            "【健康{county}】{disease}防治知识知多少",
            "【健康{county}】专家教你科学预防{disease}",
            "健康教育｜{disease}早发现早治疗",
        ),
        column_on=(),
    ),
    Theme(
        "livelihood",
        (4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4),
        (),
        None,
        0,
        (
            "{town}便民服务中心“一站式”服务暖民心",
            "{county_full}城乡居民医保开始缴费",
            "{county_full}2021年普通高考平稳有序",
            "{unit}开展安全生产大检查",
            "{town}：小网格撑起基层治理“大平台”",
            "{county_full}冬季供暖工作准备就绪",
        ),
    ),
)


def fill(template: str, rng: random.Random, names: Names) -> str:
    return template.format(
        county=names.county,
        county_full=names.county_full,
        town=rng.choice(TOWNS),
        village=rng.choice(VILLAGES),
        crop=rng.choice(CROPS),
        project=rng.choice(PROJECTS),
        unit=rng.choice(UNITS),
        disease=rng.choice(DISEASES),
        job=rng.choice(JOBS),
        name=person(rng),
    )


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def pick_theme(rng: random.Random, month: int) -> Theme:
    return rng.choices(THEMES, weights=[t.months[month - 1] for t in THEMES])[0]


LIVE_EVENTS = (
    # month, day, title, campaign, viewers (thousands)
    (1, 19, "{county_full}第十八届人民代表大会第六次会议开幕式", CAMPAIGN_SESSIONS, (20, 40)),
    (5, 28, "{county_full}幼儿园“快乐童年 童心向党”庆六一文艺表演", None, (10, 25)),
    (5, 31, "{county_full}第二小学“红领巾心向党”庆六一文艺汇演", None, (15, 30)),
    (6, 25, "{county_full}“迎七一”红歌合唱比赛", CAMPAIGN_PARTY_HISTORY, (20, 45)),
    (6, 29, "{county_full}庆祝中国共产党成立100周年文艺晚会", CAMPAIGN_CENTENARY, (50, 90)),
    (9, 10, "{county_full}第七中学首届班主任节", None, (8, 20)),
)


EXTRA_LIVE = (
    "{town}农民丰收节",
    "{county_full}乡村振兴产品推介会",
    "{county_full}重点项目集中开工仪式",
    "{town}“我们的节日”文艺展演",
)


SPECIAL_FILMS = (
    ("魅力{county}——{county_full}创建国家卫生县城纪实", CAMPAIGN_AIWEI),
    ("红色基因光耀{county}——{county}循着红色足迹迈出铿锵步伐书写百年华章", CAMPAIGN_CENTENARY),
    ("{county_full}推进爱国卫生“7个专项”行动暨国家卫生县城创建工作曝光片", CAMPAIGN_AIWEI),
    ("百年初心 {county}答卷", CAMPAIGN_PARTY_HISTORY),
    ("{county_full}2021年重点项目巡礼", None),
    ("乡村振兴看{county}", None),
    ("{county_full}政府工作报告解读", CAMPAIGN_SESSIONS),
    ("初心如磐——{county_full}老党员口述实录", CAMPAIGN_PARTY_HISTORY),
)


PSA_TOPICS = (
    "勤洗手 讲卫生",
    "文明用餐 使用公筷",
    "控烟限酒 健康生活",
    "垃圾分类 从我做起",
    "科学防控病媒生物",
    "接种疫苗 共筑免疫屏障",
    "合理膳食 适量运动",
    "爱护环境 拒绝乱扔",
)


MICRO_VIDEO_TOPICS = (
    "{town}环境卫生大变样",
    "创卫路上的“城市美容师”",
    "{village}的清晨",
    "{unit}志愿者在行动",
    "一分钟看{town}创卫成效",
    "“7个专项行动”之{topic}",
)


SPECIAL_ACTIONS = (
    "城乡环境卫生整洁行动",
    "农贸市场环境卫生整治",
    "病媒生物防制",
    "饮用水安全保障",
    "公共场所控烟",
    "健康教育普及",
    "医疗卫生服务提升",
)


PARTY_LECTURES = (
    "书记讲党课：学党史 悟思想",
    "专题党课：百年党史中的初心使命",
    "党课：弘扬伟大建党精神",
    "党课：以党建引领融媒体改革",
    "党课：深入学习党的十九届六中全会精神",
    "党课：践行新时代新闻工作者使命",
)
HISTORY_THEME_DAYS = (
    "党史学习教育主题党日：重温入党誓词",
    "党史学习教育主题党日：参观红色教育基地",
    "“读红色经典 讲红色故事”主题党日",
    "“我为群众办实事”主题党日",
)

TALKS = (
    "新任中层干部任前廉政谈话",
    "节前廉洁提醒谈话",
    "一把手与班子成员廉政谈话",
    "班子成员与分管部门负责人廉政谈话",
    "新入职人员廉政谈话",
    "采编人员职业道德提醒谈话",
)


PROBLEMS = (
    "值班记录填写不规范，已督促整改",
    "公务用车登记不完整，已建立台账整改",
    "个别职工上班迟到早退，已约谈并整改",
)


TRAINING = (
    ("全媒体采编业务培训", TrainingKind.COURSE, (25, 40), 16),
    ("短视频策划与拍摄剪辑培训", TrainingKind.COURSE, (20, 30), 12),
    ("新闻写作与标题制作专题培训", TrainingKind.COURSE, (25, 40), 8),
    ("安全播出与应急广播业务培训", TrainingKind.COURSE, (10, 18), 8),
    ("意识形态与网络安全专题讲座", TrainingKind.COURSE, (40, 60), 4),
    ("新闻职业道德与“四力”教育实践培训", TrainingKind.COURSE, (30, 50), 6),
    ("参加省级县级融媒体中心业务骨干培训班", TrainingKind.COURSE, (3, 6), 40),
    ("参加市融媒体平台技术运维培训", TrainingKind.COURSE, (4, 8), 24),
    ("职工技能大练兵暨全媒体技能比武", TrainingKind.CONTEST, (40, 60), 8),
    ("赴先进县融媒体中心考察学习", TrainingKind.EXCHANGE, (6, 10), 16),
)


EXPOSURES = (
    "{town}{street}垃圾乱堆乱放",
    "{street}沿街商户占道经营",
    "{village}背街小巷污水横流",
    "{street}机动车乱停乱放",
    "{town}农贸市场卫生脏乱差",
    "{street}小广告乱贴乱画",
    "{village}河道漂浮垃圾未清理",
    "{street}建筑工地渣土车未覆盖",
    "{town}公厕保洁不到位",
    "{street}行人闯红灯、翻越护栏",
)


STREETS = ["人民路", "解放路", "建设路", "文化街", "滨河路", "新华街", "团结路", "振兴大道"]


NOTICES = (
    (NoticeCategory.POWER, 0.35, "关于{town}部分区域计划停电的通知", (1, 2)),
    (NoticeCategory.WATER, 0.2, "关于县城{street}片区临时停水的通知", (1, 2)),
    (NoticeCategory.TRAFFIC, 0.2, "关于{street}道路施工实行交通管制的通告", (3, 15)),
    (NoticeCategory.AGRICULTURE, 0.15, "{town}{crop}上市，欢迎选购", (7, 30)),
    (NoticeCategory.WEATHER, 0.1, "{county_full}气象台发布{weather}预警", (1, 3)),
)


WEATHER = ("暴雨蓝色", "大风蓝色", "寒潮黄色", "道路结冰黄色", "冰雹橙色", "高温黄色", "大雪蓝色")
